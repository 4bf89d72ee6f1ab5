import "server-only";
import { normaliseHost } from "./ip";

type Range = [prefix: string, bits: number, label: string];

// Everything that is not ordinary public unicast. Order matters only for labels.
const V4_RANGES: Range[] = [
  ["0.0.0.0", 8, "unspecified"],
  ["10.0.0.0", 8, "private"],
  ["100.64.0.0", 10, "CGNAT"],
  ["127.0.0.0", 8, "loopback"],
  ["169.254.0.0", 16, "link-local"],
  ["172.16.0.0", 12, "private"],
  ["192.0.0.0", 24, "reserved"],
  ["192.0.2.0", 24, "documentation"],
  ["192.88.99.0", 24, "reserved"],
  ["192.168.0.0", 16, "private"],
  ["198.18.0.0", 15, "reserved"],
  ["198.51.100.0", 24, "documentation"],
  ["203.0.113.0", 24, "documentation"],
  ["224.0.0.0", 4, "multicast"],
  ["255.255.255.255", 32, "broadcast"],
  ["240.0.0.0", 4, "reserved"],
];
// IPv6 special ranges, checked before the rule that only 2000::/3 (global unicast) passes.
const V6_RANGES: Range[] = [
  ["64:ff9b:1::", 48, "NAT64 local-use"],
  ["2001:db8::", 32, "documentation"],
  ["3fff::", 20, "documentation"],
  ["2001::", 23, "reserved"],
];

const parsed = (ranges: Range[]) =>
  ranges.map(([p, bits, label]) => ({ bytes: (normaliseHost(p) as { bytes: Uint8Array }).bytes, bits, label }));
const v4Ranges = parsed(V4_RANGES);
const v6Ranges = parsed(V6_RANGES);

function inPrefix(b: Uint8Array, prefix: Uint8Array, bits: number): boolean {
  for (let i = 0; i < bits; i++) {
    const mask = 0x80 >> (i % 8);
    if ((b[i >> 3] & mask) !== (prefix[i >> 3] & mask)) return false;
  }
  return true;
}
const hasPrefix = (b: Uint8Array, hex: string, bits: number) =>
  inPrefix(b, (normaliseHost(hex) as { bytes: Uint8Array }).bytes, bits);

/**
 * Why an address must not be contacted, or null for ordinary public unicast. IPv6 forms
 * that carry an IPv4 address (mapped, NAT64, 6to4, Teredo) are judged by that address,
 * because that is where the packets end up. That matters for 64:ff9b::/96 in particular:
 * on a DNS64 network every IPv4 host has such an address, so it cannot be blocked whole.
 */
export function blockedReason(bytes: Uint8Array): string | null {
  if (bytes.length === 4) return v4Ranges.find((r) => inPrefix(bytes, r.bytes, r.bits))?.label ?? null;
  const embedded = (v4: Uint8Array, via: string) => {
    const reason = blockedReason(v4);
    return reason && `${via} ${reason}`;
  };
  if (hasPrefix(bytes, "::ffff:0:0", 96)) return embedded(bytes.slice(12), "IPv4-mapped");
  if (hasPrefix(bytes, "64:ff9b::", 96)) return embedded(bytes.slice(12), "NAT64");
  if (hasPrefix(bytes, "2002::", 16)) return embedded(bytes.slice(2, 6), "6to4");
  if (hasPrefix(bytes, "2001::", 32)) {
    const client = bytes.slice(12).map((x) => x ^ 0xff);
    return embedded(bytes.slice(4, 8), "Teredo server") ?? embedded(client, "Teredo client");
  }
  const special = v6Ranges.find((r) => inPrefix(bytes, r.bytes, r.bits));
  if (special) return special.label;
  if (hasPrefix(bytes, "2000::", 3)) return null;
  if (hasPrefix(bytes, "::1", 128)) return "loopback";
  if (hasPrefix(bytes, "::", 128)) return "unspecified";
  if (hasPrefix(bytes, "fc00::", 7)) return "unique-local";
  if (hasPrefix(bytes, "fe80::", 10)) return "link-local";
  if (hasPrefix(bytes, "ff00::", 8)) return "multicast";
  return "reserved";
}
