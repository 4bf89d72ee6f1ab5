import { z } from "zod";
import { secretStatuses } from "./statuses";
import { secretTypeNames, secretTypes, type SecretType } from "./types";

/*
 * No database imports here (docs/architecture.md › Request path): the dashboard's
 * credential form runs these same rules in the browser.
 */

/** A credential's name, as the API and the dashboard form check it. */
export const secretNameSchema = z
  .string()
  .trim()
  .min(1, "Give the credential a name")
  .max(200, "At most 200 characters");
const name = secretNameSchema;
const configSchema = z
  .record(z.string().max(100), z.string().max(2000))
  .refine((c) => Object.keys(c).length <= 30, "At most 30 config entries");
const workspace = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, "Not a workspace slug");
/** The dry run's rule is lib/components `credentialDryRun`; who may skip it, lib/secrets/verify.ts `assertMaySkip`. */
const verifyFlag = z
  .boolean()
  .optional()
  .describe(
    "Prove a new value or config with the credential's dry run before storing it: the default, when it has one (its component's; without a component, a native connector type's own check). false stores it unverified; connect sessions and viewers may not",
  );

const common = {
  name,
  config: configSchema.optional(),
  componentId: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, "Not a component id")
    .optional(),
  workspace: workspace.optional(),
  verify: verifyFlag,
};

/*
 * Signing keys take two top-level choices no other type has
 * (docs/architecture.md › Signing keys): `exportable`, fixed at creation, lets a read return
 * the private material; RS256's `publishJwks` serves its public keys at /api/v1/jwks/{id}.
 * HS256 has no public key to publish.
 */
const signingExtras: Partial<Record<SecretType, z.ZodRawShape>> = {
  HS256: { exportable: z.boolean().optional() },
  RS256: { exportable: z.boolean().optional(), publishJwks: z.boolean().optional() },
};

function variant<T extends SecretType>(type: T) {
  return z.strictObject({ type: z.literal(type), value: secretTypes[type].schema, ...common, ...signingExtras[type] });
}

type Variant = ReturnType<typeof variant<SecretType>>;

/** POST /secrets body: one variant per credential type, discriminated by `type`. */
export const createSecretSchema = z.discriminatedUnion(
  "type",
  secretTypeNames.map((t) => variant(t)) as unknown as [Variant, ...Variant[]],
);
export type CreateSecretInput = {
  type: SecretType;
  value: Record<string, unknown>;
  name: string;
  config?: Record<string, string>;
  componentId?: string;
  workspace?: string;
  verify?: boolean;
  /** HS256, RS256: whether a read may return the private material (default false). */
  exportable?: boolean;
  /** RS256: serve the public JWK set without auth. */
  publishJwks?: boolean;
};

/** PATCH /secrets/{id}: a new value is validated whole against the secret's type later. */
export const patchSecretSchema = z.strictObject({
  name: name.optional(),
  value: z.record(z.string(), z.unknown()).optional(),
  config: configSchema.optional(),
  verify: verifyFlag,
  publishJwks: z
    .boolean()
    .optional()
    .describe("RS256 only: serve the public JWK set at /api/v1/jwks/{id} without auth"),
});

export const listSecretsQuery = z.object({
  type: z.enum(secretTypeNames).optional(),
  component: z.string().max(64).optional(),
  workspace: workspace.optional(),
  status: z.enum(secretStatuses).optional(),
  // Exact and case-sensitive; an empty name is refused, as matching everything would hand a
  // script looking up one secret by name some other secret.
  name: z.string().min(1, "Give a name to match").max(200).optional(),
  username: z.string().min(1).max(200).optional(),
  search: z.string().max(200).optional(),
});

export const usageSchema = z.strictObject({
  ref: z.string().trim().min(1).max(200),
  label: z.string().trim().max(200).optional(),
  active: z.boolean().default(true),
});

export const impersonateSchema = z.strictObject({
  username: z.string().trim().min(1).max(200),
  expiresIn: z.number().int().min(60).max(86_400).optional(),
});
