import { z } from "zod";
import { emptyAuth, headerName, headerSafe, hint, required, type SecretTypeDef } from "./common";

export const apiKeySchema = z.strictObject({
  key: required("Key"),
  /** The header, query parameter or cookie name. */
  headerName: headerName.optional(),
  /** Where the key goes; the component's default, else a header. */
  location: z.enum(["header", "query", "cookie"]).optional(),
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
    { name: "location", label: "Send it as", kind: "select", required: false, choices: ["header", "query", "cookie"] },
    { name: "headerName", label: "Header, parameter or cookie name", kind: "text", required: false, help: "Default X-API-Key (header) or api_key" },
    { name: "prefix", label: "Prefix", kind: "text", required: false, help: "Added before the key, e.g. 'Token '" },
  ],
  mask: (v) => ({ key: hint(v.key), headerName: v.headerName, location: v.location, prefix: v.prefix }),
  apply: (v, d = {}) => {
    const out = emptyAuth();
    const location = v.location ?? d.location ?? "header";
    const componentName = { header: d.headerName, query: d.queryName, cookie: d.cookieName }[location];
    const name = v.headerName ?? componentName ?? defaultName[location];
    const bucket = location === "header" ? out.headers : location === "query" ? out.query : out.cookies;
    bucket[name] = `${v.prefix ?? d.prefix ?? ""}${v.key}`;
    return out;
  },
};
