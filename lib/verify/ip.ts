import "server-only";
import { isIPv6 } from "node:net";
import { domainToASCII } from "node:url";
import { BlockedError } from "./errors";

/** A host after normalisation: an IP literal (with its bytes) or a lower-case DNS name. */
export type NormalHost =
  { kind: "ip"; family: 4 | 6; address: string; bytes: Uint8Array } | { kind: "name"; name: string };

/**
 * Parses IPv4 the way browsers (WHATWG URL) and inet_aton do, because that is how the
 * resolver will read it too: `2130706433`, `0x7f.1`, `0177.0.0.1` and `127.1` all mean
 * 127.0.0.1. Returns undefined for "not an IPv4 literal" and throws for a host that ends
 * in a number yet is not a valid address (`08.0.0.1`, `1.2.3.4.5`), as URL parsing does.
 */
function parseIPv4(host: string): Uint8Array | undefined {
  const parts = host.split(".");
  if (parts.length > 1 && parts.at(-1) === "") parts.pop();
  if (!/^(0x[0-9a-f]*|\d+)$/i.test(parts.at(-1) ?? "")) return undefined;
  const nums = parts.map((p) =>
    /^0x[0-9a-f]*$/i.test(p)
      ? parseInt(p.slice(2) || "0", 16)
      : /^0[0-7]+$/.test(p)
        ? parseInt(p, 8)
        : /^(0|[1-9]\d*)$/.test(p)
          ? Number(p)
          : NaN,
  );
  const last = nums.pop() as number;
  const lastMax = 256 ** (4 - nums.length);
  if (parts.length > 4 || nums.some((n) => !(n <= 255)) || !(last < lastMax)) {
    throw new BlockedError("malformed IPv4 address");
  }
  const value = nums.reduce((acc, n, i) => acc + n * 256 ** (3 - i), 0) + last;
  return Uint8Array.of(value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255);
}

/** Parses any textual IPv6 form (compressed, embedded dotted IPv4) into 16 bytes. */
function parseIPv6(text: string): Uint8Array {
  const [head, tail = ""] = text.split("::");
  const groups = (s: string) =>
    (s === "" ? [] : s.split(":")).flatMap((g) => {
      if (!g.includes(".")) return [parseInt(g, 16)];
      const v4 = g.split(".").map(Number);
      return [v4[0] * 256 + v4[1], v4[2] * 256 + v4[3]];
    });
  const h = groups(head);
  const t = groups(tail);
  const all = text.includes("::") ? [...h, ...Array(8 - h.length - t.length).fill(0), ...t] : h;
  return Uint8Array.from(all.flatMap((g: number) => [g >> 8, g & 255]));
}

/** Dotted-quad text for 4 bytes. */
function formatIPv4(b: Uint8Array): string {
  return Array.from(b).join(".");
}

/**
 * Normalises a host as typed by a user or found in a URL: trims brackets, a trailing dot
 * and an IPv6 zone, folds case and IDN, and turns every numeric form into a canonical
 * IP literal. Anything that is neither an IP nor a plausible DNS name is blocked here, so
 * odd characters never reach the resolver or the database drivers.
 */
export function normaliseHost(input: string): NormalHost {
  let host = input.trim().toLowerCase();
  if (host.startsWith("[") && host.endsWith("]")) host = host.slice(1, -1);
  const v6 = host.split("%")[0];
  if (isIPv6(v6)) {
    // The URL serialiser gives the canonical compressed form (`::ffff:7f00:1`).
    const address = new URL(`http://[${v6}]/`).hostname.slice(1, -1);
    return { kind: "ip", family: 6, address, bytes: parseIPv6(v6) };
  }
  const v4 = parseIPv4(host);
  if (v4) return { kind: "ip", family: 4, address: formatIPv4(v4), bytes: v4 };
  // Vet the raw text first: domainToASCII runs the URL host parser, which would quietly
  // turn `db/x` into `db` and `a%41` into `aa`.
  const raw = host.replace(/\.$/, "");
  const name = /^[\p{L}\p{M}\p{N}._-]+$/u.test(raw) ? domainToASCII(raw) : "";
  if (!/^(?=.{1,253}$)[a-z0-9_-]+(\.[a-z0-9_-]+)*$/.test(name)) {
    throw new BlockedError("malformed host name");
  }
  return { kind: "name", name };
}
