import "server-only";
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { base64url } from "jose";
import type { ComponentEntry } from "@/lib/components";
import { typeDef, type ApplyDefaults } from "@/lib/secrets/types";
import { unretired, type Hs256Stored, type SigningType } from "@/lib/secrets/types/signing";
import { verify } from "./jose-ops";
import type { AuthorizeReason, AuthorizeResultView } from "./public";
import type { AuthorizeRequestInput, ValidateHmacInput } from "./schemas";

/*
 * Inbound checks: may a request that reached the tenant's endpoint in, judged by a stored
 * credential (docs/architecture.md › Signing keys). Every comparison of a presented secret
 * is constant-time: both sides are hashed to 32 bytes first, so `timingSafeEqual` always
 * compares equal-length buffers and the time says nothing about length or content.
 */

/** Constant-time equality of two byte strings of any length. */
export function safeEqual(a: Buffer | string, b: Buffer | string): boolean {
  const h = (x: Buffer | string) => createHash("sha256").update(x).digest();
  return timingSafeEqual(h(a), h(b));
}

/** The types `authorize-request` judges. */
export const AUTHORIZE_TYPES = ["SIMPLE", "API_KEY", "HS256", "RS256"] as const;
/** The types whose material `validate-hmac` uses as the HMAC key. */
export const HMAC_TYPES = ["API_KEY", "HS256"] as const;

const deny = (reason: AuthorizeReason): AuthorizeResultView => ({ allowed: false, reason });

/** One header, case-insensitively; the first value of a repeated one. */
function headerOf(headers: AuthorizeRequestInput["headers"], name: string): string | undefined {
  const lower = name.toLowerCase();
  const found = Object.entries(headers).find(([k]) => k.toLowerCase() === lower)?.[1];
  return Array.isArray(found) ? found[0] : found;
}

/** `Authorization: <scheme> <credentials>`: the credentials when the scheme matches (case-insensitively). */
function credentials(headers: AuthorizeRequestInput["headers"], scheme: string): string | AuthorizeReason {
  const auth = headerOf(headers, "authorization")?.trim();
  if (!auth) return "missing_credentials";
  const space = auth.indexOf(" ");
  if (space < 0 || auth.slice(0, space).toLowerCase() !== scheme.toLowerCase()) return "wrong_scheme";
  return auth.slice(space + 1).trim();
}

function cookiesOf(headers: AuthorizeRequestInput["headers"]): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (headerOf(headers, "cookie") ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && !out.has(part.slice(0, eq).trim())) out.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return out;
}

/** Basic credentials against a SIMPLE secret's `username:passphrase`, compared as bytes. */
function checkBasic(value: Record<string, unknown>, input: AuthorizeRequestInput): AuthorizeResultView {
  if (input.requiredScope) return deny("scope_not_supported");
  const presented = credentials(input.headers, "Basic");
  if (presented === "missing_credentials" || presented === "wrong_scheme") return deny(presented);
  const decoded = Buffer.from(presented, "base64");
  const expected = Buffer.from(`${String(value.username)}:${String(value.passphrase)}`);
  return safeEqual(decoded, expected) ? { allowed: true, reason: "ok" } : deny("invalid_credentials");
}

/**
 * An API key where the secret says it goes (its type's request rendering, with the
 * component's `apply` defaults): a header, a query parameter or a cookie, prefix included.
 */
function checkApiKey(
  value: Record<string, unknown>,
  input: AuthorizeRequestInput,
  entry?: ComponentEntry,
): AuthorizeResultView {
  if (input.requiredScope) return deny("scope_not_supported");
  const defaults = (entry?.apply as Record<string, ApplyDefaults | undefined> | undefined)?.API_KEY;
  const rendered = typeDef("API_KEY").apply!(value as never, defaults);
  const [where, name, expected] =
    (Object.entries(rendered.headers).map(([k, v]) => ["header", k, v]) as string[][])[0] ??
    (Object.entries(rendered.query).map(([k, v]) => ["query", k, v]) as string[][])[0] ??
    (Object.entries(rendered.cookies).map(([k, v]) => ["cookie", k, v]) as string[][])[0] ??
    [];
  if (!where) return deny("invalid_credentials");
  const presented =
    where === "header"
      ? headerOf(input.headers, name)
      : where === "query"
        ? input.query?.[name]
        : cookiesOf(input.headers).get(name);
  if (presented === undefined || presented === "") return deny("missing_credentials");
  return safeEqual(presented, expected) ? { allowed: true, reason: "ok" } : deny("invalid_credentials");
}

/** The scopes a token grants: `scope` (space-separated) and `scp` (an array, or a string). */
function grantedScopes(claims: Record<string, unknown>): Set<string> {
  const out = new Set<string>();
  const add = (v: unknown) => {
    if (typeof v === "string")
      v.split(/\s+/)
        .filter(Boolean)
        .forEach((s) => out.add(s));
    else if (Array.isArray(v)) v.filter((s): s is string => typeof s === "string").forEach((s) => out.add(s));
  };
  add(claims.scope);
  add(claims.scp);
  return out;
}

/** A Bearer JWT signed by the key: signature (allowlist fixed to the key's alg), `exp` required, `nbf`, then scopes. */
async function checkBearer(type: SigningType, stored: unknown, input: AuthorizeRequestInput) {
  const token = credentials(input.headers, "Bearer");
  if (token === "missing_credentials" || token === "wrong_scheme") return deny(token);
  const r = await verify(type, stored as never, token, {
    requiredClaims: ["exp"],
    audience: input.audience,
    issuer: input.issuer,
  });
  if (!r.valid) return deny(r.reason === "expired" || r.reason === "not_yet_valid" ? r.reason : "invalid_token");
  const claims = typeof r.payload === "object" ? r.payload : null;
  // A plain JWS (no claims) has no exp, so it never gets here; this is the type's guard.
  if (!claims) return deny("invalid_token");
  if (input.requiredScope) {
    const granted = grantedScopes(claims);
    if (!input.requiredScope.split(/\s+/).every((s) => granted.has(s))) return deny("insufficient_scope");
  }
  return { allowed: true, reason: "ok", claims } satisfies AuthorizeResultView;
}

/**
 * Whether an incoming request carries what the stored credential accepts: Basic
 * credentials (SIMPLE), the API key in its place (API_KEY), or a Bearer JWT this key signed
 * that is in date and has every `requiredScope` (HS256, RS256). Basic and API keys carry no
 * scope, so a `requiredScope` with them is `scope_not_supported`, never silently ignored.
 */
export async function authorizeRequest(opts: {
  type: (typeof AUTHORIZE_TYPES)[number];
  value: Record<string, unknown>;
  entry?: ComponentEntry;
  input: AuthorizeRequestInput;
}): Promise<AuthorizeResultView> {
  switch (opts.type) {
    case "SIMPLE":
      return checkBasic(opts.value, opts.input);
    case "API_KEY":
      return checkApiKey(opts.value, opts.input, opts.entry);
    default:
      return checkBearer(opts.type, opts.value, opts.input);
  }
}

const DIGEST_BYTES = { sha256: 32, sha512: 64 } as const;

/** The signature's bytes: hex of the digest's length, else base64 or base64url; `sha256=` prefixes dropped. */
function signatureBytes(value: string, algo: ValidateHmacInput["hmacAlgo"]): Buffer | null {
  const v = value.trim().replace(new RegExp(`^${algo}=`, "i"), "");
  if (/^[0-9a-f]+$/i.test(v) && v.length === DIGEST_BYTES[algo] * 2) return Buffer.from(v, "hex");
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(v)) return null;
  return Buffer.from(v.replace(/-/g, "+").replace(/_/g, "/"), "base64");
}

/**
 * Open Integration Hub's webhook-signature check: the HMAC of the raw body under the
 * secret's key, compared in constant time with the presented one. The key is an API_KEY
 * secret's `key` (UTF-8, as OIH uses it) or an HS256 secret's bytes, current or not yet retired.
 */
export function validateHmac(opts: {
  type: (typeof HMAC_TYPES)[number];
  value: Record<string, unknown>;
  input: ValidateHmacInput;
  now?: Date;
}): boolean {
  const { hmacAlgo, hmacValue, rawBody } = opts.input;
  const body = typeof rawBody === "string" ? Buffer.from(rawBody, "utf8") : Buffer.from(rawBody.data);
  const presented = signatureBytes(hmacValue, hmacAlgo);
  const keys: Buffer[] =
    opts.type === "API_KEY"
      ? [Buffer.from(String(opts.value.key), "utf8")]
      : (() => {
          const v = opts.value as Hs256Stored;
          return [v, ...unretired(v.previous, opts.now ?? new Date())].map((k) =>
            Buffer.from(base64url.decode(k.secret)),
          );
        })();
  let ok = false;
  for (const key of keys) {
    const expected = createHmac(hmacAlgo, key).update(body).digest();
    // Every key is tried, so the time does not tell which one matched. Equal lengths: the digest's.
    if (presented && presented.length === expected.length && timingSafeEqual(presented, expected)) ok = true;
  }
  return ok;
}
