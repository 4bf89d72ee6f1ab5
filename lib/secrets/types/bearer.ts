import { z } from "zod";
import { emptyAuth, headerName, headerSafe, hint, required, type SecretTypeDef } from "./common";

export const bearerSchema = z.strictObject({
  token: required("Token"),
  headerName: headerName.optional(),
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
  mask: (v) => ({ token: hint(v.token), headerName: v.headerName, prefix: v.prefix }),
  apply: (v, d = {}) => ({
    ...emptyAuth(),
    headers: { [v.headerName ?? d.headerName ?? "Authorization"]: `${v.prefix ?? d.prefix ?? "Bearer "}${v.token}` },
  }),
};
