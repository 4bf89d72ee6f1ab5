import "server-only";
import { hkdfSync } from "node:crypto";
import { errors, jwtVerify, SignJWT } from "jose";
import { env } from "@/lib/env";

const ISSUER = "integration-center";
const AUDIENCE = "ic:user";
const TYP = "ic-user+jwt";

let key: Uint8Array | undefined;
/** A signing key derived from AUTH_SECRET for this purpose only (HKDF domain separation). */
function signingKey(): Uint8Array {
  key ??= new Uint8Array(hkdfSync("sha256", env().AUTH_SECRET, "ic-user-token", "user-token-hs256", 32));
  return key;
}

export type UserTokenClaims = { endUserId: string; tenantId: string; username: string };

/** Signs a user token for an end user; `expiresIn` in seconds. */
export async function signUserToken(claims: UserTokenClaims, expiresIn: number) {
  const expiresAt = new Date(Date.now() + expiresIn * 1000);
  const token = await new SignJWT({ tid: claims.tenantId, usr: claims.username })
    .setProtectedHeader({ alg: "HS256", typ: TYP })
    .setSubject(claims.endUserId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(signingKey());
  return { token, expiresAt };
}

// Integration code sends the same token many times; a verified token's claims are kept
// until it expires, so the hot path skips the HMAC. Bounded; oldest entries go first.
const verified = new Map<string, { claims: UserTokenClaims; expMs: number }>();
const MAX_CACHED = 10_000;

/** Verifies signature, algorithm allowlist, audience, type and expiry. Null when invalid. */
export async function verifyUserToken(token: string): Promise<UserTokenClaims | null> {
  const hit = verified.get(token);
  if (hit) {
    if (hit.expMs > Date.now()) return hit.claims;
    verified.delete(token);
    return null;
  }
  const result = await verifyUncached(token);
  if (result) {
    if (verified.size >= MAX_CACHED) verified.delete(verified.keys().next().value!);
    verified.set(token, result);
  }
  return result?.claims ?? null;
}

async function verifyUncached(token: string): Promise<{ claims: UserTokenClaims; expMs: number } | null> {
  try {
    const { payload } = await jwtVerify(token, signingKey(), {
      algorithms: ["HS256"],
      issuer: ISSUER,
      audience: AUDIENCE,
      typ: TYP,
      requiredClaims: ["sub", "exp", "tid"],
    });
    if (typeof payload.tid !== "string" || typeof payload.usr !== "string") return null;
    return {
      claims: { endUserId: payload.sub!, tenantId: payload.tid, username: payload.usr },
      expMs: payload.exp! * 1000,
    };
  } catch (err) {
    if (err instanceof errors.JOSEError) return null;
    throw err;
  }
}
