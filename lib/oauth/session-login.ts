import "server-only";
import { safeFetch } from "@/lib/verify/http-client";
import { BlockedError, ResponseTooLargeError, TimeoutError } from "@/lib/verify/errors";
import { fillFields, omitted, type SessionRecipe } from "./session-recipe";

/*
 * The session-auth login (docs/architecture.md › Session auth and client credentials): one
 * request built from the recipe and the end user's own input fields, through the SSRF-safe
 * client, with a small response cap. Of the answer only the token and the expiry are kept;
 * the body is never logged, stored or returned.
 */

/** A login answer larger than this is refused: a token and an expiry fit in far less. */
export const LOGIN_MAX_BYTES = 64 * 1024;
const MAX_TOKEN_LENGTH = 8192;

/** What one login came to. `rejected` means the credentials were refused (re-enter them). */
export type LoginOutcome =
  | { kind: "ok"; accessToken: string; expires: string | null; status: number; durationMs: number }
  | { kind: "rejected"; status: number; durationMs: number }
  | { kind: "failed"; reason: LoginFailure; status?: number; durationMs: number };

/** Why a login did not give a token, when it was not a refusal of the credentials. */
export type LoginFailure =
  | "server_error"
  | "rate_limited"
  | "timeout"
  | "network"
  | "blocked"
  | "redirect"
  | "too_large"
  | "not_json"
  | "no_token"
  | "bad_token";

export type LoginRequestParts = { url: string; method: string; headers: Record<string, string>; body?: string };

/**
 * The login request for `inputFields`: request fields filled from them only, then carried as
 * `authType` says (Basic auth, a JSON body, a urlencoded body or the query string). A request
 * field that refers only to empty input fields is left out.
 */
export function buildLoginRequest(recipe: SessionRecipe, inputFields: Readonly<Record<string, string>>) {
  const auth = recipe.endpoints.auth;
  const fields = Object.fromEntries(
    Object.entries(auth.requestFields)
      .filter(([, template]) => !omitted(template, inputFields))
      .map(([key, template]) => [key, fillFields(template, inputFields)]),
  );
  const headers: Record<string, string> = { accept: "application/json" };
  const out: LoginRequestParts = { url: auth.url, method: auth.method, headers };
  switch (auth.authType) {
    case "HEADER_AUTH": {
      // RFC 7617: the user-id cannot contain a colon; what follows the first one is the password.
      const credentials = `${fields.username ?? ""}:${fields.password ?? ""}`;
      headers.authorization = `Basic ${Buffer.from(credentials, "utf8").toString("base64")}`;
      break;
    }
    case "BODY_AUTH":
      headers["content-type"] = "application/json";
      out.body = JSON.stringify(fields);
      break;
    case "FORM_AUTH":
      headers["content-type"] = "application/x-www-form-urlencoded";
      out.body = new URLSearchParams(fields).toString();
      break;
    case "PARAMS_AUTH": {
      const url = new URL(auth.url);
      for (const [k, v] of Object.entries(fields)) url.searchParams.set(k, v);
      out.url = url.toString();
      break;
    }
  }
  return out;
}

/** The value at a dot path, walking own properties only (never the prototype chain). */
export function readAnswerPath(json: unknown, path: string): unknown {
  let node = json;
  for (const key of path.split(".")) {
    if (node === null || typeof node !== "object" || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

const MAX_DATE = 8.64e15;

/**
 * When a token expires, as ISO-8601, from the answer's expiry value: a number (or numeric
 * string) of seconds from now, or a date — an ISO-8601 or RFC 1123 string, or a number so
 * large it can only be epoch seconds (≥ 10⁹, 2001 on) or milliseconds (≥ 10¹²). With no
 * usable value, `expiresIn` seconds from now; null when neither says (unknown).
 */
export function expiryFrom(raw: unknown, expiresIn: number | null | undefined, now = Date.now()): string | null {
  const at = (ms: number) => (Number.isFinite(ms) && Math.abs(ms) < MAX_DATE ? new Date(ms).toISOString() : null);
  const numeric =
    typeof raw === "number" ? raw : typeof raw === "string" && /^\s*\d+(\.\d+)?\s*$/.test(raw) ? Number(raw) : NaN;
  if (Number.isFinite(numeric) && numeric > 0) {
    if (numeric >= 1e12) return at(numeric);
    if (numeric >= 1e9) return at(numeric * 1000);
    return at(now + Math.floor(numeric) * 1000);
  }
  if (typeof raw === "string" && raw.trim() !== "" && Number.isNaN(numeric)) {
    const parsed = Date.parse(raw);
    if (!Number.isNaN(parsed)) return at(parsed);
  }
  return expiresIn ? at(now + expiresIn * 1000) : null;
}

const failure = (err: unknown): LoginFailure =>
  err instanceof TimeoutError
    ? "timeout"
    : err instanceof BlockedError
      ? "blocked"
      : err instanceof ResponseTooLargeError
        ? "too_large"
        : "network";

/**
 * Runs the login once and classifies it: a token (with its expiry), a refusal of the
 * credentials (a 4xx other than 408, 425 and 429), or a failure worth retrying later (a 5xx,
 * 408/425/429, a timeout, a network error, a blocked address, a redirect, an answer that is
 * too large, not JSON, or has no usable token at `tokenPath`).
 */
export async function runLogin(
  recipe: SessionRecipe,
  inputFields: Readonly<Record<string, string>>,
  opts: { timeoutMs: number },
): Promise<LoginOutcome> {
  const req = buildLoginRequest(recipe, inputFields);
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let res: Awaited<ReturnType<typeof safeFetch>>;
  try {
    res = await safeFetch(
      req.url,
      { method: req.method, headers: req.headers, body: req.body },
      { timeoutMs: opts.timeoutMs, maxBytes: LOGIN_MAX_BYTES },
    );
  } catch (err) {
    return { kind: "failed", reason: failure(err), durationMs: elapsed() };
  }
  const { status, durationMs } = res;
  if (status === 429 || status === 425) return { kind: "failed", reason: "rate_limited", status, durationMs };
  if (status === 408) return { kind: "failed", reason: "timeout", status, durationMs };
  if (status >= 400 && status < 500) return { kind: "rejected", status, durationMs };
  if (status >= 300 && status < 400) return { kind: "failed", reason: "redirect", status, durationMs };
  if (status < 200 || status >= 300) return { kind: "failed", reason: "server_error", status, durationMs };
  let json: unknown;
  try {
    json = JSON.parse(res.body.toString("utf8"));
  } catch {
    return { kind: "failed", reason: "not_json", status, durationMs };
  }
  const raw = readAnswerPath(json, recipe.tokenPath);
  const token = typeof raw === "number" && Number.isFinite(raw) ? String(raw) : raw;
  if (token === undefined || token === null || token === "") {
    return { kind: "failed", reason: "no_token", status, durationMs };
  }
  // The token goes into a header on every request: a string, bounded, without CR, LF or NUL.
  if (typeof token !== "string" || token.length > MAX_TOKEN_LENGTH || /[\r\n\0]/.test(token)) {
    return { kind: "failed", reason: "bad_token", status, durationMs };
  }
  const expiry = recipe.expirationPath ? readAnswerPath(json, recipe.expirationPath) : undefined;
  return { kind: "ok", accessToken: token, expires: expiryFrom(expiry, recipe.expiresIn), status, durationMs };
}

/** What each failure means, for a status detail or a verification message (never the answer itself). */
export const LOGIN_FAILURES: Record<LoginFailure, string> = {
  server_error: "the login endpoint answered with a server error",
  rate_limited: "the login endpoint is rate limiting",
  timeout: "the login endpoint did not answer in time",
  network: "the login endpoint could not be reached",
  blocked: "the login URL is not an allowed address",
  redirect: "the login endpoint answered with a redirect",
  too_large: "the login answer was too large",
  not_json: "the login answer was not JSON",
  no_token: "the login answer has no token at the recipe's tokenPath",
  bad_token: "the token in the login answer is not a usable string",
};
