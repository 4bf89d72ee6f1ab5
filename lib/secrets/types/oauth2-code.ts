import { z } from "zod";
import { emptyAuth, hintSecretFields, required, type SecretTypeDef } from "./common";

export const oauth2CodeSchema = z.strictObject({
  authClientId: z.string().max(100).optional(),
  accessToken: required("Access token"),
  refreshToken: required("Refresh token").optional(),
  scope: z.string().max(2000).optional(),
  /** When the access token expires (ISO-8601). */
  expires: z.iso.datetime({ offset: true }).optional(),
  externalId: z.string().max(200).optional(),
});

/** OAuth2 authorization-code tokens. Lists show only the non-secret fields. */
export const oauth2Code: SecretTypeDef<typeof oauth2CodeSchema> = {
  type: "OA2_AUTHORIZATION_CODE",
  label: "OAuth2",
  schema: oauth2CodeSchema,
  fields: [
    { name: "accessToken", label: "Access token", kind: "secret", required: true },
    { name: "refreshToken", label: "Refresh token", kind: "secret", required: false },
    { name: "scope", label: "Scope", kind: "text", required: false },
    { name: "expires", label: "Expires (ISO-8601)", kind: "text", required: false },
  ],
  mask: (v, opts) => hintSecretFields({ authClientId: v.authClientId, scope: v.scope, expires: v.expires, externalId: v.externalId }, v, opts),
  apply: (v, d = {}) => ({
    ...emptyAuth(),
    headers: { [d.headerName ?? "Authorization"]: `${d.prefix ?? "Bearer "}${v.accessToken}` },
  }),
};
