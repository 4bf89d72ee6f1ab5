import { z } from "zod";
import { credentialHeaderName, emptyAuth, headerSafe, hint, hintSecretFields, required, withoutForbidden, type SecretTypeDef } from "./common";

export const bearerSchema = z.strictObject({
  token: required("Token"),
  headerName: credentialHeaderName.optional(),
  prefix: headerSafe("Prefix", 50).optional(),
});

/** A static token (`Authorization: Bearer …` by default). */
export const bearer: SecretTypeDef<typeof bearerSchema> = {
  type: "BEARER",
  label: "Bearer token",
  schema: bearerSchema,
  fields: [
    { name: "token", label: "Token", kind: "secret", required: true },
    { name: "headerName", label: "Header name", kind: "text", required: false, default: "Authorization" },
    { name: "prefix", label: "Prefix", kind: "text", required: false, default: "Bearer " },
  ],
  mask: (v, opts) => hintSecretFields({ token: hint(v.token), headerName: v.headerName, prefix: v.prefix }, v, opts),
  apply: (v, d = {}) => ({
    ...emptyAuth(),
    headers: withoutForbidden({ [v.headerName ?? d.headerName ?? "Authorization"]: `${v.prefix ?? d.prefix ?? "Bearer "}${v.token}` }),
  }),
};
