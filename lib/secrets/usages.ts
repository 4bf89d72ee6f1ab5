import "server-only";
import { and, asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { secrets, secretUsages } from "@/db/schema";
import { notFound } from "@/lib/api/errors";
import { recordAudit, type AuditContext } from "@/lib/audit";

/** Usages of a secret the caller already proved access to. */
export async function listUsages(db: Db, opts: { tenantId: string; secretId: string }) {
  return db
    .select()
    .from(secretUsages)
    .where(and(eq(secretUsages.tenantId, opts.tenantId), eq(secretUsages.secretId, opts.secretId)))
    .orderBy(asc(secretUsages.createdAt));
}

/**
 * Adds a usage, or updates the label and state of an existing one with the same ref, with
 * its `secret.usage_added` event in the same transaction. The secret row is share-locked
 * first: a concurrent delete (which locks it for update, then checks usages) either sees
 * this usage and answers `in_use`, or has already removed the secret, and this answers
 * `not_found` instead of tripping over the foreign key.
 */
export async function upsertUsage(
  db: Db,
  opts: { tenantId: string; secretId: string; ref: string; label?: string; active: boolean; audit: AuditContext },
) {
  const { audit, ...usage } = opts;
  return db.transaction(async (tx) => {
    const [secret] = await tx
      .select({ id: secrets.id })
      .from(secrets)
      .where(and(eq(secrets.id, opts.secretId), eq(secrets.tenantId, opts.tenantId)))
      .for("share");
    if (!secret) throw notFound("Secret");
    const [row] = await tx
      .insert(secretUsages)
      .values(usage)
      .onConflictDoUpdate({
        target: [secretUsages.secretId, secretUsages.ref],
        set: { label: usage.label ?? null, active: usage.active, updatedAt: new Date() },
      })
      .returning();
    await recordAudit(tx, {
      ...audit,
      tenantId: opts.tenantId,
      action: "secret.usage_added",
      targetType: "secret",
      targetId: opts.secretId,
      metadata: { ref: row.ref, active: row.active },
    });
    return row;
  });
}

/** Removes a usage by ref (`not_found` when there is none), with its `secret.usage_removed` event in the same transaction. */
export async function removeUsage(
  db: Db,
  opts: { tenantId: string; secretId: string; ref: string; audit: AuditContext },
) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .delete(secretUsages)
      .where(
        and(
          eq(secretUsages.tenantId, opts.tenantId),
          eq(secretUsages.secretId, opts.secretId),
          eq(secretUsages.ref, opts.ref),
        ),
      )
      .returning();
    if (!row) throw notFound("Usage");
    await recordAudit(tx, {
      ...opts.audit,
      tenantId: opts.tenantId,
      action: "secret.usage_removed",
      targetType: "secret",
      targetId: opts.secretId,
      metadata: { ref: opts.ref },
    });
    return row;
  });
}
