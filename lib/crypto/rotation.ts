import "server-only";
import { and, asc, eq, gt, lt, max, ne, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { dataKeys, tenants } from "@/db/schema";
import { aadFor, DecryptionError, envelopeKeyVersion, open, seal } from "./aead";
import { createDataKey, dataKey, ensureTenantDataKey, noteActiveKeyVersion } from "./data-keys";
import { masterKeyring, unwrapDataKey, wrapDataKey } from "./master";
import { SEALED, type SealedColumn } from "./sealed";
import { envelopeVersionOf } from "./status";

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
        throw new Error(
          `Data key v${row.version} of tenant ${row.tenantId} is wrapped by master key ${row.masterVersion}, which is not configured`,
        );
      }
      const next = wrapDataKey(row.tenantId, row.version, unwrapDataKey(row));
      const done = await db
        .update(dataKeys)
        .set(next)
        .where(
          and(
            eq(dataKeys.tenantId, row.tenantId),
            eq(dataKeys.version, row.version),
            eq(dataKeys.wrappedKey, row.wrappedKey),
          ),
        )
        .returning({ v: dataKeys.version });
      rewrapped += done.length;
    }
  }
}

type Sealed = { id: string; ciphertext: string };

async function readSealed(db: Db, c: SealedColumn, tenantId: string, id: string): Promise<Sealed | undefined> {
  const [row] = await db
    .select({ id: c.id, ciphertext: c.ciphertext })
    .from(c.table)
    .where(and(eq(c.id, id), eq(c.tenantId, tenantId)));
  return row?.ciphertext ? (row as Sealed) : undefined;
}

/**
 * Moves one envelope to data-key `version` with a compare-and-swap on the old ciphertext.
 * If a writer got there first, the fresh value is re-read and moved instead, so a
 * concurrent write is never overwritten. Returns false if the row (or its value) is gone.
 */
async function reencryptRow(db: Db, c: SealedColumn, tenantId: string, row: Sealed, version: number): Promise<boolean> {
  const aad = aadFor(tenantId, row.id, c.field);
  for (let current: Sealed | undefined = row; current;) {
    const from = envelopeKeyVersion(current.ciphertext);
    if (from >= version) return true;
    const plaintext = open(await dataKey(db, tenantId, from), current.ciphertext, aad);
    const swapped = await db
      .update(c.table)
      // Re-encryption is not a change to the row, so updatedAt keeps whatever it holds now.
      .set({
        [c.key]: seal(await dataKey(db, tenantId, version), version, plaintext, aad),
        updatedAt: sql`${c.updatedAt}`,
      } as never)
      .where(and(eq(c.id, current.id), eq(c.tenantId, tenantId), eq(c.ciphertext, current.ciphertext)))
      .returning({ id: c.id });
    if (swapped.length) return true;
    current = await readSealed(db, c, tenantId, row.id);
  }
  return false;
}

/**
 * Moves one secret's value to data-key `version` with a compare-and-swap on the old
 * ciphertext. If a writer got there first, the fresh value is re-read and moved instead,
 * so a concurrent write is never overwritten. Returns false if the row is gone.
 */
export async function reencryptSecret(
  db: Db,
  tenantId: string,
  row: { id: string; valueCiphertext: string },
  version: number,
): Promise<boolean> {
  return reencryptRow(db, SEALED[0], tenantId, { id: row.id, ciphertext: row.valueCiphertext }, version);
}

const olderThan = (c: SealedColumn, tenantId: string, version: number) =>
  and(eq(c.tenantId, tenantId), lt(envelopeVersionOf(c.ciphertext), version));

// Resume if a rotation was interrupted: a newer key not yet activated, or rows still behind
// the active version. Otherwise start a new version.
async function chooseTarget(db: Db, tenantId: string): Promise<{ version: number; created: boolean }> {
  await ensureTenantDataKey(db, tenantId);
  const [tenant] = await db.select({ v: tenants.activeKeyVersion }).from(tenants).where(eq(tenants.id, tenantId));
  if (!tenant) throw new Error("Tenant not found");
  const [{ newest }] = await db
    .select({ newest: max(dataKeys.version) })
    .from(dataKeys)
    .where(eq(dataKeys.tenantId, tenantId));
  if ((newest ?? 1) > tenant.v) return { version: newest!, created: false };
  for (const c of SEALED) {
    const [behind] = await db
      .select({ id: c.id })
      .from(c.table)
      .where(olderThan(c, tenantId, tenant.v))
      .limit(1);
    if (behind) return { version: tenant.v, created: false };
  }
  await createDataKey(db, tenantId, tenant.v + 1);
  return { version: tenant.v + 1, created: true };
}

export type RotateProgress = { tenantId: string; version: number; done: number; total: number };

/**
 * Rotates a tenant's data key online: creates version N+1 (or resumes an interrupted
 * rotation), makes it active, then re-encrypts in batches everything sealed under an older
 * version (every column in lib/crypto/sealed.ts). Old versions stay readable throughout.
 * Rows that cannot be decrypted are reported in `failed` (secret ids bare, others prefixed by
 * their table: `auth_client:<id>`, `oauth_flow:<id>`, `webhook:<id>`, `pending_revocation:<id>`),
 * not fixed.
 */
export async function rotateTenant(
  db: Db,
  tenantId: string,
  {
    batchSize = 100,
    onProgress,
  }: { batchSize?: number; onProgress?: (p: RotateProgress) => void | Promise<void> } = {},
): Promise<{ tenantId: string; version: number; created: boolean; reencrypted: number; failed: string[] }> {
  const { version, created } = await chooseTarget(db, tenantId);
  // Never move a tenant backwards if a later rotation already activated a newer version.
  await db
    .update(tenants)
    .set({ activeKeyVersion: version })
    .where(and(eq(tenants.id, tenantId), lt(tenants.activeKeyVersion, version)));
  noteActiveKeyVersion(tenantId, version);

  let total = 0;
  for (const c of SEALED) {
    const [{ n }] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(c.table)
      .where(olderThan(c, tenantId, version));
    total += n;
  }
  const failed: string[] = [];
  let reencrypted = 0;
  for (const c of SEALED) {
    // Keyset paging by id, so a row that fails is passed over rather than fetched forever.
    for (let after = ""; ;) {
      const batch = (await db
        .select({ id: c.id, ciphertext: c.ciphertext })
        .from(c.table)
        .where(and(olderThan(c, tenantId, version), after ? gt(c.id, after) : undefined))
        .orderBy(asc(c.id))
        .limit(batchSize)) as Sealed[];
      if (batch.length === 0) break;
      for (const row of batch) {
        try {
          if (await reencryptRow(db, c, tenantId, row, version)) reencrypted++;
        } catch (err) {
          // A row that will not decrypt needs a human; anything else (DB down) stops the run.
          if (!(err instanceof DecryptionError)) throw err;
          failed.push(c.label + row.id);
        }
      }
      after = batch[batch.length - 1].id;
      await onProgress?.({ tenantId, version, done: reencrypted + failed.length, total });
    }
  }
  return { tenantId, version, created, reencrypted, failed };
}
