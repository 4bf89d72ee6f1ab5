import "server-only";
import { createPrivateKey, createPublicKey, randomBytes, type KeyObject } from "node:crypto";
import { calculateJwkThumbprint, exportJWK, exportPKCS8, exportSPKI, generateKeyPair } from "jose";
import { ApiError } from "@/lib/api/errors";
import { HS256_MIN_BYTES } from "@/lib/secrets/types/hs256";
import { jwkText, RSA_MAX_BITS, RSA_MIN_BITS } from "@/lib/secrets/types/rs256";
import {
  parseSigningValue,
  type Hs256Stored,
  type Rs256Stored,
  type SigningStored,
  type SigningType,
} from "@/lib/secrets/types/signing";

/*
 * Key material for HS256 and RS256 secrets, made or checked here before it is encrypted
 * (docs/architecture.md › Signing keys). The create body says how (`generate`, or an import);
 * what is stored is the key with its `kid`, plus earlier keys kept for verification.
 */

const invalid = (path: string, message: string) =>
  new ApiError("validation_failed", "The request is not valid", { issues: [{ path: `value.${path}`, message }] });

/** RSA generation runs on libuv's pool; a few at once per process, so a burst cannot starve DNS and file I/O. */
const MAX_GENERATIONS = 2;
let generating = 0;

async function generateRsa(modulusLength: number) {
  if (generating >= MAX_GENERATIONS) {
    throw new ApiError("rate_limited", "Too many keys are being generated; try again in a moment", {
      headers: { "Retry-After": "2" },
    });
  }
  generating++;
  try {
    const { privateKey, publicKey } = await generateKeyPair("RS256", { modulusLength, extractable: true });
    return { privateKey: await exportPKCS8(privateKey), publicKey: await exportSPKI(publicKey) };
  } finally {
    generating--;
  }
}

/** The RFC 7638 thumbprint of an RSA public key: the standard, stable `kid`. */
async function rsaKid(publicKey: KeyObject): Promise<string> {
  return calculateJwkThumbprint(await exportJWK(publicKey), "sha256");
}

/** The private key an import names, or a validation error saying plainly what is wrong with it. */
function parseRsaImport(privateKey: unknown, passphrase: string | undefined): KeyObject {
  const jwk = typeof privateKey === "string" ? jwkText(privateKey) : (privateKey as Record<string, unknown>);
  let key: KeyObject;
  try {
    key = jwk
      ? createPrivateKey({ key: jwk as never, format: "jwk" })
      : createPrivateKey({ key: privateKey as string, format: "pem", passphrase: passphrase || undefined });
  } catch (err) {
    // The library's message may quote the input; only its code is looked at.
    const code = (err as { code?: string }).code ?? "";
    if (!jwk && passphrase && /BAD_DECRYPT|DECRYPT/i.test(code + String((err as Error).message)))
      throw invalid("privateKey", "The passphrase does not decrypt this key");
    throw invalid("privateKey", "Not a valid RSA private key (PEM or JWK)");
  }
  if (key.asymmetricKeyType !== "rsa")
    throw invalid("privateKey", `Not an RSA key (this is a ${key.asymmetricKeyType ?? "different"} key)`);
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < RSA_MIN_BITS)
    throw invalid("privateKey", `The key has ${bits} bits; RS256 needs at least ${RSA_MIN_BITS}`);
  if (bits > RSA_MAX_BITS) throw invalid("privateKey", `The key has ${bits} bits; at most ${RSA_MAX_BITS} are taken`);
  const e = key.asymmetricKeyDetails?.publicExponent ?? BigInt(0);
  if (e < BigInt(3) || e % BigInt(2) === BigInt(0))
    throw invalid("privateKey", "The key's public exponent is not valid");
  return key;
}

/** A fresh HS256 key: 32 random bytes and a random `kid` (a thumbprint would be a hash of the secret). */
function hs256Key(secret?: string) {
  return {
    kid: randomBytes(12).toString("base64url"),
    secret: secret ?? randomBytes(HS256_MIN_BYTES).toString("base64url"),
  };
}

/** One new RS256 key pair, generated or imported, as PEM with its `kid`. */
async function rs256Key(input: Record<string, unknown>) {
  if (input.generate === true) {
    const modulusLength = typeof input.modulusLength === "number" ? input.modulusLength : 2048;
    const pair = await generateRsa(modulusLength);
    return { ...pair, kid: await rsaKid(createPublicKey(pair.publicKey)), modulusLength };
  }
  const key = parseRsaImport(input.privateKey, input.passphrase as string | undefined);
  const publicKey = createPublicKey(key);
  return {
    kid: await rsaKid(publicKey),
    privateKey: key.export({ format: "pem", type: "pkcs8" }) as string,
    publicKey: publicKey.export({ format: "pem", type: "spki" }) as string,
    modulusLength: key.asymmetricKeyDetails!.modulusLength!,
  };
}

/** Normalises an imported base64url secret: no padding, so one key is always spelt one way. */
const unpadded = (s: string) => s.trim().replace(/=+$/, "");

/**
 * The value to store for a create body that the type's schema has accepted: the key made
 * or imported, with its `kid` and no earlier keys. Throws `validation_failed` (paths under
 * `value.`) for an import the schema could not judge without crypto (bits, structure,
 * passphrase), and `rate_limited` when too many RSA keys are being generated at once.
 */
export async function materializeKey<T extends SigningType>(
  type: T,
  input: Record<string, unknown>,
): Promise<SigningStored[T]> {
  if (type === "HS256") {
    const key = hs256Key(input.generate === true ? undefined : unpadded(String(input.secret)));
    return parseSigningValue(type, { ...key, previous: [] });
  }
  return parseSigningValue(type, { ...(await rs256Key(input)), previous: [] });
}

/** At most this many earlier keys stay in a JWKS, so a rotation loop cannot grow it without end. */
export const MAX_PREVIOUS_KEYS = 3;

/**
 * The value after a rotation: a new current key (`input` as on create), the old one kept
 * until `now + graceSeconds` (dropped at once for 0) next to earlier ones not yet retired,
 * newest first and at most MAX_PREVIOUS_KEYS.
 */
export async function rotatedValue<T extends SigningType>(
  type: T,
  stored: SigningStored[T],
  input: Record<string, unknown>,
  opts: { graceSeconds: number; now: Date },
): Promise<SigningStored[T]> {
  const next = await materializeKey(type, input);
  const retiresAt = new Date(opts.now.getTime() + opts.graceSeconds * 1000).toISOString();
  const { previous, ...current } = stored as Hs256Stored | Rs256Stored;
  const oldKey =
    type === "HS256"
      ? { kid: current.kid, secret: (current as Hs256Stored).secret, retiresAt }
      : {
          kid: current.kid,
          privateKey: (current as Rs256Stored).privateKey,
          publicKey: (current as Rs256Stored).publicKey,
          retiresAt,
        };
  const kept = [...(opts.graceSeconds > 0 ? [oldKey] : []), ...previous]
    .filter((k) => new Date(k.retiresAt) > opts.now && k.kid !== next.kid)
    .slice(0, MAX_PREVIOUS_KEYS);
  return { ...next, previous: kept } as SigningStored[T];
}
