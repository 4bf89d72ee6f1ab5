import { z } from "zod";

// Request bodies of the signing-key and inbound-check routes. No server imports: the route
// registry (and so the OpenAPI document) reads them.

/** JOSE header names a caller may not set: the key decides them, or they change how a token is read. */
export const RESERVED_HEADERS = [
  "alg",
  "kid",
  "jku",
  "jwk",
  "x5u",
  "x5c",
  "x5t",
  "x5t#S256",
  "crit",
  "b64",
  "enc",
  "zip",
  "epk",
  "apu",
  "apv",
  "iv",
  "tag",
  "p2s",
  "p2c",
] as const;

const header = z
  .record(z.string().min(1).max(100), z.unknown())
  .refine((h) => Object.keys(h).length <= 20, "At most 20 header parameters")
  .superRefine((h, ctx) => {
    for (const name of Object.keys(h))
      if ((RESERVED_HEADERS as readonly string[]).includes(name))
        ctx.addIssue({ code: "custom", path: [name], message: `${name} is set by the key and cannot be given` });
  });

const TEN_YEARS = 10 * 365 * 24 * 3600;
const SPAN = /^(\d{1,9})\s*(s|m|h|d)$/;
const SPAN_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;

/** Seconds, or a span like "15m", "2h", "7d"; up to ten years. */
const expiresIn = z
  .union([
    z.int().min(1),
    z
      .string()
      .regex(SPAN, 'Seconds, or a span such as "15m", "2h" or "7d"')
      .transform((s) => {
        const [, n, unit] = SPAN.exec(s)!;
        return Number(n) * SPAN_SECONDS[unit as keyof typeof SPAN_SECONDS];
      }),
  ])
  .pipe(z.int().min(1).max(TEN_YEARS, "At most ten years"));

const claimString = z.string().min(1).max(500);
const audience = z.union([claimString, z.array(claimString).min(1).max(20)]);

/** `POST /secrets/{id}/jws/sign`: an object payload makes a JWT, a string payload a plain JWS. */
export const signSchema = z
  .strictObject({
    payload: z.union([z.record(z.string(), z.unknown()), z.string().max(48_000)]),
    header: header.optional(),
    expiresIn: expiresIn.optional().describe('Seconds, or a span such as "15m"; sets exp'),
    audience: audience.optional().describe("Sets aud"),
    issuer: claimString.optional().describe("Sets iss"),
    subject: claimString.optional().describe("Sets sub"),
  })
  .superRefine((v, ctx) => {
    if (typeof v.payload !== "string") return;
    for (const k of ["expiresIn", "audience", "issuer", "subject"] as const)
      if (v[k] !== undefined)
        ctx.addIssue({ code: "custom", path: [k], message: "Claims need an object payload (a JWT)" });
  });
export type SignInput = z.output<typeof signSchema>;

const compact = (label: string) => z.string().min(1, `${label} is required`).max(60_000);

/** `POST /secrets/{id}/jws/verify`: a compact JWS or JWT, and the claims it must carry. */
export const verifySchema = z.strictObject({
  jws: compact("jws"),
  audience: audience.optional().describe("aud must contain this"),
  issuer: claimString.optional().describe("iss must equal this"),
  subject: claimString.optional().describe("sub must equal this"),
  clockTolerance: z.int().min(0).max(300).optional().describe("Seconds of leeway for exp and nbf"),
});
export type VerifyInput = z.output<typeof verifySchema>;

/** `POST /secrets/{id}/jwe/encrypt`: UTF-8 text. */
export const encryptSchema = z.strictObject({ plaintext: z.string().max(48_000) });
/** `POST /secrets/{id}/jwe/decrypt`. */
export const decryptSchema = z.strictObject({ jwe: compact("jwe") });

const NINETY_DAYS = 90 * 86_400;

/**
 * `POST /secrets/{id}/rotate`: a new key (`value` as on create, `{"generate": true}` by
 * default); the old one keeps verifying for `gracePeriodSeconds` (default one day, 0 retires it now).
 */
export const rotateSchema = z.strictObject({
  value: z.record(z.string(), z.unknown()).optional().describe("The new key, as a create body's value"),
  gracePeriodSeconds: z.int().min(0).max(NINETY_DAYS).default(86_400),
});

const headerValue = z.union([z.string().max(8192), z.array(z.string().max(8192)).max(20)]);

/** `POST /secrets/{id}/authorize-request`: the incoming request's headers (and query, for query-string keys). */
export const authorizeRequestSchema = z.strictObject({
  headers: z
    .record(z.string().min(1).max(200), headerValue)
    .refine((h) => Object.keys(h).length <= 200, "At most 200 headers"),
  query: z.record(z.string().max(200), z.string().max(8192)).optional(),
  requiredScope: z
    .string()
    .trim()
    .min(1)
    .max(1000)
    .optional()
    .describe("Space-separated scopes the token's scope or scp must all contain"),
  audience: audience.optional().describe("For a JWT: aud must contain this"),
  issuer: claimString.optional().describe("For a JWT: iss must equal this"),
});
export type AuthorizeRequestInput = z.output<typeof authorizeRequestSchema>;

/** Node's JSON form of a Buffer (`{"type": "Buffer", "data": [bytes]}`), as Open Integration Hub's webhooks send it. */
const bufferJson = z.strictObject({ type: z.literal("Buffer"), data: z.array(z.int().min(0).max(255)) });

/** `POST /secrets/{id}/validate-hmac`: Open Integration Hub's webhook-signature check. */
export const validateHmacSchema = z.strictObject({
  hmacValue: z
    .string()
    .min(1)
    .max(1000)
    .describe("The signature: base64 (as OIH sends it) or hex, optionally 'sha256='-prefixed"),
  hmacAlgo: z.enum(["sha256", "sha512"]),
  rawBody: z
    .union([z.string(), bufferJson])
    .describe("The request body exactly as received: a string, or a Buffer's JSON"),
});
export type ValidateHmacInput = z.output<typeof validateHmacSchema>;
