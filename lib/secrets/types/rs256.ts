import { z } from "zod";
import { formFields, type SecretTypeDef } from "./common";
import { KEY_MASK, parseSigningValue, rs256PublicView } from "./signing";

/** The sizes a generated key may have. Imports take anything from 2048 to 8192 bits. */
export const RSA_MODULUS_LENGTHS = [2048, 4096] as const;
export const RSA_MIN_BITS = 2048;
/** Signing with a larger key costs seconds of CPU per operation; nothing needs more. */
export const RSA_MAX_BITS = 8192;

const PUBLIC_ONLY = /-----BEGIN (?:RSA )?PUBLIC KEY-----|-----BEGIN CERTIFICATE-----/;
const ENCRYPTED = /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type:\s*4,ENCRYPTED/;
const PRIVATE_PEM = /-----BEGIN (?:RSA |ENCRYPTED )?PRIVATE KEY-----/;

/** A private RSA JWK as an object; what it holds is checked server-side (lib/signing/keys.ts). */
const jwkObject = z.looseObject({ kty: z.string().max(10) });

function jwkIssue(jwk: Record<string, unknown>): string | null {
  if (jwk.kty !== "RSA") return `Not an RSA key (kty is ${JSON.stringify(jwk.kty ?? null)})`;
  if (typeof jwk.d !== "string") return "This JWK is a public key (it has no d): import the private key";
  return null;
}

/** A string's JWK, when it is JSON text (the form's textarea takes a PEM or a JWK). */
export function jwkText(s: string): Record<string, unknown> | null {
  if (!s.trimStart().startsWith("{")) return null;
  try {
    const parsed: unknown = JSON.parse(s);
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The checks that need no crypto: what kind of text it is. Bits and structure are checked on the server. */
function keyTextIssue(s: string, passphrase: string | undefined): string | null {
  if (s.trimStart().startsWith("{")) {
    const jwk = jwkText(s);
    return jwk ? jwkIssue(jwk) : "The key looks like JSON but does not parse as a JWK";
  }
  if (PUBLIC_ONLY.test(s)) return "This is a public key or certificate: import the private key";
  if (!PRIVATE_PEM.test(s)) return "Not a PEM private key (-----BEGIN PRIVATE KEY-----) or a JWK";
  if (ENCRYPTED.test(s) && !passphrase) return "This key is encrypted: give its passphrase";
  return null;
}

const privateKeyText = z.string().trim().min(1, "Private key is required").max(20_000);

/** The import tab of the form: a PEM (PKCS#8 or PKCS#1, encrypted with a passphrase or not) or a JWK. */
const rs256ImportSchema = z.strictObject({
  privateKey: privateKeyText,
  passphrase: z.string().max(1024).optional(),
});

/**
 * POST /secrets `value` for RS256: `{"generate": true, "modulusLength"?: 2048|4096}` (made
 * server-side) or `{"privateKey": "<PEM>" | <JWK>, "passphrase"?}`. What is stored is the
 * pair as PKCS#8 and SPKI PEM with its `kid` (signing.ts).
 */
export const rs256Schema = z
  .strictObject({
    generate: z.literal(true).optional(),
    modulusLength: z.literal([...RSA_MODULUS_LENGTHS]).optional(),
    privateKey: z.union([privateKeyText, jwkObject]).optional(),
    passphrase: z.string().max(1024).optional(),
  })
  .superRefine((v, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    if (v.generate) {
      if (v.privateKey !== undefined) issue("privateKey", "Either generate a key pair or import one, not both");
      if (v.passphrase) issue("passphrase", "A passphrase belongs to an imported key");
      return;
    }
    if (v.modulusLength !== undefined) issue("modulusLength", "modulusLength applies to generated keys only");
    if (v.privateKey === undefined)
      return issue("privateKey", 'Private key is required (or send {"generate": true} to have one made)');
    const problem =
      typeof v.privateKey === "string" ? keyTextIssue(v.privateKey, v.passphrase) : jwkIssue(v.privateKey);
    if (problem) issue("privateKey", problem);
  });

/** An RSA key pair for RS256 JWS/JWT and RSA-OAEP-256 JWE. Lists and reads show the public key. */
export const rs256: SecretTypeDef<typeof rs256Schema> = {
  type: "RS256",
  label: "RS256 key pair",
  schema: rs256Schema,
  fields: formFields(rs256ImportSchema, {
    privateKey: {
      label: "Private key (PEM or JWK)",
      kind: "textarea",
      help: `PKCS#8 or PKCS#1 PEM, or a JWK; ${RSA_MIN_BITS} bits or more.`,
    },
    passphrase: { label: "Passphrase", kind: "secret", help: "Only for an encrypted PEM." },
  }),
  // Masks and reads see the stored value (lib/signing/keys.ts makes it from the create body).
  mask: (v) => ({ ...rs256PublicView(parseSigningValue("RS256", v)), privateKey: KEY_MASK }),
  apply: null,
};
