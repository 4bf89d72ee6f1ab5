import { z } from "zod";
import { formFields, hintSecretFields, required, tokenAuth, type SecretTypeDef } from "./common";

// FlowMate writes "never expires" as a 5-digit year ("33658-09-27T01:46:40+00:00"). ISO 8601
// and JavaScript spell such years "+033658-…", so both spellings are accepted, and the
// string is stored as given: the value reads back exactly as it was passed in.
const EXPANDED_YEAR = /^(?:\+(\d{6})|(\d{5,6}))(-\d{2}-\d{2}T.*)$/;
const isoDateTime = z.iso.datetime({ offset: true });

/**
 * The instant an `expires` string names, including 5- and 6-digit years; null when it is
 * not a date-time with an offset that JavaScript can represent (up to year 275760).
 */
export function parseExpires(s: string): Date | null {
  const m = EXPANDED_YEAR.exec(s);
  const year = m?.[1] ?? m?.[2];
  const rest = m?.[3] ?? "";
  // The rest is checked with the 4-digit grammar, under a year of the same place in the
  // 400-year Gregorian cycle, so 29 February is valid exactly when it is in that year.
  if (!isoDateTime.safeParse(year ? `${2000 + (Number(year) % 400)}${rest}` : s).success) return null;
  const d = new Date(year ? `+${year.padStart(6, "0")}${rest}` : s);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** When a token expires: an ISO-8601 date-time with an offset; years past 9999 allowed. */
export const expiresSchema = z
  .string()
  .max(40)
  .refine((s) => parseExpires(s) !== null, "Not an ISO-8601 date-time with an offset (e.g. 2030-01-01T00:00:00Z)")
  .describe('ISO-8601 date-time with an offset; a 5-digit year (FlowMate\'s "never expires") is accepted');

export const oauth2CodeSchema = z.strictObject({
  authClientId: z.string().max(100).optional(),
  accessToken: required("Access token"),
  refreshToken: required("Refresh token").optional(),
  scope: z.string().max(2000).optional(),
  /** When the access token expires (ISO-8601). */
  expires: expiresSchema.optional(),
  externalId: z.string().max(200).optional(),
});

/** OAuth2 authorization-code tokens. Lists show only the non-secret fields. */
export const oauth2Code: SecretTypeDef<typeof oauth2CodeSchema> = {
  type: "OA2_AUTHORIZATION_CODE",
  label: "OAuth2",
  schema: oauth2CodeSchema,
  fields: formFields(oauth2CodeSchema, {
    accessToken: { label: "Access token", kind: "secret" },
    refreshToken: { label: "Refresh token", kind: "secret" },
    scope: { label: "Scope" },
    expires: { label: "Expires (ISO-8601)" },
  }),
  mask: (v, opts) =>
    hintSecretFields(
      { authClientId: v.authClientId, scope: v.scope, expires: v.expires, externalId: v.externalId },
      v,
      opts,
    ),
  apply: (v, d = {}) => tokenAuth(v.accessToken, d.headerName, d.prefix),
};
