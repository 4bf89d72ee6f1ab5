import { z } from "zod";
import {
  API_KEY_LOCATIONS,
  emptyAuth,
  forbiddenHeaderMessage,
  formFields,
  headerName,
  headerSafe,
  hint,
  hintSecretFields,
  isForbiddenHeader,
  required,
  type SecretTypeDef,
} from "./common";

export const apiKeySchema = z
  .strictObject({
    key: required("Key"),
    /** The header, query parameter or cookie name; "" (FlowMate's documented value) means the default. */
    headerName: z.literal("").or(headerName).optional(),
    /** Where the key goes; the component's default, else a header. */
    location: z.enum(API_KEY_LOCATIONS).optional(),
    prefix: headerSafe("Prefix", 50).optional(),
  })
  .superRefine((v, ctx) => {
    // Without a location the key goes in a header, unless the component says otherwise.
    const asHeader = v.location === undefined || v.location === "header";
    if (asHeader && v.headerName && isForbiddenHeader(v.headerName)) {
      ctx.addIssue({ code: "custom", path: ["headerName"], message: forbiddenHeaderMessage(v.headerName) });
    }
  });

/** The name the key is sent under when neither the value nor the component gives one. */
export const API_KEY_DEFAULT_NAMES = { header: "X-API-Key", query: "api_key", cookie: "api_key" } as const;

/** An API key sent as a header, query parameter or cookie, with an optional prefix. */
export const apiKey: SecretTypeDef<typeof apiKeySchema> = {
  type: "API_KEY",
  label: "API key",
  schema: apiKeySchema,
  fields: formFields(apiKeySchema, {
    key: { label: "API key", kind: "secret" },
    location: { label: "Send it as" },
    headerName: {
      label: "Header, parameter or cookie name",
      help: `Default ${API_KEY_DEFAULT_NAMES.header} (header) or ${API_KEY_DEFAULT_NAMES.query}`,
    },
    prefix: { label: "Prefix", help: "Added before the key, e.g. 'Token '" },
  }),
  mask: (v, opts) =>
    hintSecretFields({ key: hint(v.key), headerName: v.headerName, location: v.location, prefix: v.prefix }, v, opts),
  apply: (v, d = {}) => {
    const out = emptyAuth();
    const location = v.location ?? d.location ?? "header";
    const componentName = { header: d.headerName, query: d.queryName, cookie: d.cookieName }[location];
    const name = v.headerName || componentName || API_KEY_DEFAULT_NAMES[location];
    const bucket = location === "header" ? out.headers : location === "query" ? out.query : out.cookies;
    // A value stored before the forbidden-header rule is not sent rather than sent as Host.
    if (location === "header" && isForbiddenHeader(name)) return out;
    bucket[name] = `${v.prefix ?? d.prefix ?? ""}${v.key}`;
    return out;
  },
};
