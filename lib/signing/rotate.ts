import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { secrets } from "@/db/schema";
import { ApiError } from "@/lib/api/errors";
import { recordAudit, type AuditContext } from "@/lib/audit";
import { encryptField } from "@/lib/crypto/data-keys";
import type { SecretRow } from "@/lib/secrets/present";
import type { SecretScope } from "@/lib/secrets/scope";
import { getSecretMeta, validateValue } from "@/lib/secrets/store";
import { typeDef } from "@/lib/secrets/types";
import { parseSigningValue, SIGNING_TYPES } from "@/lib/secrets/types/signing";
import { rotatedValue } from "./keys";
import { loadForUse } from "./load";

/**
 * `POST /secrets/{id}/rotate`: a new key with a new `kid` becomes current; the old one keeps
 * verifying (and, for RS256, stays in the JWKS and decrypts) until `gracePeriodSeconds` have
 * passed. The write is a compare-and-swap on the value that was rotated, with its
 * `secret.rotated` audit event in the same transaction, so two rotations racing cannot lose
 * a key: the second answers `409 conflict`.
 */
export async function rotateKey(
  db: Db,
  opts: {
    scope: SecretScope;
    id: string;
    input: { value?: Record<string, unknown>; gracePeriodSeconds: number };
    audit: AuditContext;
  },
): Promise<SecretRow> {
  const { row, value, envelope } = await loadForUse(db, {
    scope: opts.scope,
    id: opts.id,
    types: SIGNING_TYPES,
    operation: "rotate",
  });
  const def = typeDef(row.type);
  const next = validateValue(def.schema, opts.input.value ?? { generate: true });
  const now = new Date();
  const rotated = await rotatedValue(row.type, parseSigningValue(row.type, value) as never, next, {
    graceSeconds: opts.input.gracePeriodSeconds,
    now,
  });
  const valueCiphertext = await encryptField({
    db,
    tenantId: opts.scope.tenantId,
    rowId: row.id,
    field: "value",
    plaintext: JSON.stringify(rotated),
  });
  await db.transaction(async (tx) => {
    const done = await tx
      .update(secrets)
      .set({ valueCiphertext, maskedValue: def.mask(rotated as never) })
      .where(
        and(eq(secrets.id, row.id), eq(secrets.tenantId, opts.scope.tenantId), eq(secrets.valueCiphertext, envelope)),
      )
      .returning({ id: secrets.id });
    if (done.length === 0) throw new ApiError("conflict", "The key changed while it was being rotated; try again");
    await recordAudit(tx, {
      ...opts.audit,
      tenantId: opts.scope.tenantId,
      action: "secret.rotated",
      targetType: "secret",
      targetId: row.id,
      metadata: {
        kid: rotated.kid,
        previousKid: (value as { kid?: string }).kid ?? null,
        keptKids: rotated.previous.map((k) => k.kid),
        gracePeriodSeconds: opts.input.gracePeriodSeconds,
      },
    });
  });
  return getSecretMeta(db, opts.scope, row.id);
}
