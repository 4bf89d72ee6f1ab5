import { z } from "zod";
import { formFields, hintSecretFields, required, tokenAuth, type SecretTypeDef } from "./common";
import { expiresSchema } from "./oauth2-code";

export const oauth2ClientCredentialsSchema = z
  .strictObject({
    /** The auth client (OA2_CLIENT_CREDENTIALS) whose client id and secret fetch the tokens. */
    authClientId: z.string().max(100).optional(),
    /** Left out on create: the first token is fetched as the dry run. */
    accessToken: required("Access token").optional(),
    scope: z.string().max(2000).optional(),
    /** When the access token expires (ISO-8601); null means unknown. */
    expires: expiresSchema.nullable().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.accessToken === undefined && !v.authClientId) {
      ctx.addIssue({
        code: "custom",
        path: ["authClientId"],
        message: "Pass authClientId (a client-credentials auth client) so that a token is fetched",
      });
    }
  });

/**
 * OAuth2 client-credentials tokens (FlowMate `{authClientId, accessToken, scope, expires}`).
 * Created with `{authClientId}`: the first token is fetched as the dry run, and a new one on
 * read once it is due (lib/oauth/client-credentials.ts). Lists show only the non-secret fields.
 */
export const oauth2ClientCredentials: SecretTypeDef<typeof oauth2ClientCredentialsSchema> = {
  type: "OA2_CLIENT_CREDENTIALS",
  label: "OAuth2 client credentials",
  schema: oauth2ClientCredentialsSchema,
  fields: formFields(oauth2ClientCredentialsSchema, {
    scope: { label: "Scope" },
    expires: { label: "Expires (ISO-8601)" },
  }),
  mask: (v, opts) => hintSecretFields({ authClientId: v.authClientId, scope: v.scope, expires: v.expires }, v, opts),
  apply: (v, d = {}) => tokenAuth(v.accessToken ?? "", d.headerName, d.prefix),
};
