import { randomBytes, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { aadFor, DecryptionError, envelopeKeyVersion, open, seal } from "./aead";

const key = randomBytes(32);
const tenant = randomUUID();
const row = randomUUID();
const aad = aadFor(tenant, row, "value");
const plaintext = '{"apiKey":"canary-7f3e"}';

// Flips one bit in the decoded bytes of part `i` (2 nonce, 3 ciphertext, 4 tag), re-encoding canonically.
function flip(envelope: string, i: number, byte = 0): string {
  const parts = envelope.split(".");
  const bytes = Buffer.from(parts[i], "base64url");
  bytes[byte] ^= 0x01;
  parts[i] = bytes.toString("base64url");
  return parts.join(".");
}

function expectDecryptionError(fn: () => unknown, reason?: string) {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(DecryptionError);
    if (reason) expect((err as DecryptionError).reason).toBe(reason);
    // The message must never echo secret material.
    expect((err as Error).message).not.toContain("canary");
    expect((err as Error).message).not.toContain(key.toString("base64"));
    return;
  }
  throw new Error("expected DecryptionError");
}

describe("seal/open", () => {
  it("round-trips strings, buffers, unicode and empty values", () => {
    for (const value of [plaintext, "ünïcødé ✓", "", randomBytes(1000)]) {
      const env = seal(key, 3, value, aad);
      expect(env).toMatch(/^ic1\.3\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]{22}$/);
      expect(envelopeKeyVersion(env)).toBe(3);
      expect(open(key, env, aad).equals(Buffer.isBuffer(value) ? value : Buffer.from(value))).toBe(true);
    }
  });

  it("does not contain the plaintext", () => {
    const env = seal(key, 1, plaintext, aad);
    expect(env).not.toContain("canary");
    expect(Buffer.from(env.split(".")[3], "base64url").toString()).not.toContain("canary");
  });

  it("rejects a flipped bit in nonce, ciphertext or tag", () => {
    const env = seal(key, 1, plaintext, aad);
    for (const part of [2, 3, 4]) {
      for (const byte of [0, 5, 11]) expectDecryptionError(() => open(key, flip(env, part, byte), aad), "auth_failed");
    }
  });

  it("rejects an envelope relabelled with another key version", () => {
    const env = seal(key, 1, plaintext, aad);
    expectDecryptionError(() => open(key, env.replace(/^ic1\.1\./, "ic1.2."), aad), "auth_failed");
  });

  it("rejects a value moved to another row, tenant or field", () => {
    const env = seal(key, 1, plaintext, aad);
    expectDecryptionError(() => open(key, env, aadFor(tenant, randomUUID(), "value")));
    expectDecryptionError(() => open(key, env, aadFor(randomUUID(), row, "value")));
    expectDecryptionError(() => open(key, env, aadFor(tenant, row, "clientSecret")));
  });

  it("rejects the wrong key", () => {
    const env = seal(key, 1, plaintext, aad);
    expectDecryptionError(() => open(randomBytes(32), env, aad), "auth_failed");
    expectDecryptionError(() => open(randomBytes(16), env, aad), "auth_failed");
  });

  it("rejects malformed envelopes, including truncated tags and odd encodings", () => {
    const env = seal(key, 1, plaintext, aad);
    const [, , nonce, body, tag] = env.split(".");
    const bad = [
      "",
      "garbage",
      env.replace(/^ic1/, "ic2"),
      env.replace(/^ic1\.1/, "ic1.0"),
      env.replace(/^ic1\.1/, "ic1.x"),
      `ic1.1.${nonce}.${body}.${tag.slice(0, 11)}`,
      `ic1.1.${nonce}.${body}`,
      `ic1.1.${nonce.slice(1)}.${body}.${tag}`,
      `ic1.1.${nonce}.${body}=.${tag}`,
      `${env}.extra`,
      ` ${env}`,
    ];
    for (const e of bad) expectDecryptionError(() => open(key, e, aad), "malformed");
    expectDecryptionError(() => envelopeKeyVersion("ic1.1.short"), "malformed");
  });

  it("uses a distinct nonce for each of 10,000 encryptions", () => {
    const nonces = new Set<string>();
    for (let i = 0; i < 10_000; i++) nonces.add(seal(key, 1, "same value", aad).split(".")[2]);
    expect(nonces.size).toBe(10_000);
  });

  it("refuses bad keys and versions when sealing", () => {
    expect(() => seal(randomBytes(16), 1, plaintext, aad)).toThrow(RangeError);
    expect(() => seal(key, 0, plaintext, aad)).toThrow(RangeError);
    expect(() => seal(key, 1.5, plaintext, aad)).toThrow(RangeError);
  });
});

describe("aadFor", () => {
  it("keeps parts unambiguous", () => {
    expect(aadFor("a|b", "c", "d")).not.toBe(aadFor("a", "b|c", "d"));
    expect(aadFor("a", "b", "c")).not.toBe(aadFor("a", "c", "b"));
  });
});
