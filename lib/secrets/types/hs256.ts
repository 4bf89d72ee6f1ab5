import { z } from "zod";
import { formFields, type SecretTypeDef } from "./common";
import { hs256PublicView, KEY_MASK, parseSigningValue } from "./signing";

/** RFC 7518 § 3.2: an HS256 key is at least as long as the hash output. */
export const HS256_MIN_BYTES = 32;
/** Longer keys are hashed down by HMAC anyway; the cap keeps bodies and rows small. */
export const HS256_MAX_BYTES = 512;

const BASE64URL = /^[A-Za-z0-9_-]*={0,2}$/;

/** The bytes a base64url string (padding allowed) decodes to, or null when it is not base64url. */
export function base64urlBytes(s: string): number | null {
  if (!BASE64URL.test(s)) return null;
  const chars = s.replace(/=+$/, "").length;
  // A lone sixth-bit group cannot end a byte: such a string was cut or mistyped.
  if (chars % 4 === 1) return null;
  return Math.floor((chars * 6) / 8);
}

const secret = z
  .string()
  .trim()
  .min(1, "Secret is required")
  .max(2048)
  .superRefine((s, ctx) => {
    const bytes = base64urlBytes(s);
    if (bytes === null)
      ctx.addIssue({ code: "custom", message: "The secret must be base64url (A–Z, a–z, 0–9, - and _)" });
    else if (bytes < HS256_MIN_BYTES)
      ctx.addIssue({
        code: "custom",
        message: `The secret is ${bytes} bytes; HS256 needs at least ${HS256_MIN_BYTES} (256 bits)`,
      });
    else if (bytes > HS256_MAX_BYTES) ctx.addIssue({ code: "custom", message: `At most ${HS256_MAX_BYTES} bytes` });
  });

/** The import tab of the form: an existing secret. */
const hs256ImportSchema = z.strictObject({ secret });

/**
 * POST /secrets `value` for HS256: `{"generate": true}` (32 random bytes, made server-side)
 * or `{"secret": "<base64url>"}`. What is stored is the key with its `kid` (signing.ts).
 */
export const hs256Schema = z
  .strictObject({
    generate: z.literal(true).optional(),
    secret: secret.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.generate && v.secret !== undefined)
      ctx.addIssue({ code: "custom", path: ["secret"], message: "Either generate a secret or import one, not both" });
    if (!v.generate && v.secret === undefined)
      ctx.addIssue({
        code: "custom",
        path: ["secret"],
        message: 'Secret is required (or send {"generate": true} to have one made)',
      });
  });

/** An HMAC-SHA256 key for JWS/JWT. Its secret is never shown, masked or not. */
export const hs256: SecretTypeDef<typeof hs256Schema> = {
  type: "HS256",
  label: "HS256 signing key",
  schema: hs256Schema,
  fields: formFields(hs256ImportSchema, {
    secret: { label: "Secret (base64url)", kind: "secret", help: `At least ${HS256_MIN_BYTES} bytes.` },
  }),
  // Masks and reads see the stored value (lib/signing/keys.ts makes it from the create body).
  mask: (v) => ({ ...hs256PublicView(parseSigningValue("HS256", v)), secret: KEY_MASK }),
  apply: null,
};
