import "server-only";
import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import {
  base64url,
  CompactEncrypt,
  CompactSign,
  compactDecrypt,
  compactVerify,
  decodeProtectedHeader,
  errors,
  exportJWK,
  jwtVerify,
  SignJWT,
  type JWTPayload,
  type JWTVerifyOptions,
  type ProtectedHeaderParameters,
} from "jose";
import { ApiError } from "@/lib/api/errors";
import {
  unretired,
  type Hs256Stored,
  type Rs256Stored,
  type SigningStored,
  type SigningType,
} from "@/lib/secrets/types/signing";
import type { PublicJwk, VerifyReason, VerifyResultView } from "./public";
import type { SignInput, VerifyInput } from "./schemas";

/*
 * Every JOSE operation on a stored key, with jose. The algorithm is fixed by the key's
 * type, never read from a token: `alg: none`, and an RS256 public key used as an HS256
 * secret, fail the allowlist before any key is touched (docs/architecture.md › Signing keys).
 */

/** The JWE algorithms RS256 keys take, and the only ones a decrypt accepts. */
export const JWE_ALG = "RSA-OAEP-256";
export const JWE_ENC = "A256GCM";

type Key = { kid: string; secret?: string; privateKey?: string; publicKey?: string };

/** The current key first, then earlier ones not yet retired. */
function activeKeys(stored: Hs256Stored | Rs256Stored, now: Date): Key[] {
  const { previous, ...current } = stored;
  return [current, ...unretired(previous as Key[] as Array<Key & { retiresAt: string }>, now)];
}

const hmacKey = (k: Key) => base64url.decode(k.secret!);
const privateKeyOf = (k: Key): KeyObject => createPrivateKey(k.privateKey!);
const publicKeyOf = (k: Key): KeyObject => createPublicKey(k.publicKey!);

/** Seconds since the epoch. */
const epoch = (d: Date) => Math.floor(d.getTime() / 1000);

/**
 * A compact JWS of `payload` made with the current key: a JWT (with `iat`, and `exp`,
 * `aud`, `iss`, `sub` when asked) for an object, a plain JWS for a string. `alg` and `kid`
 * come from the key; the caller's header adds the rest (the schema refuses reserved names).
 */
export async function sign<T extends SigningType>(
  type: T,
  stored: SigningStored[T],
  input: SignInput,
  now = new Date(),
): Promise<string> {
  const header = { ...input.header, alg: type, kid: stored.kid };
  const key = type === "HS256" ? hmacKey(stored) : privateKeyOf(stored);
  if (typeof input.payload === "string") {
    return new CompactSign(new TextEncoder().encode(input.payload)).setProtectedHeader(header).sign(key);
  }
  const jwt = new SignJWT(input.payload as JWTPayload).setProtectedHeader({ typ: "JWT", ...header });
  if (input.payload.iat === undefined) jwt.setIssuedAt(epoch(now));
  if (input.expiresIn !== undefined) jwt.setExpirationTime(epoch(now) + input.expiresIn);
  if (input.audience !== undefined) jwt.setAudience(input.audience);
  if (input.issuer !== undefined) jwt.setIssuer(input.issuer);
  if (input.subject !== undefined) jwt.setSubject(input.subject);
  return jwt.sign(key);
}

/** Why a token did not verify, in the API's words; anything else is not a token problem and is rethrown. */
function reasonOf(err: unknown): { reason: VerifyReason; claim?: string } {
  if (err instanceof errors.JWTExpired) return { reason: "expired" };
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === "nbf") return { reason: "not_yet_valid" };
    if (err.claim === "exp" && err.reason === "missing") return { reason: "missing_exp" };
    return { reason: "claim_mismatch", claim: err.claim };
  }
  if (err instanceof errors.JOSEAlgNotAllowed) return { reason: "alg_not_allowed" };
  if (err instanceof errors.JWSSignatureVerificationFailed) return { reason: "bad_signature" };
  if (err instanceof errors.JOSEError) return { reason: "malformed" };
  throw err;
}

/** The JSON object a compact JWS carries, or null when its payload is not one (a plain JWS). */
function jsonPayload(jws: string): Record<string, unknown> | null {
  try {
    const parsed: unknown = JSON.parse(new TextDecoder().decode(base64url.decode(jws.split(".")[1] ?? "")));
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export type VerifyOptions = Pick<JWTVerifyOptions, "audience" | "issuer" | "subject" | "requiredClaims"> & {
  clockTolerance?: number;
};

/**
 * Verifies a compact JWS or JWT against the key's active keys (the one its `kid` names, or
 * each in turn without one), with the algorithm allowlist fixed to the key's type. A JWT's
 * `exp` and `nbf` are checked, and `aud`, `iss`, `sub` when given. Never throws for a bad token.
 */
export async function verify<T extends SigningType>(
  type: T,
  stored: SigningStored[T],
  jws: string,
  opts: VerifyOptions = {},
  now = new Date(),
): Promise<VerifyResultView> {
  let header: ProtectedHeaderParameters;
  try {
    header = decodeProtectedHeader(jws);
  } catch {
    return { valid: false, reason: "malformed" };
  }
  // Before any key is chosen: `none`, and the other family's algorithm, never reach a key.
  if (header.alg !== type) return { valid: false, reason: "alg_not_allowed" };
  const keys = activeKeys(stored, now);
  const candidates = header.kid === undefined ? keys : keys.filter((k) => k.kid === header.kid);
  if (candidates.length === 0) return { valid: false, reason: "unknown_kid" };
  const claims = jsonPayload(jws);
  let failure: { reason: VerifyReason; claim?: string } = { reason: "bad_signature" };
  for (const k of candidates) {
    const key = type === "HS256" ? hmacKey(k) : publicKeyOf(k);
    try {
      if (claims) {
        const r = await jwtVerify(jws, key, { ...opts, algorithms: [type], currentDate: now });
        return { valid: true, payload: r.payload, header: r.protectedHeader };
      }
      const r = await compactVerify(jws, key, { algorithms: [type] });
      return { valid: true, payload: new TextDecoder().decode(r.payload), header: r.protectedHeader };
    } catch (err) {
      failure = reasonOf(err);
      // Only a signature failure may mean "another key": claims are checked after the signature passed.
      if (failure.reason !== "bad_signature") break;
    }
  }
  return { valid: false, ...failure };
}

/** A compact JWE (RSA-OAEP-256, A256GCM) of UTF-8 `plaintext` to the current public key. */
export async function encrypt(stored: Rs256Stored, plaintext: string): Promise<string> {
  return new CompactEncrypt(new TextEncoder().encode(plaintext))
    .setProtectedHeader({ alg: JWE_ALG, enc: JWE_ENC, kid: stored.kid })
    .encrypt(publicKeyOf(stored));
}

const notDecryptable = () => new ApiError("bad_request", "The JWE could not be decrypted with this key");

/**
 * Decrypts a compact JWE made for one of the key's active pairs, accepting RSA-OAEP-256 with
 * A256GCM only. Any failure (another key, tampering, other algorithms) is one `bad_request`,
 * so the answer says nothing about which part failed.
 */
export async function decrypt(stored: Rs256Stored, jwe: string, now = new Date()) {
  let header: ProtectedHeaderParameters;
  try {
    header = decodeProtectedHeader(jwe);
  } catch {
    throw notDecryptable();
  }
  const keys = activeKeys(stored, now);
  const candidates = header.kid === undefined ? keys : keys.filter((k) => k.kid === header.kid);
  for (const k of candidates) {
    try {
      const r = await compactDecrypt(jwe, privateKeyOf(k), {
        keyManagementAlgorithms: [JWE_ALG],
        contentEncryptionAlgorithms: [JWE_ENC],
      });
      return { plaintext: new TextDecoder().decode(r.plaintext), header: r.protectedHeader };
    } catch (err) {
      if (!(err instanceof errors.JOSEError)) throw err;
    }
  }
  throw notDecryptable();
}

/** The public JWK of one PEM public key, with only the public members and its `kid`. */
async function publicJwk(kid: string, publicKey: string): Promise<PublicJwk> {
  const { n, e } = await exportJWK(createPublicKey(publicKey));
  return { kty: "RSA", n: n!, e: e!, kid, alg: "RS256", use: "sig" };
}

/**
 * The JWK Set of an RS256 key from its public view (the stored mask): the current key and
 * earlier ones not yet retired, so tokens signed before a rotation keep verifying.
 */
export async function jwksOf(
  view: { kid: string; publicKey: string; previous?: Array<{ kid: string; publicKey: string; retiresAt: string }> },
  now = new Date(),
): Promise<{ keys: PublicJwk[] }> {
  const all = [{ kid: view.kid, publicKey: view.publicKey }, ...unretired(view.previous ?? [], now)];
  return { keys: await Promise.all(all.map((k) => publicJwk(k.kid, k.publicKey))) };
}

/** Verification options from a verify body. */
export const verifyOptions = (v: VerifyInput): VerifyOptions => ({
  audience: v.audience,
  issuer: v.issuer,
  subject: v.subject,
  clockTolerance: v.clockTolerance,
});
