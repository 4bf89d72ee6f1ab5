import { z } from "zod";

/*
 * What HS256 and RS256 secrets store, and what of it may be shown. No node or database
 * imports: the dashboard form and the masks run these in the browser too. The key material
 * itself is made and checked server-side (lib/signing/keys.ts) before it is encrypted; the
 * create body (hs256.ts, rs256.ts) only says how to get it: `{generate: true}` or an import.
 */

/** The algorithms of the signing types, each named after its type. */
export const SIGNING_TYPES = ["HS256", "RS256"] as const;
export type SigningType = (typeof SIGNING_TYPES)[number];

/** True for HS256 and RS256 secrets, whose value is key material with a `kid`. */
export function isSigningType(type: string): type is SigningType {
  return (SIGNING_TYPES as readonly string[]).includes(type);
}

/** A masked field: never a hint of its tail, since the tail of a key is key material. */
export const KEY_MASK = "********";

const kid = z.string().min(1).max(200);
const retiresAt = z.iso.datetime({ offset: true });

/** One HS256 key: the secret as base64url (at least 32 bytes) and its key id. */
export const hs256KeySchema = z.object({ kid, secret: z.string().min(1) });
/** The stored HS256 value: the current key, and earlier ones still verifying until `retiresAt`. */
export const hs256StoredSchema = hs256KeySchema.extend({
  previous: z.array(hs256KeySchema.extend({ retiresAt })).default([]),
});
export type Hs256Stored = z.output<typeof hs256StoredSchema>;

/** One RS256 key pair: PKCS#8 and SPKI PEM, and its key id (the RFC 7638 thumbprint). */
export const rs256KeySchema = z.object({ kid, privateKey: z.string().min(1), publicKey: z.string().min(1) });
/** The stored RS256 value: the current pair, its size, and earlier pairs kept until `retiresAt`. */
export const rs256StoredSchema = rs256KeySchema.extend({
  modulusLength: z.int(),
  previous: z.array(rs256KeySchema.extend({ retiresAt })).default([]),
});
export type Rs256Stored = z.output<typeof rs256StoredSchema>;

export type SigningStored = { HS256: Hs256Stored; RS256: Rs256Stored };

/**
 * A stored signing value, checked. One that does not parse is our bug, not the caller's: a
 * plain Error (a logged 500) rather than a ZodError the API would answer as 400, and its
 * message names no value.
 */
export function parseSigningValue<T extends SigningType>(type: T, value: unknown): SigningStored[T] {
  const r = (type === "HS256" ? hs256StoredSchema : rs256StoredSchema).safeParse(value);
  if (!r.success) throw new Error(`A stored ${type} value does not match its schema`);
  return r.data as SigningStored[T];
}

/** Earlier keys whose retirement time has not come (all of them without `now`). */
export function unretired<K extends { retiresAt: string }>(previous: readonly K[], now?: Date): K[] {
  return now ? previous.filter((k) => new Date(k.retiresAt) > now) : [...previous];
}

/**
 * What may be shown of an HS256 value: key ids and retirement times, never a secret.
 * With `now`, retired keys are left out.
 */
export function hs256PublicView(v: Hs256Stored, now?: Date) {
  return { kid: v.kid, previous: unretired(v.previous, now).map((k) => ({ kid: k.kid, retiresAt: k.retiresAt })) };
}

/** What may be shown of an RS256 value: the public keys, key ids and size, never a private key. */
export function rs256PublicView(v: Rs256Stored, now?: Date) {
  return {
    kid: v.kid,
    publicKey: v.publicKey,
    modulusLength: v.modulusLength,
    previous: unretired(v.previous, now).map((k) => ({ kid: k.kid, publicKey: k.publicKey, retiresAt: k.retiresAt })),
  };
}

/**
 * The value a read answers for a key that is not exportable: its public part only. The
 * stored value is parsed first, so a field added later is left out rather than shown.
 */
export function signingPublicView(type: SigningType, value: unknown, now?: Date): Record<string, unknown> {
  return type === "HS256"
    ? hs256PublicView(parseSigningValue("HS256", value), now)
    : rs256PublicView(parseSigningValue("RS256", value), now);
}
