import { z } from "zod";
import {
  emptyAuth,
  forbiddenHeaderMessage,
  formFields,
  headerName,
  hint,
  isForbiddenHeader,
  required,
  withoutForbidden,
  type SecretTypeDef,
} from "./common";

export const httpHeadersSchema = z.strictObject({
  headers: z
    .record(headerName, required("Header value"))
    .refine((h) => Object.keys(h).length > 0, "Add at least one header")
    .refine((h) => Object.keys(h).length <= 50, "At most 50 headers")
    .superRefine((h, ctx) => {
      for (const name of Object.keys(h).filter(isForbiddenHeader)) {
        ctx.addIssue({ code: "custom", path: [name], message: forbiddenHeaderMessage(name) });
      }
    }),
});

/** Arbitrary headers, each applied as given. */
export const httpHeaders: SecretTypeDef<typeof httpHeadersSchema> = {
  type: "HTTP_HEADERS",
  label: "Custom headers",
  schema: httpHeadersSchema,
  fields: formFields(httpHeadersSchema, { headers: { label: "Headers" } }),
  // Every header value is already a hint; header names are not secret.
  mask: (v) => ({ headers: Object.fromEntries(Object.entries(v.headers).map(([k, val]) => [k, hint(val)])) }),
  apply: (v) => ({ ...emptyAuth(), headers: withoutForbidden(v.headers) }),
};
