import { z } from "zod";
import { emptyAuth, headerName, headerSafe, hint, required, type SecretTypeDef } from "./common";

export const apiKeySchema = z.strictObject({
  key: required("Key"),
  /** The header, query parameter or cookie name. */
  headerName: headerName.optional(),
  location: z.enum(["header", "query", "cookie"]).default("header"),
  prefix: headerSafe("Prefix", 50).optional(),
});

const defaultName = { header: "X-API-Key", query: "api_key", cookie: "api_key" } as const;

/** An API key sent as a header, query parameter or cookie, with an optional prefix. */
export const apiKey: SecretTypeDef<typeof apiKeySchema> = {
  type: "API_KEY",
  label: "API key",
  schema: apiKeySchema,
  fields: [
    { name: "key", label: "API key", kind: "secret", required: true },
    { name: "location", label: "Send it as", kind: "select", required: true, default: "header", choices: ["header", "query", "cookie"] },
    { name: "headerName", label: "Header, parameter or cookie name", kind: "text", required: false, help: "Default X-API-Key (header) or api_key" },
    { name: "prefix", label: "Prefix", kind: "text", required: false, help: "Added before the key, e.g. 'Token '" },
  ],
  mask: (v) => ({ key: hint(v.key), headerName: v.headerName, location: v.location, prefix: v.prefix }),
  apply: (v) => {
    const out = emptyAuth();
    const name = v.headerName ?? defaultName[v.location];
    const bucket = v.location === "header" ? out.headers : v.location === "query" ? out.query : out.cookies;
    bucket[name] = `${v.prefix ?? ""}${v.key}`;
    return out;
  },
};
