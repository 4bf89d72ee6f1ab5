import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/*
 * Standard Webhooks signing (https://www.standardwebhooks.com): the secret is
 * `whsec_<base64 of the key bytes>`, and each request carries `webhook-id`,
 * `webhook-timestamp` (Unix seconds) and `webhook-signature: v1,<base64 HMAC-SHA256 of
 * "id.timestamp.body" under the key bytes>`. The receiver side (`verifySignature`) is here
 * too: the tests' receiver uses it, and the README shows the same few lines.
 */

export const SECRET_PREFIX = "whsec_";
const SECRET_BYTES = 32;
const SECRET_FORMAT = /^whsec_[A-Za-z0-9+/]{43}=$/;

/** A fresh signing secret: 256 random bits. */
export function generateSigningSecret(): string {
  return SECRET_PREFIX + randomBytes(SECRET_BYTES).toString("base64");
}

/** True for a secret this service made (`whsec_` and 32 bytes of base64). */
export const isSigningSecret = (s: string) => SECRET_FORMAT.test(s);

function keyOf(secret: string): Buffer {
  if (!secret.startsWith(SECRET_PREFIX)) throw new Error("A signing secret starts with whsec_");
  return Buffer.from(secret.slice(SECRET_PREFIX.length), "base64");
}

/** `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`. */
export function sign(opts: { secret: string; id: string; timestamp: number; body: string }): string {
  const mac = createHmac("sha256", keyOf(opts.secret)).update(`${opts.id}.${opts.timestamp}.${opts.body}`);
  return `v1,${mac.digest("base64")}`;
}

/**
 * The three headers of one attempt, signed at `now` (an attempt's own time, not the event's),
 * under each of `secrets` (the current one first; during a rotation's overlap also the one
 * before), space-separated as Standard Webhooks allows, so a receiver holding either verifies.
 */
export function signedHeaders(opts: {
  secrets: readonly string[];
  id: string;
  body: string;
  now?: Date;
}): Record<string, string> {
  const timestamp = Math.floor((opts.now ?? new Date()).getTime() / 1000);
  return {
    "webhook-id": opts.id,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": opts.secrets
      .map((secret) => sign({ secret, id: opts.id, timestamp, body: opts.body }))
      .join(" "),
  };
}

/**
 * The receiver's check: one of the space-separated `v1,` signatures matches, compared in
 * constant time, and the timestamp is within `toleranceSeconds` (default 5 minutes) of now,
 * so a captured request cannot be replayed later.
 */
export function verifySignature(opts: {
  secret: string;
  headers: { id?: string | null; timestamp?: string | null; signature?: string | null };
  body: string;
  toleranceSeconds?: number;
  now?: Date;
}): boolean {
  const { id, timestamp, signature } = opts.headers;
  if (!id || !timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return false;
  const nowSeconds = Math.floor((opts.now ?? new Date()).getTime() / 1000);
  if (Math.abs(nowSeconds - Number(timestamp)) > (opts.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(sign({ secret: opts.secret, id, timestamp: Number(timestamp), body: opts.body }));
  return signature.split(" ").some((candidate) => {
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
