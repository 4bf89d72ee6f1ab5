import { z } from "zod";
import { formFields, hint, required, tokenAuth, type SecretTypeDef } from "./common";
import { expiresSchema } from "./oauth2-code";

export const sessionAuthSchema = z
  .strictObject({
    /** The session-auth login recipe (an auth client of type SESSION_AUTH). */
    authClientId: z.string().max(100).optional(),
    /** The token the login answered; left out on create, the login runs and fills it in. */
    accessToken: required("Access token").optional(),
    /** What the login request is made with (client id and secret, username and password, …). */
    inputFields: z
      .record(z.string().min(1).max(100), z.string().max(8192))
      .refine((f) => Object.keys(f).length <= 30, "At most 30 input fields")
      .optional(),
    /** When the session token expires; null (FlowMate's default) means unknown. */
    expires: expiresSchema.nullable().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.accessToken === undefined && !(v.authClientId && v.inputFields)) {
      ctx.addIssue({
        code: "custom",
        path: ["accessToken"],
        message: "Pass accessToken, or authClientId and inputFields so that the login runs",
      });
    }
  });

/**
 * A token obtained by a login request (FlowMate `SESSION_AUTH`). Created with
 * `{authClientId, inputFields}`, the recipe's login runs as the dry run and the stored value
 * is `{authClientId, accessToken, inputFields, expires}`; the login runs again on read when
 * the token is due (lib/oauth/session-login.ts). A whole value may also be passed in. Every
 * input field may be a password, so all of them are hinted.
 */
export const sessionAuth: SecretTypeDef<typeof sessionAuthSchema> = {
  type: "SESSION_AUTH",
  label: "Session login",
  schema: sessionAuthSchema,
  // The token comes from the login and the inputs from the recipe's own form, so no field here asks for them.
  fields: formFields(sessionAuthSchema, { expires: { label: "Expires (ISO-8601)" } }),
  // Nothing in the value is a non-secret the component could mark, so `secretFields` adds nothing.
  mask: (v) => ({
    authClientId: v.authClientId,
    accessToken: v.accessToken === undefined ? undefined : hint(v.accessToken),
    inputFields: v.inputFields && Object.fromEntries(Object.entries(v.inputFields).map(([k, val]) => [k, hint(val)])),
    expires: v.expires,
  }),
  apply: (v, d = {}) => tokenAuth(v.accessToken ?? "", d.headerName, d.prefix),
};
