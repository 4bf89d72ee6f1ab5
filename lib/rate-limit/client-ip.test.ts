import { describe, expect, it } from "vitest";
import { clientIp } from "./client-ip";

const ip = (xff: string | null, hops = 0) =>
  clientIp(new Headers(xff === null ? {} : { "x-forwarded-for": xff }), hops);

describe("clientIp", () => {
  it.each([
    // [X-Forwarded-For, trusted hops, client]
    ["203.0.113.7", 0, "203.0.113.7"], // Next's own fill-in from the socket
    ["203.0.113.7", 1, "203.0.113.7"],
    ["6.6.6.6, 203.0.113.7", 1, "203.0.113.7"], // a forged entry before the proxy's is ignored
    ["6.6.6.6, 203.0.113.7, 10.0.0.2", 2, "203.0.113.7"], // two proxies: the outer one wrote the client
    ["203.0.113.7", 3, "203.0.113.7"], // fewer entries than hops: the leftmost is all there is
    ["203.0.113.7:51234", 1, "203.0.113.7"],
    ["[2001:db8:1:2::5]:443", 1, "2001:db8:1:2::/64"],
    ["::ffff:198.51.100.4", 1, "198.51.100.4"],
    ["2001:db8:1:2:aaaa:bbbb:cccc:dddd", 1, "2001:db8:1:2::/64"],
    ["2001:db8:1:2::1", 1, "2001:db8:1:2::/64"], // one /64, whatever the host part
    ["::1", 0, "0:0:0:0::/64"],
    ["not an address", 1, "invalid"],
    ["", 1, "unknown"],
  ] as const)("%s with %i trusted hops → %s", (xff, hops, expected) => {
    expect(ip(xff, hops)).toBe(expected);
  });

  it("answers unknown without the header", () => {
    expect(ip(null)).toBe("unknown");
  });
});
