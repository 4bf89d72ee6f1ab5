import "server-only";
import { BlockedError, ResponseTooLargeError, TimeoutError } from "./errors";

/** Coarse outcome of a dry run or database check, stable enough for the UI and the API. */
export type VerifyClass =
  | "ok"
  | "auth_failed"
  | "forbidden"
  | "not_found"
  | "rate_limited"
  | "server_error"
  | "timeout"
  | "network"
  | "blocked";

/**
 * The result of checking one credential. It never carries a response body or a driver
 * message (either may echo the credential); `code` is a machine code such as
 * `ECONNREFUSED`, `28P01` or `ER_ACCESS_DENIED_ERROR`.
 */
export interface VerifyResult {
  ok: boolean;
  class: VerifyClass;
  status?: number;
  code?: string;
  durationMs: number;
}

/**
 * Maps an HTTP status to a class.
 * - 2xx is ok, or, when `success` is given, exactly the statuses it lists are ok.
 * - 401 auth_failed, 403 forbidden, 404/410 not_found, 429 rate_limited, 408 timeout,
 *   5xx server_error.
 * - Any other 4xx (400, 405, 422, …) is auth_failed: the provider refused the request made
 *   with this credential, and many report a bad key that way (Google answers 400 "API key
 *   not valid"). The exact status stays in the result for the UI.
 * - 1xx, 3xx and 2xx outside a custom success set are server_error: the provider did not
 *   answer the dry run the way the catalogue expects (a 302 usually means a moved endpoint
 *   or a login page), so the credential is not proven either way.
 */
export function classifyStatus(status: number, success?: readonly number[]): VerifyClass {
  if (success ? success.includes(status) : status >= 200 && status < 300) return "ok";
  if (status === 401) return "auth_failed";
  if (status === 403) return "forbidden";
  if (status === 404 || status === 410) return "not_found";
  if (status === 408) return "timeout";
  if (status === 429) return "rate_limited";
  if (status >= 400 && status < 500) return "auth_failed";
  return "server_error";
}

const TIMEOUT_CODES = new Set([
  "ETIMEDOUT",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "CONNECT_TIMEOUT", // postgres.js
  "PROTOCOL_SEQUENCE_TIMEOUT", // mysql2
]);

/** The first `code` found on an error or its `cause` chain (undici and fetch wrap). */
export function errorCode(err: unknown): string | undefined {
  for (let e = err, depth = 0; e && typeof e === "object" && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" || typeof code === "number") return String(code);
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Maps a thrown error to a class. Policy refusals are `blocked`, deadlines `timeout`,
 * an oversized response `server_error`; everything else (refused, reset, unreachable,
 * DNS failure, TLS failure) is `network`, since no answer from the provider was read.
 */
export function classifyError(err: unknown): VerifyClass {
  if (err instanceof BlockedError) return "blocked";
  if (err instanceof TimeoutError) return "timeout";
  if (err instanceof ResponseTooLargeError) return "server_error";
  const code = errorCode(err);
  if (code && TIMEOUT_CODES.has(code)) return "timeout";
  return "network";
}

/** Builds the result for a response that arrived. */
export function resultFromStatus(status: number, durationMs: number, success?: readonly number[]): VerifyResult {
  const cls = classifyStatus(status, success);
  return { ok: cls === "ok", class: cls, status, durationMs };
}

/** Builds the result for a request that failed; only the error's code is kept. */
export function resultFromError(err: unknown, durationMs: number, cls = classifyError(err)): VerifyResult {
  const code = errorCode(err);
  return { ok: false, class: cls, ...(code ? { code } : {}), durationMs };
}
