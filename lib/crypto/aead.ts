import "server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/**
 * AES-256-GCM envelopes: `ic1.<keyVersion>.<nonce>.<ciphertext>.<tag>` (base64url parts).
 * The format tag and key version travel with the value so a reader knows which key to use,
 * and both are authenticated together with the caller's associated data.
 */
export const ENVELOPE_FORMAT = "ic1";

const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
// Exact part lengths and canonical base64url only: one value has exactly one encoding.
const ENVELOPE_RE = /^ic1\.([1-9][0-9]{0,8})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]*)\.([A-Za-z0-9_-]{22})$/;

export type DecryptionFailure = "malformed" | "auth_failed" | "unknown_key";

/**
 * Any failure to decrypt. The message names the kind of failure only: never key material,
 * ciphertext or plaintext, so it is safe to log.
 */
export class DecryptionError extends Error {
  readonly reason: DecryptionFailure;
  constructor(reason: DecryptionFailure) {
    const text = {
      malformed: "malformed envelope",
      auth_failed: "authentication failed",
      unknown_key: "unknown key version",
    };
    super(`Decryption failed (${text[reason]})`);
    this.name = "DecryptionError";
    this.reason = reason;
  }
}

/**
 * Associated data binding a value to its tenant, row and field, so a ciphertext copied to
 * another row, tenant or column fails to decrypt. JSON keeps the parts unambiguous.
 */
export function aadFor(tenantId: string, rowId: string, field: string): string {
  return JSON.stringify(["field", tenantId, rowId, field]);
}

// The header is authenticated too, so relabelling an envelope's version cannot go unnoticed.
function gcmAad(keyVersion: number, aad: string): Buffer {
  return Buffer.from(`${ENVELOPE_FORMAT}.${keyVersion}.${aad}`, "utf8");
}

/** Encrypts `plaintext` under `key` (32 bytes) with a fresh random 96-bit nonce. */
export function seal(key: Buffer, keyVersion: number, plaintext: string | Buffer, aad: string): string {
  if (key.length !== KEY_BYTES) throw new RangeError("AES-256-GCM key must be 32 bytes");
  if (!Number.isInteger(keyVersion) || keyVersion < 1 || keyVersion > 999_999_999) {
    throw new RangeError("Key version must be a positive integer");
  }
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(gcmAad(keyVersion, aad));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const parts = [nonce, body, cipher.getAuthTag()].map((b) => b.toString("base64url"));
  return [ENVELOPE_FORMAT, keyVersion, ...parts].join(".");
}

type Parsed = { keyVersion: number; nonce: Buffer; body: Buffer; tag: Buffer };

function parse(envelope: string): Parsed {
  const m = typeof envelope === "string" ? ENVELOPE_RE.exec(envelope) : null;
  if (!m) throw new DecryptionError("malformed");
  const [nonce, body, tag] = [m[2], m[3], m[4]].map((s) => {
    const b = Buffer.from(s, "base64url");
    if (b.toString("base64url") !== s) throw new DecryptionError("malformed");
    return b;
  });
  return { keyVersion: Number(m[1]), nonce, body, tag };
}

/** The data-key version an envelope was sealed with. Throws DecryptionError if malformed. */
export function envelopeKeyVersion(envelope: string): number {
  return parse(envelope).keyVersion;
}

/**
 * Decrypts and authenticates an envelope. Plaintext is returned only after the tag has
 * verified; every failure throws DecryptionError.
 */
export function open(key: Buffer, envelope: string, aad: string): Buffer {
  const { keyVersion, nonce, body, tag } = parse(envelope);
  if (key.length !== KEY_BYTES) throw new DecryptionError("auth_failed");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, nonce, { authTagLength: TAG_BYTES });
    decipher.setAAD(gcmAad(keyVersion, aad));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    // Node's message carries nothing secret, but one uniform error keeps callers simple.
    throw new DecryptionError("auth_failed");
  }
}
