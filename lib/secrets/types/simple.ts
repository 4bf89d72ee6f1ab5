import { z } from "zod";
import { emptyAuth, formFields, headerSafe, hint, hintSecretFields, required, type SecretTypeDef } from "./common";

export const simpleSchema = z.strictObject({
  username: required("Username").refine((v) => !v.includes(":"), "Username must not contain ':'"),
  // May be empty: some APIs take the key as the username and no password (Stripe, Close).
  passphrase: headerSafe("Password"),
});

/** Basic auth (FlowMate `SIMPLE`). */
export const simple: SecretTypeDef<typeof simpleSchema> = {
  type: "SIMPLE",
  label: "Basic auth",
  schema: simpleSchema,
  fields: formFields(simpleSchema, {
    username: { label: "Username" },
    passphrase: { label: "Password", kind: "secret" },
  }),
  // The username is an identity unless the component says it is the key (Stripe, Close).
  mask: (v, opts) => hintSecretFields({ username: v.username, passphrase: hint(v.passphrase) }, v, opts),
  apply: (v) => ({
    ...emptyAuth(),
    headers: { Authorization: `Basic ${Buffer.from(`${v.username}:${v.passphrase}`).toString("base64")}` },
  }),
};
