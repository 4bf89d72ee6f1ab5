import "server-only";
import { allowInsecureRequests, customFetch } from "oauth4webapi";
import { env } from "../env";
import { normaliseHost } from "../verify/ip";
import { safeFetch, type SafeFetchOptions } from "../verify/http-client";
import { TimeoutError } from "../verify/errors";

/**
 * oauth4webapi does its own HTTP through a fetch-shaped hook. Every OAuth call (token,
 * userinfo, revocation) goes through this adapter instead, so the SSRF policy, IP pinning,
 * no-redirects, the deadline and the size cap of lib/verify/http-client.ts apply to them
 * exactly as to dry runs (docs/architecture.md › Security model).
 */

/** Limits for one OAuth request; the timeout must stay shorter than a refresh lease. */
export interface OAuthHttpOptions {
  /** Deadline for the whole exchange (DNS, connect, headers, body). Default 10 s. */
  timeoutMs?: number;
  /** Response size cap. Default 256 KiB: token and userinfo answers are small. */
  maxBytes?: number;
  /** Test hook: replaces the resolver (see SafeFetchOptions.lookup). */
  lookup?: SafeFetchOptions["lookup"];
}

type FetchInit = {
  body?: unknown;
  headers?: Record<string, string>;
  method?: string;
  signal?: AbortSignal;
};

/** Statuses a Response may not carry a body for (the constructor throws otherwise). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

function bodyOf(body: unknown): string | Buffer | Uint8Array | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === "string" || body instanceof Uint8Array) return body;
  if (body instanceof URLSearchParams) return body.toString();
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  // oauth4webapi only sends form bodies, strings or bytes; a stream would bypass the cap.
  throw new TypeError("unsupported request body for an OAuth request");
}

function toResponse(res: Awaited<ReturnType<typeof safeFetch>>, url: string): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(res.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) {
      try {
        headers.append(name, v);
      } catch {
        // A header the Fetch API refuses (bad characters) is dropped, not fatal.
      }
    }
  }
  const status = res.status >= 200 && res.status <= 599 ? res.status : 502;
  const response = new Response(NULL_BODY.has(status) ? null : new Uint8Array(res.body), { status, headers });
  // oauth4webapi reads `url` in some error messages; a constructed Response has none.
  Object.defineProperty(response, "url", { value: url });
  return response;
}

/**
 * A fetch-compatible function backed by safeFetch, for oauth4webapi's `[customFetch]`.
 * Honours `opts.timeoutMs` and, on top of it, an AbortSignal oauth4webapi passes along.
 * Throws the errors of safeFetch (BlockedError, TimeoutError, ResponseTooLargeError, or a
 * network error); their messages never carry a token, a query string or a body.
 */
export function oauthFetch(opts: OAuthHttpOptions = {}) {
  const { timeoutMs = 10_000, maxBytes = 256 * 1024, lookup } = opts;
  return async (url: string, init: FetchInit = {}): Promise<Response> => {
    const request = safeFetch(
      url,
      { method: init.method ?? "GET", headers: init.headers, body: bodyOf(init.body) },
      { timeoutMs, maxBytes, lookup },
    );
    const signal = init.signal;
    if (!signal) return toResponse(await request, url);
    if (signal.aborted) throw signal.reason ?? new TimeoutError(timeoutMs);
    request.catch(() => {});
    const aborted = new Promise<never>((_, reject) =>
      signal.addEventListener("abort", () => reject(signal.reason ?? new TimeoutError(timeoutMs)), { once: true }),
    );
    return toResponse(await Promise.race([request, aborted]), url);
  };
}

/**
 * True when every URL is https, or is http to a host named in OUTBOUND_ALLOW_HOSTS (local
 * development and tests). oauth4webapi refuses plain http unless told otherwise, and that
 * permission must never reach a real provider.
 */
export function insecureAllowed(...urls: (string | undefined | null)[]): boolean {
  const allow = new Set(
    env()
      .OUTBOUND_ALLOW_HOSTS.split(",")
      .map((s) => s.trim())
      .filter(Boolean)
      .map((h) => {
        const n = normaliseHost(h);
        return n.kind === "ip" ? n.address : n.name;
      }),
  );
  return urls.every((u) => {
    if (!u) return true;
    const url = new URL(u);
    if (url.protocol === "https:") return true;
    const n = normaliseHost(url.hostname);
    return allow.has(n.kind === "ip" ? n.address : n.name);
  });
}

/**
 * The HTTP options to spread into any oauth4webapi call: the SSRF-safe fetch, and plain
 * http permitted only for allowlisted hosts among `urls` (the endpoints this call may hit).
 */
export function oauthHttpOptions(urls: (string | undefined | null)[], opts: OAuthHttpOptions = {}) {
  return {
    [customFetch]: oauthFetch(opts),
    [allowInsecureRequests]: insecureAllowed(...urls),
  } as const;
}
