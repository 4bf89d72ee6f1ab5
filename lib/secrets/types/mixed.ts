import { z } from "zod";
import { formFields, type SecretTypeDef } from "./common";

const MASKED = "********";

/** Room for a service-account file or a handful of keys, well inside the 64 KiB body limit. */
export const MIXED_MAX_CHARS = 32_768;

function isJson(s: string): boolean {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
}

export const mixedSchema = z.strictObject({
  payload: z
    .string()
    .min(1, "Payload is required")
    .max(MIXED_MAX_CHARS, `At most ${MIXED_MAX_CHARS} characters`)
    .refine(isJson, "Payload must be a JSON string"),
});

/**
 * Anything that fits no other type (Open Integration Hub `MIXED`): a JSON string the
 * tenant's code, or OIH's connector runtime, parses itself. The vault cannot tell which
 * part of it is secret, so it is encrypted whole, masked whole and applied to no request.
 */
export const mixed: SecretTypeDef<typeof mixedSchema> = {
  type: "MIXED",
  label: "Mixed (JSON)",
  schema: mixedSchema,
  fields: formFields(mixedSchema, {
    payload: { label: "Payload (JSON)", kind: "textarea", help: "Stored encrypted as one JSON string" },
  }),
  // No characters at all: the tail of a JSON string is usually the end of its last value.
  mask: () => ({ payload: MASKED }),
  apply: null,
};
