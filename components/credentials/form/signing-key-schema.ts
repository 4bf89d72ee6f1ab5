import { z } from "zod";
import { secretNameSchema } from "@/lib/secrets/schemas";
import { typeDef } from "@/lib/secrets/types";
import type { SigningType } from "@/lib/secrets/types/signing";

/** The two tabs of a signing key's form: have the server make the key, or bring one. */
export const SIGNING_MODES = ["generate", "import"] as const;
export type SigningMode = (typeof SIGNING_MODES)[number];

/** What the signing-key form's inputs hold. */
const formShape = z.object({
  name: z.string(),
  workspace: z.string(),
  mode: z.enum(SIGNING_MODES),
  modulusLength: z.string(),
  value: z.record(z.string(), z.string()),
  exportable: z.boolean(),
  publishJwks: z.boolean(),
});
export type SigningKeyFormValues = z.input<typeof formShape>;

/**
 * The signing-key form, turned into the POST /secrets body and checked with the API's own
 * type schema, so the browser says what the server would (a short secret, a public key, an
 * encrypted PEM without its passphrase). What needs crypto (bits, structure) the server says.
 */
export function signingKeyFormSchema(type: SigningType) {
  return formShape
    .transform(
      (f): { name: string; workspace: string; exportable: boolean; publishJwks?: boolean; value: unknown } => ({
        name: f.name,
        workspace: f.workspace,
        exportable: f.exportable,
        ...(type === "RS256" && { publishJwks: f.publishJwks }),
        value:
          f.mode === "generate"
            ? { generate: true, ...(type === "RS256" && { modulusLength: Number(f.modulusLength) }) }
            : // Empty optional inputs (the passphrase of a plain PEM) are left out.
              Object.fromEntries(Object.entries(f.value).filter(([k, v]) => v !== "" || k !== "passphrase")),
      }),
    )
    .pipe(
      z.object({
        name: secretNameSchema,
        workspace: z.string().min(1, "Pick a workspace"),
        exportable: z.boolean(),
        publishJwks: z.boolean().optional(),
        value: typeDef(type).schema,
      }),
    );
}
