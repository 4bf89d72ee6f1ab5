import { z } from "zod";
import { idFields, iso, present, timestampSchema } from "@/lib/api/public";
import { secretStatuses } from "./statuses";
import { secretTypeNames } from "./types/names";

// Public shapes of secrets and of what hangs off them, in the FlowMate-compatible form of the
// API contract. The secret views are built in lib/secrets/present.ts; lib/api/public.ts says
// why those are built by typed construction rather than parsed on the way out.

const nullableTimestamp = timestampSchema.nullable();

const secretMeta = {
  ...idFields,
  name: z.string(),
  type: z.enum(secretTypeNames),
  componentId: z.string().nullable(),
  workspace: z.string().describe("The workspace's slug"),
  owners: z.array(z.strictObject({ id: z.uuid(), type: z.enum(["USER", "WORKSPACE"]) })),
  config: z.record(z.string(), z.string()).describe("Non-secret connection inputs named by the component's fields"),
  status: z.enum(secretStatuses),
  statusDetail: z.string().nullable(),
  expires: nullableTimestamp,
  scope: z.string().nullable(),
  lastUsedAt: nullableTimestamp,
  lastVerifiedAt: nullableTimestamp,
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
};

/** A secret in lists and in create, patch and refresh answers: metadata and the masked value, never ciphertext. */
export const maskedSecretSchema = z
  .strictObject({
    ...secretMeta,
    usageCount: z.int().min(0),
    value: z
      .record(z.string(), z.unknown())
      .describe(
        "The value with secret fields masked (****abcd); OAuth items keep authClientId, scope, expires and externalId",
      ),
  })
  .meta({ id: "MaskedSecret" });
export type MaskedSecret = z.output<typeof maskedSecretSchema>;

/** `GET /secrets/{id}`, the FlowMate read shape: metadata and the decrypted value. */
export const fullSecretSchema = z
  .strictObject({
    ...secretMeta,
    value: z.record(z.string(), z.unknown()).describe("The decrypted value, shaped as components/schemas/<type>_value"),
  })
  .meta({ id: "Secret" });
export type FullSecret = z.output<typeof fullSecretSchema>;

/** `GET /secrets/{id}/request-auth`: what to put on an outgoing request. */
export const requestAuthSchema = z
  .strictObject({
    headers: z.record(z.string(), z.string()),
    query: z.record(z.string(), z.string()),
    cookies: z.record(z.string(), z.string()),
    connection: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
      .optional()
      .describe(
        "Native connector types only (databases, caches, brokers, file stores): the options a client library opens a connection with, such as `url`, `host`, `port`, `username`, `password`; headers, query and cookies are then empty",
      ),
  })
  .meta({ id: "RequestAuth" });
export type RequestAuthView = z.output<typeof requestAuthSchema>;

/** One flow or connection that uses a secret, keyed by the caller's `ref`. */
export const secretUsageSchema = z
  .strictObject({
    ref: z.string(),
    label: z.string().nullable(),
    active: z.boolean(),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .meta({ id: "SecretUsage" });
export type SecretUsageView = z.output<typeof secretUsageSchema>;

/** The public view of a usage row, built through its schema. */
export function publicUsage(u: {
  ref: string;
  label: string | null;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}): SecretUsageView {
  return present(secretUsageSchema, {
    ref: u.ref,
    label: u.label,
    active: u.active,
    createdAt: iso(u.createdAt),
    updatedAt: iso(u.updatedAt),
  });
}
