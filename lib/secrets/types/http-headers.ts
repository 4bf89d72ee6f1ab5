import { z } from "zod";
import { emptyAuth, headerName, hint, required, type SecretTypeDef } from "./common";

export const httpHeadersSchema = z.strictObject({
  headers: z
    .record(headerName, required("Header value"))
    .refine((h) => Object.keys(h).length > 0, "Add at least one header")
    .refine((h) => Object.keys(h).length <= 50, "At most 50 headers"),
});

/** Arbitrary headers, each applied as given. */
export const httpHeaders: SecretTypeDef<typeof httpHeadersSchema> = {
  type: "HTTP_HEADERS",
  label: "Custom headers",
  schema: httpHeadersSchema,
  fields: [{ name: "headers", label: "Headers", kind: "headers", required: true }],
  mask: (v) => ({ headers: Object.fromEntries(Object.entries(v.headers).map(([k, val]) => [k, hint(val)])) }),
  apply: (v) => ({ ...emptyAuth(), headers: { ...v.headers } }),
};
