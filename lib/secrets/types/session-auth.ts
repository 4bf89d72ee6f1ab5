import { z } from "zod";
import { formFields, hint, required, tokenAuth, type SecretTypeDef } from "./common";
import { expiresSchema } from "./oauth2-code";

export const sessionAuthSchema = z.strictObject({
  /** The session-auth login recipe; checked as loosely as OAuth2's until auth clients exist. */
  authClientId: z.string().max(100).optional(),
  accessToken: required("Access token"),
  /** What the login request is made with (client id and secret, username and password, …). */
  inputFields: z
    .record(z.string().min(1).max(100), z.string().max(8192))
    .refine((f) => Object.keys(f).length <= 30, "At most 30 input fields")
    .optional(),
  /** When the session token expires; null (FlowMate's default) means unknown. */
  expires: expiresSchema.nullable().optional(),
});

/**
 * A token obtained by a login request (FlowMate `SESSION_AUTH`). For now it is passed in
 * whole; re-running the login when the token is due comes with login recipes. Every input
 * field may be a password, so all of them are hinted.
 */
export const sessionAuth: SecretTypeDef<typeof sessionAuthSchema> = {
  type: "SESSION_AUTH",
  label: "Session login",
  schema: sessionAuthSchema,
  fields: formFields(sessionAuthSchema, {
    accessToken: { label: "Access token", kind: "secret" },
    expires: { label: "Expires (ISO-8601)" },
  }),
  // Nothing in the value is a non-secret the component could mark, so `secretFields` adds nothing.
  mask: (v) => ({
    authClientId: v.authClientId,
    accessToken: hint(v.accessToken),
    inputFields: v.inputFields && Object.fromEntries(Object.entries(v.inputFields).map(([k, val]) => [k, hint(val)])),
    expires: v.expires,
  }),
  apply: (v, d = {}) => tokenAuth(v.accessToken, d.headerName, d.prefix),
};
