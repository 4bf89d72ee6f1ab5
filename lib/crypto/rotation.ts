import "server-only";
import { and, asc, eq, gt, lt, max, ne, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { dataKeys, secrets, tenants } from "@/db/schema";
import { aadFor, DecryptionError, envelopeKeyVersion, open, seal } from "./aead";
import { createDataKey, dataKey, ensureTenantDataKey, noteActiveKeyVersion } from "./data-keys";
import { masterKeyring, unwrapDataKey, wrapDataKey } from "./master";
import { envelopeVersionSql } from "./status";

export { keyStatus } from "./status";

/**
 * Re-wraps every data key not yet under the active master key. Idempotent; each row is
 * swapped only if unchanged, so two instances running it at once do no harm.
 */
export async function rotateMaster(db: Db): Promise<{ masterVersion: string; rewrapped: number }> {
  const { active } = masterKeyring();
  let rewrapped = 0;
  for (;;) {
    const rows = await db.select().from(dataKeys).where(ne(dataKeys.masterVersion, active)).limit(100);
    if (rows.length === 0) return { masterVersion: active, rewrapped };
    for (const row of rows) {
      if (!masterKeyring().keys.has(row.masterVersion)) {
        throw new Error(`Data key v${row.version} of tenant ${row.tenantId} is wrapped by master key ${row.masterVersion}, which is not configured`);
      }
      const next = wrapDataKey(row.tenantId, row.version, unwrapDataKey(row));
      const done = await db
        .update(dataKeys)
        .set(next)
        .where(and(eq(dataKeys.tenantId, row.tenantId), eq(dataKeys.version, row.version), eq(dataKeys.wrappedKey, row.wrappedKey)))
        .returning({ v: dataKeys.version });
      rewrapped += done.length;
    }
  }
}

type Row = { id: string; valueCiphertext: string };

/**
 * Moves one secret's value to data-key `version` with a compare-and-swap on the old
 * ciphertext. If a writer got there first, the fresh value is re-read and moved instead,
 * so a concurrent write is never overwritten. Returns false if the row is gone.
 */
export async function reencryptSecret(db: Db, tenantId: string, row: Row, version: number): Promise<boolean> {
  const aad = aadFor(tenantId, row.id, "value");
  for (let current: Row | undefined = row; current; ) {
    const from = envelopeKeyVersion(current.valueCiphertext);
    if (from >= version) return true;
    const plaintext = open(await dataKey(db, tenantId, from), current.valueCiphertext, aad);
    const swapped = await db
      .update(secrets)
      // Re-encryption is not a change to the secret, so updatedAt keeps whatever it holds now.
      .set({ valueCiphertext: seal(await dataKey(db, tenantId, version), version, plaintext, aad), updatedAt: sql`${secrets.updatedAt}` })
      .where(and(eq(secrets.id, current.id), eq(secrets.tenantId, tenantId), eq(secrets.valueCiphertext, current.valueCiphertext)))
      .returning({ id: secrets.id });
    if (swapped.length) return true;
    [current] = await db
      .select({ id: secrets.id, valueCiphertext: secrets.valueCiphertext })
      .from(secrets)
      .where(and(eq(secrets.id, row.id), eq(secrets.tenantId, tenantId)));
  }
  return false;
}

const olderThan = (tenantId: string, version: number) =>
  and(eq(secrets.tenantId, tenantId), lt(envelopeVersionSql, version));

// Resume if a rotation was interrupted: a newer key not yet activated, or rows still behind
// the active version. Otherwise start a new version.
async function chooseTarget(db: Db, tenantId: string): Promise<{ version: number; created: boolean }> {
  await ensureTenantDataKey(db, tenantId);
  const [tenant] = await db.select({ v: tenants.activeKeyVersion }).from(tenants).where(eq(tenants.id, tenantId));
  if (!tenant) throw new Error("Tenant not found");
  const [{ newest }] = await db.select({ newest: max(dataKeys.version) }).from(dataKeys).where(eq(dataKeys.tenantId, tenantId));
  if ((newest ?? 1) > tenant.v) return { version: newest!, created: false };
  const [behind] = await db.select({ id: secrets.id }).from(secrets).where(olderThan(tenantId, tenant.v)).limit(1);
  if (behind) return { version: tenant.v, created: false };
  await createDataKey(db, tenantId, tenant.v + 1);
  return { version: tenant.v + 1, created: true };
}

export type RotateProgress = { tenantId: string; version: number; done: number; total: number };

/**
 * Rotates a tenant's data key online: creates version N+1 (or resumes an interrupted
 * rotation), makes it active, then re-encrypts older secret values in batches. Old versions
 * stay readable throughout. Rows that cannot be decrypted are reported in `failed`, not fixed.
 */
export async function rotateTenant(
  db: Db,
  tenantId: string,
  { batchSize = 100, onProgress }: { batchSize?: number; onProgress?: (p: RotateProgress) => void | Promise<void> } = {},
): Promise<{ tenantId: string; version: number; created: boolean; reencrypted: number; failed: string[] }> {
  const { version, created } = await chooseTarget(db, tenantId);
  // Never move a tenant backwards if a later rotation already activated a newer version.
  await db.update(tenants).set({ activeKeyVersion: version }).where(and(eq(tenants.id, tenantId), lt(tenants.activeKeyVersion, version)));
  noteActiveKeyVersion(tenantId, version);

  const [{ total }] = await db.select({ total: sql<number>`count(*)::int` }).from(secrets).where(olderThan(tenantId, version));
  const failed: string[] = [];
  let reencrypted = 0;
  // Keyset paging by id, so a row that fails is passed over rather than fetched forever.
  for (let after = ""; ; ) {
    const batch = await db
      .select({ id: secrets.id, valueCiphertext: secrets.valueCiphertext })
      .from(secrets)
      .where(and(olderThan(tenantId, version), after ? gt(secrets.id, after) : undefined))
      .orderBy(asc(secrets.id))
      .limit(batchSize);
    if (batch.length === 0) break;
    for (const row of batch) {
      try {
        if (await reencryptSecret(db, tenantId, row, version)) reencrypted++;
      } catch (err) {
        // A row that will not decrypt needs a human; anything else (DB down) stops the run.
        if (!(err instanceof DecryptionError)) throw err;
        failed.push(row.id);
      }
    }
    after = batch[batch.length - 1].id;
    await onProgress?.({ tenantId, version, done: reencrypted + failed.length, total });
  }
  return { tenantId, version, created, reencrypted, failed };
}
