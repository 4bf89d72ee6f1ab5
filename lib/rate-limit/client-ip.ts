import { isIP } from "node:net";

/**
 * The client address to rate-limit by, from `X-Forwarded-For`.
 *
 * A Next route handler sees no socket. Next's server (base-server.js) fills
 * `X-Forwarded-For` with the socket address only when the request has no such header, so
 * without a proxy a client can send its own and pick any address it likes. Behind
 * `trustedHops` reverse proxies that each append the address they received the request
 * from, the last `trustedHops` entries were written by our proxies, and the entry they
 * wrote first is the client: entry number `trustedHops` from the right. Entries further left
 * came from the client and are ignored.
 *
 * So the per-IP limits are only as strong as the deployment: exact behind correctly
 * counted proxies, spoofable when Next faces the internet directly. The per-account
 * limits (email, user, API key) do not depend on it.
 *
 * IPv6 addresses are limited per /64, the block one subscriber usually holds.
 */
export function clientIp(headers: Headers, trustedHops: number): string {
  const entries = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (entries.length === 0) return "unknown";
  const index = Math.max(0, entries.length - Math.max(1, trustedHops));
  return normalise(entries[index]);
}

function normalise(raw: string): string {
  const ip = stripPort(raw);
  const kind = isIP(ip);
  if (kind === 4) return ip;
  if (kind !== 6) return "invalid";
  const groups = expandIpv6(ip);
  // An IPv4-mapped address (::ffff:a.b.c.d) is the IPv4 client.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return [groups[6] >> 8, groups[6] & 255, groups[7] >> 8, groups[7] & 255].join(".");
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(":")}::/64`;
}

/** `[v6]:port` and `v4:port` (some proxies write them) to the bare address. */
function stripPort(s: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(s);
  if (bracketed) return bracketed[1];
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(s);
  return v4 ? v4[1] : s;
}

/** The eight 16-bit groups of a valid IPv6 address (`::` and a trailing IPv4 expanded). */
function expandIpv6(ip: string): number[] {
  let s = ip.split("%")[0];
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(s);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number);
    s = s.slice(0, v4.index) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = s.split("::");
  const left = head ? head.split(":") : [];
  const right = tail === undefined ? [] : tail ? tail.split(":") : [];
  const fill = tail === undefined ? [] : Array(8 - left.length - right.length).fill("0");
  return [...left, ...fill, ...right].map((g) => parseInt(g, 16));
}
