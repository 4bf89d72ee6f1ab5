import "server-only";
import { lookup as dnsLookup } from "node:dns/promises";
import { connect, type Socket } from "node:net";
import { env } from "../env";
import { BlockedError } from "./errors";
import { normaliseHost, type NormalHost } from "./ip";
import { blockedReason } from "./ranges";

export { blockedReason };

/** The address a checked request must connect to, plus the name to use for SNI/Host. */
export interface PinnedHost {
  hostname: string;
  address: string;
  family: 4 | 6;
  port: number;
}

/** Resolves every address of a name (the shape of `dns.promises.lookup` with `all`). */
export type LookupAll = (host: string) => Promise<{ address: string; family: number }[]>;
const systemLookup: LookupAll = (host) => dnsLookup(host, { all: true, verbatim: true });

const keyOf = (h: NormalHost) => (h.kind === "ip" ? h.address : h.name);

/** OUTBOUND_ALLOW_HOSTS normalised like any host, so `127.1` in the list means 127.0.0.1. */
function allowList(): Set<string> {
  const entries = env()
    .OUTBOUND_ALLOW_HOSTS.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return new Set(entries.map((e) => keyOf(normaliseHost(e))));
}

/**
 * Resolves `hostname` (every address, not just the first) and throws BlockedError if
 * any of them is in a blocked range, unless the name or that address is listed in
 * OUTBOUND_ALLOW_HOSTS. Checking all records stops a name that mixes a public and a
 * private address from slipping through. Returns the address to connect to; callers must
 * connect to exactly that IP so DNS cannot change the answer in between (rebinding).
 * `lookup` is injectable so tests can fake DNS without touching the network.
 */
export async function checkHost(
  hostname: string,
  port: number,
  opts: { lookup?: LookupAll } = {},
): Promise<PinnedHost> {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new BlockedError("invalid port");
  const host = normaliseHost(hostname);
  const allow = allowList();
  const shown = keyOf(host);
  const found: NormalHost[] =
    host.kind === "ip" ? [host] : (await (opts.lookup ?? systemLookup)(host.name)).map((r) => normaliseHost(r.address));
  if (found.length === 0) throw Object.assign(new Error(`${shown} has no addresses`), { code: "ENOTFOUND" });
  for (const addr of found) {
    if (addr.kind !== "ip") throw new BlockedError(`${shown} resolved to a non-address`);
    const reason = blockedReason(addr.bytes);
    if (reason && !allow.has(shown) && !allow.has(addr.address)) {
      // The resolved IP itself stays out of the message: it would map internal DNS for users.
      const what = host.kind === "ip" ? "is a blocked address" : "resolves to a blocked address";
      throw new BlockedError(`${shown} ${what} (${reason})`);
    }
  }
  const first = found[0] as Extract<NormalHost, { kind: "ip" }>;
  return { hostname: shown, address: first.address, family: first.family, port };
}

let attempts = 0;

/**
 * Test hook: how many sockets were dialled through the policy (HTTP and databases), so
 * tests can prove a request was refused before any connect was even attempted.
 */
export const connectHooks = {
  attempts: (): number => attempts,
  reset: (): void => {
    attempts = 0;
  },
  /** Called by every pinned dialler right before it opens a socket. */
  count: (): void => {
    attempts++;
  },
};

/**
 * Opens a TCP socket to the pinned IP. `host` keeps the original name because postgres.js
 * reads it for TLS SNI and certificate checks.
 */
export function dialPinned(pin: PinnedHost): Socket {
  connectHooks.count();
  return Object.assign(connect({ host: pin.address, port: pin.port }), { host: pin.hostname });
}
