import "server-only";
import { isIP } from "node:net";
import type { Readable } from "node:stream";
import { buildConnector, Client, errors as undiciErrors } from "undici";
import { checkHost, connectHooks, type LookupAll, type PinnedHost } from "./address-policy";
import { BlockedError, ResponseTooLargeError, TimeoutError } from "./errors";

/** What a caller may send. Credentials go in headers; URLs with user:pass@ are refused. */
export interface SafeRequestInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer | Uint8Array;
}

/** Limits for one request. The timeout covers DNS, connect, headers and the whole body. */
export interface SafeFetchOptions {
  timeoutMs?: number;
  maxBytes?: number;
  /** Replaces the system resolver; tests use it to prove the connect is pinned. */
  lookup?: LookupAll;
}

/** A fully buffered response. 3xx responses are returned as they are, never followed. */
export interface SafeResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  durationMs: number;
}

export { connectHooks };

/**
 * A connector that ignores the hostname undici hands it and dials the checked IP, so no
 * second DNS lookup happens between the policy check and the connect (rebinding). SNI
 * and certificate checks still use the original name.
 */
function pinnedConnector(pin: PinnedHost, timeoutMs: number): buildConnector.connector {
  const base = buildConnector({ timeout: timeoutMs });
  return (opts, callback) => {
    connectHooks.count();
    const servername = isIP(pin.hostname) ? undefined : pin.hostname;
    base({ ...opts, hostname: pin.address, servername }, callback);
  };
}

/** Parses and vets the URL before anything touches DNS or the network. */
function parseTarget(url: string): URL {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new BlockedError("invalid URL");
  }
  if (target.protocol !== "http:" && target.protocol !== "https:") {
    throw new BlockedError(`scheme ${target.protocol} is not allowed`);
  }
  if (target.username || target.password) throw new BlockedError("credentials in the URL are not allowed");
  return target;
}

async function readCapped(body: Readable, maxBytes: number, declared: unknown): Promise<Buffer> {
  // Refuse early on an honest Content-Length; count bytes anyway for chunked or lying servers.
  if (Number(declared) > maxBytes) throw new ResponseTooLargeError(maxBytes);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body) {
    total += (chunk as Buffer).length;
    if (total > maxBytes) throw new ResponseTooLargeError(maxBytes);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

const TIMEOUT_CODES = new Set(["UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"]);

/**
 * The one way the service talks to third-party hosts (dry runs, token, revocation and
 * session-login endpoints). Only http(s); every resolved address is checked against the
 * address policy and the connection is pinned to the checked IP; redirects are never
 * followed; one deadline bounds the whole exchange and the body is capped.
 * Throws BlockedError, TimeoutError, ResponseTooLargeError or a network error.
 */
export async function safeFetch(
  url: string,
  init: SafeRequestInit = {},
  opts: SafeFetchOptions = {},
): Promise<SafeResponse> {
  const { timeoutMs = 10_000, maxBytes = 1024 * 1024 } = opts;
  const started = performance.now();
  const target = parseTarget(url);
  const port = Number(target.port) || (target.protocol === "https:" ? 443 : 80);
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new TimeoutError(timeoutMs)), timeoutMs);
  const expired = new Promise<never>((_, reject) =>
    deadline.signal.addEventListener("abort", () => reject(deadline.signal.reason), { once: true }),
  );
  expired.catch(() => {});
  let client: Client | undefined;
  try {
    const pin = await Promise.race([checkHost(target.hostname, port, { lookup: opts.lookup }), expired]);
    client = new Client(target.origin, {
      connect: pinnedConnector(pin, timeoutMs),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    const res = await client.request({
      path: target.pathname + target.search,
      method: (init.method ?? "GET").toUpperCase() as "GET",
      headers: init.headers,
      body: init.body,
      signal: deadline.signal,
    });
    const body = await readCapped(res.body, maxBytes, res.headers["content-length"]);
    return { status: res.statusCode, headers: res.headers, body, durationMs: Math.round(performance.now() - started) };
  } catch (err) {
    if (deadline.signal.aborted) throw deadline.signal.reason;
    if (err instanceof undiciErrors.UndiciError && TIMEOUT_CODES.has(err.code)) throw new TimeoutError(timeoutMs);
    throw err;
  } finally {
    clearTimeout(timer);
    // destroy, not close: a capped or timed-out body must not be drained first.
    void client?.destroy().catch(() => {});
  }
}
