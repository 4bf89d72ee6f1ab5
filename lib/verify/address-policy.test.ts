import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { resetEnvCache } from "../env";
import { blockedReason, checkHost, type LookupAll } from "./address-policy";
import { BlockedError } from "./errors";
import { normaliseHost } from "./ip";

// Pure policy tests: IP literals and an injected resolver, so nothing touches the network.
const savedAllow = process.env.OUTBOUND_ALLOW_HOSTS;
const allow = (list: string) => {
  process.env.OUTBOUND_ALLOW_HOSTS = list;
  resetEnvCache();
};
beforeEach(() => allow(""));
afterAll(() => {
  if (savedAllow === undefined) delete process.env.OUTBOUND_ALLOW_HOSTS;
  else process.env.OUTBOUND_ALLOW_HOSTS = savedAllow;
  resetEnvCache();
});

const reason = (ip: string) => {
  const h = normaliseHost(ip);
  if (h.kind !== "ip") throw new Error(`${ip} is not an IP`);
  return blockedReason(h.bytes);
};
const fakeDns =
  (...addresses: string[]): LookupAll =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
const noDns: LookupAll = async () => {
  throw new Error("resolver must not be called for an IP literal");
};

describe("normaliseHost", () => {
  it.each([
    ["2130706433", "127.0.0.1"],
    ["0x7f.1", "127.0.0.1"],
    ["0177.0.0.1", "127.0.0.1"],
    ["017700000001", "127.0.0.1"],
    ["127.1", "127.0.0.1"],
    ["127.0.0.1.", "127.0.0.1"],
    ["10.1", "10.0.0.1"],
    ["[::1]", "::1"],
    ["[::ffff:127.0.0.1]", "::ffff:7f00:1"],
    ["FE80::1%eth0", "fe80::1"],
    ["Db.Example.COM.", "db.example.com"],
    ["bücher.de", "xn--bcher-kva.de"],
  ])("reads %s as %s", (input, expected) => {
    const h = normaliseHost(input);
    expect(h.kind === "ip" ? h.address : h.name).toBe(expected);
  });

  it.each(["08.0.0.1", "1.2.3.4.5", "256.0.0.1", "0x1.0x100.0.1", "a b", "db/x", "u@db", "a%41", ""])(
    "refuses the malformed host %j",
    (input) => expect(() => normaliseHost(input)).toThrow(BlockedError),
  );
});

describe("blockedReason", () => {
  it.each([
    "8.8.8.8",
    "1.1.1.1",
    "172.32.0.1",
    "100.128.0.1",
    "192.169.0.1",
    "2606:4700:4700::1111",
    "::ffff:8.8.8.8",
    "64:ff9b::808:808",
    "2002:808:808::1",
    "2001:0:4136:e378:8000:63bf:f7f7:f7f7",
  ])("lets public %s through", (ip) => expect(reason(ip)).toBeNull());

  it.each([
    ["172.31.255.255", "private"],
    ["100.127.255.255", "CGNAT"],
    ["198.18.0.1", "reserved"],
    ["240.0.0.1", "reserved"],
    ["203.0.113.9", "documentation"],
    ["::127.0.0.1", "reserved"],
    ["fec0::1", "reserved"],
    ["ff02::1", "multicast"],
    ["2001:db8::1", "documentation"],
    ["64:ff9b:1::808:808", "NAT64 local-use"],
    ["2002:c0a8:101::", "6to4 private"],
    ["2001:0:4136:e378:8000:63bf:f5ff:fffe", "Teredo client private"],
    ["::ffff:a9fe:a9fe", "IPv4-mapped link-local"],
  ])("blocks %s as %s", (ip, label) => expect(reason(ip)).toBe(label));
});

describe("checkHost", () => {
  it("pins the first resolved address when every address is public", async () => {
    const pin = await checkHost("API.example.com.", 443, { lookup: fakeDns("93.184.216.34", "2606:2800::1") });
    expect(pin).toEqual({ hostname: "api.example.com", address: "93.184.216.34", family: 4, port: 443 });
  });

  it("refuses a name if any one of its addresses is internal, without naming that address", async () => {
    const err = await checkHost("mixed.example.com", 80, { lookup: fakeDns("93.184.216.34", "10.0.0.7") }).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(BlockedError);
    expect(err.message).toContain("mixed.example.com resolves to a blocked address (private)");
    expect(err.message).not.toContain("10.0.0.7");
  });

  it("checks IP literals in any encoding without asking DNS", async () => {
    await expect(checkHost("0x7f.1", 5432, { lookup: noDns })).rejects.toThrow("127.0.0.1 is a blocked address");
    await expect(checkHost("[::ffff:10.0.0.1]", 5432, { lookup: noDns })).rejects.toThrow(BlockedError);
  });

  it("lets the allow-list open a name or an address, in any spelling, and nothing more", async () => {
    allow("internal.test, 127.1");
    const lookup = fakeDns("10.0.0.7");
    await expect(checkHost("internal.test", 80, { lookup })).resolves.toMatchObject({ address: "10.0.0.7" });
    await expect(checkHost("2130706433", 80, { lookup: noDns })).resolves.toMatchObject({ address: "127.0.0.1" });
    await expect(checkHost("other.test", 80, { lookup })).rejects.toThrow(BlockedError);
    await expect(checkHost("127.0.0.2", 80, { lookup: noDns })).rejects.toThrow(BlockedError);
  });

  it("refuses bad ports and names that resolve to nothing", async () => {
    await expect(checkHost("example.com", 0, { lookup: fakeDns("93.184.216.34") })).rejects.toThrow("invalid port");
    await expect(checkHost("example.com", 80, { lookup: fakeDns() })).rejects.toMatchObject({ code: "ENOTFOUND" });
  });
});
