import { z } from "zod";
import {
  credentialHeaderName,
  formFields,
  headerSafe,
  hint,
  hintSecretFields,
  required,
  TOKEN_DEFAULTS,
  tokenAuth,
  type SecretTypeDef,
} from "./common";

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
  fields: formFields(bearerSchema, {
    token: { label: "Token", kind: "secret" },
    headerName: { label: "Header name", initial: TOKEN_DEFAULTS.headerName },
    prefix: { label: "Prefix", initial: TOKEN_DEFAULTS.prefix },
  }),
  mask: (v, opts) => hintSecretFields({ token: hint(v.token), headerName: v.headerName, prefix: v.prefix }, v, opts),
  apply: (v, d = {}) => tokenAuth(v.token, v.headerName ?? d.headerName, v.prefix ?? d.prefix),
};
