import { z } from "zod";

// Public shapes of the signing-key answers (docs/architecture.md › Signing keys). Strict, so a
// private member (`d`, `p`, `q`, …) or a stored field can never pass a response check.

/** One public RSA key as a JWK (RFC 7517): only the public members, with its `kid`. */
export const publicJwkSchema = z
  .strictObject({
    kty: z.literal("RSA"),
    n: z.string(),
    e: z.string(),
    kid: z.string(),
    alg: z.literal("RS256"),
    use: z.literal("sig"),
  })
  .meta({ id: "PublicJwk" });
export type PublicJwk = z.output<typeof publicJwkSchema>;

/** A JWK Set, bare: `GET /api/v1/jwks/{secretId}` answers it as the standard says, not in `data`. */
export const jwkSetSchema = z.strictObject({ keys: z.array(publicJwkSchema) }).meta({ id: "JwkSet" });

/** `GET /secrets/{id}/jwks`: the set, and whether (and where) it is published without auth. */
export const secretJwksSchema = z
  .strictObject({
    keys: z.array(publicJwkSchema),
    publishJwks: z.boolean(),
    jwksUrl: z.string().nullable().describe("The public JWKS URL when publishJwks is true"),
  })
  .meta({ id: "SecretJwks" });
export type SecretJwksView = z.output<typeof secretJwksSchema>;

export const signResultSchema = z.strictObject({ jws: z.string() }).meta({ id: "SignResult" });

/** Why a token did not verify. */
export const verifyReasons = [
  "malformed",
  "alg_not_allowed",
  "unknown_kid",
  "bad_signature",
  "expired",
  "not_yet_valid",
  "missing_exp",
  "claim_mismatch",
] as const;
export type VerifyReason = (typeof verifyReasons)[number];

export const verifyResultSchema = z
  .strictObject({
    valid: z.boolean(),
    payload: z.union([z.record(z.string(), z.unknown()), z.string()]).optional(),
    header: z.record(z.string(), z.unknown()).optional(),
    reason: z.enum(verifyReasons).optional(),
    claim: z.string().optional().describe("With claim_mismatch: the claim that did not match (aud, iss, sub, …)"),
  })
  .meta({ id: "JwsVerifyResult" });
export type VerifyResultView = z.output<typeof verifyResultSchema>;

export const encryptResultSchema = z.strictObject({ jwe: z.string() }).meta({ id: "JweEncryptResult" });
export const decryptResultSchema = z
  .strictObject({ plaintext: z.string(), header: z.record(z.string(), z.unknown()) })
  .meta({ id: "JweDecryptResult" });

/** Why an inbound request was or was not allowed. */
export const authorizeReasons = [
  "ok",
  "missing_credentials",
  "wrong_scheme",
  "invalid_credentials",
  "invalid_token",
  "expired",
  "not_yet_valid",
  "insufficient_scope",
  "scope_not_supported",
] as const;
export type AuthorizeReason = (typeof authorizeReasons)[number];

export const authorizeResultSchema = z
  .strictObject({
    allowed: z.boolean(),
    reason: z.enum(authorizeReasons),
    claims: z
      .record(z.string(), z.unknown())
      .optional()
      .describe("For an allowed Bearer JWT: its verified claims, so the endpoint knows who called"),
  })
  .meta({ id: "AuthorizeResult" });
export type AuthorizeResultView = z.output<typeof authorizeResultSchema>;

/** The dashboard's Try it: the sample token, and what verifying it found. */
export type TryItResult = VerifyResultView & { jws: string };
