import "server-only";
import { and, asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { secretUsages, type SecretUsage } from "@/db/schema";
import { notFound } from "@/lib/api/errors";

export function publicUsage(u: SecretUsage) {
  return { ref: u.ref, label: u.label, active: u.active, createdAt: u.createdAt, updatedAt: u.updatedAt };
}

/** Usages of a secret the caller already proved access to. */
export async function listUsages(db: Db, opts: { tenantId: string; secretId: string }) {
  return db
    .select()
    .from(secretUsages)
    .where(and(eq(secretUsages.tenantId, opts.tenantId), eq(secretUsages.secretId, opts.secretId)))
    .orderBy(asc(secretUsages.createdAt));
}

/** Adds a usage, or updates the label and state of an existing one with the same ref. */
export async function upsertUsage(
  db: Db,
  opts: { tenantId: string; secretId: string; ref: string; label?: string; active: boolean },
) {
  const [row] = await db
    .insert(secretUsages)
    .values(opts)
    .onConflictDoUpdate({
      target: [secretUsages.secretId, secretUsages.ref],
      set: { label: opts.label ?? null, active: opts.active, updatedAt: new Date() },
    })
    .returning();
  return row;
}

export async function removeUsage(db: Db, opts: { tenantId: string; secretId: string; ref: string }) {
  const [row] = await db
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
  return row;
}
