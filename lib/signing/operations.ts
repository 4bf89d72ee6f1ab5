import "server-only";
import type { Db } from "@/db/client";
import { ApiError, notFound } from "@/lib/api/errors";
import type { AuditContext } from "@/lib/audit";
import { env } from "@/lib/env";
import type { SecretScope } from "@/lib/secrets/scope";
import { parseSigningValue, SIGNING_TYPES, type Rs256Stored } from "@/lib/secrets/types/signing";
import { storedComponent } from "@/lib/secrets/verify";
import { AUTHORIZE_TYPES, authorizeRequest, HMAC_TYPES, validateHmac } from "./inbound";
import { decrypt, encrypt, jwksOf, sign, verify, verifyOptions } from "./jose-ops";
import { loadForUse, loadMeta, loadPublished } from "./load";
import type { SecretJwksView, TryItResult, VerifyResultView } from "./public";
import type { AuthorizeRequestInput, SignInput, ValidateHmacInput, VerifyInput } from "./schemas";

/*
 * The signing-key routes' work, one function per route: load the secret in the caller's
 * scope (404 outside it, 400 for a type the operation does not take), run the operation,
 * answer its public shape. Handlers stay thin (docs/architecture.md › Signing keys).
 */

type Target = { scope: SecretScope; id: string };

/** `POST …/jws/sign`: the current key signs; audited as a use of the key. */
export async function signWithSecret(db: Db, opts: Target & { input: SignInput; audit: AuditContext }) {
  const { row, value } = await loadForUse(db, { ...opts, types: SIGNING_TYPES, operation: "jws/sign" });
  return { jws: await sign(row.type, parseSigningValue(row.type, value), opts.input) };
}

/** `POST …/jws/verify`: `{valid, payload, header}` or `{valid: false, reason}`; a check, not audited. */
export async function verifyWithSecret(db: Db, opts: Target & { input: VerifyInput }): Promise<VerifyResultView> {
  const { row, value } = await loadForUse(db, { ...opts, types: SIGNING_TYPES, operation: "jws/verify" });
  return verify(row.type, parseSigningValue(row.type, value), opts.input.jws, verifyOptions(opts.input));
}

/** `POST …/jwe/encrypt`: needs only the public key, so it is not audited. */
export async function encryptWithSecret(db: Db, opts: Target & { plaintext: string }) {
  const { value } = await loadForUse(db, { ...opts, types: ["RS256"], operation: "jwe/encrypt" });
  return { jwe: await encrypt(parseSigningValue("RS256", value), opts.plaintext) };
}

/** `POST …/jwe/decrypt`: the private key at work for the caller; audited. */
export async function decryptWithSecret(db: Db, opts: Target & { jwe: string; audit: AuditContext }) {
  const { value } = await loadForUse(db, { ...opts, types: ["RS256"], operation: "jwe/decrypt" });
  return decrypt(parseSigningValue("RS256", value), opts.jwe);
}

/** The URL that serves a key's JWK set without auth, once `publishJwks` is set. */
export const publicJwksUrl = (id: string) => `${env().PUBLIC_URL}/api/v1/jwks/${id}`;

/** `GET …/jwks`: from the public mask, without decrypting anything. */
export async function secretJwks(db: Db, opts: Target): Promise<SecretJwksView> {
  const row = await loadMeta(db, opts.scope, opts.id);
  if (row.type !== "RS256") {
    throw new ApiError("bad_request", `Only an RS256 key has a public key set; this is ${row.type}`);
  }
  const { keys } = await jwksOf(row.maskedValue as Rs256Stored);
  return { keys, publishJwks: row.publishJwks, jwksUrl: row.publishJwks ? publicJwksUrl(row.id) : null };
}

/** `GET /api/v1/jwks/{secretId}`: the bare set of a published key; 404 for anything else. */
export async function publishedJwks(db: Db, id: string) {
  const row = await loadPublished(db, id);
  if (!row) throw notFound("JWK set");
  return jwksOf(row.maskedValue as Rs256Stored);
}

/** `POST …/authorize-request`: answers once per request the tenant's endpoint receives, so it is not audited. */
export async function authorizeWithSecret(db: Db, opts: Target & { input: AuthorizeRequestInput }) {
  const { row, value } = await loadForUse(db, { ...opts, types: AUTHORIZE_TYPES, operation: "authorize-request" });
  const { entry } = storedComponent(row);
  const checked = row.type === "HS256" || row.type === "RS256" ? parseSigningValue(row.type, value) : value;
  return authorizeRequest({ type: row.type, value: checked, entry, input: opts.input });
}

/** `POST …/validate-hmac`: true or false, as Open Integration Hub's webhooks service expects. */
export async function validateHmacWithSecret(db: Db, opts: Target & { input: ValidateHmacInput }) {
  const { row, value } = await loadForUse(db, { ...opts, types: HMAC_TYPES, operation: "validate-hmac" });
  const checked = row.type === "HS256" ? parseSigningValue("HS256", value) : value;
  return validateHmac({ type: row.type, value: checked, input: opts.input });
}

/** The audience of the dashboard's sample token, which no service of the tenant should accept. */
export const TRY_IT_AUDIENCE = "urn:integration-center:try-it";

/**
 * The dashboard's Try it: signs the fixed sample `{"sample": true}` (audience
 * TRY_IT_AUDIENCE, 60 s) with the current key and verifies it. The member never chooses
 * the payload, so this shows that the key works without minting a token worth having.
 */
export async function trySigningKey(db: Db, opts: Target & { audit: AuditContext }): Promise<TryItResult> {
  const { row, value } = await loadForUse(db, { ...opts, types: SIGNING_TYPES, operation: "try-it" });
  const stored = parseSigningValue(row.type, value);
  const jws = await sign(row.type, stored, { payload: { sample: true }, audience: TRY_IT_AUDIENCE, expiresIn: 60 });
  return { jws, ...(await verify(row.type, stored, jws, { audience: TRY_IT_AUDIENCE })) };
}
