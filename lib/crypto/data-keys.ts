import "server-only";
import { randomBytes } from "node:crypto";
import { and, eq, notExists } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import type { Db } from "@/db/client";
import { dataKeys, tenants } from "@/db/schema";
import { aadFor, DecryptionError, envelopeKeyVersion, open, seal } from "./aead";
import { unwrapDataKey, wrapDataKey } from "./master";

// Unwrapped keys never change for a (tenant, version), so they are cached for the life of the
// process: the read path costs no DB round trip after first use. Promises dedupe cold loads.
const keyCache = new Map<string, Promise<Buffer>>();
// The active version does change (rotation on any instance), so it is cached only briefly.
const ACTIVE_TTL_MS = 30_000;
const activeCache = new Map<string, { version: number; until: number }>();

/** Stores a new wrapped data key `version` for a tenant; a concurrent insert of the same version wins quietly. */
export async function createDataKey(db: Db, tenantId: string, version: number): Promise<void> {
  const { masterVersion, wrappedKey } = wrapDataKey(tenantId, version, randomBytes(32));
  await db.insert(dataKeys).values({ tenantId, version, masterVersion, wrappedKey }).onConflictDoNothing();
}

/** Creates the tenant's first data key (version 1) if it has none. Idempotent. */
export async function ensureTenantDataKey(db: Db, tenantId: string): Promise<void> {
  const [row] = await db
    .select({ version: dataKeys.version })
    .from(dataKeys)
    .where(and(eq(dataKeys.tenantId, tenantId), eq(dataKeys.version, 1)));
  if (!row) await createDataKey(db, tenantId, 1);
}

const inTransaction = (db: Db): boolean => (db as unknown) instanceof PgTransaction;

async function loadKey(db: Db, tenantId: string, version: number): Promise<Buffer> {
  const [row] = await db
    .select()
    .from(dataKeys)
    .where(and(eq(dataKeys.tenantId, tenantId), eq(dataKeys.version, version)));
  if (!row) throw new DecryptionError("unknown_key");
  return unwrapDataKey(row);
}

/**
 * Gives every tenant that has no data key its first one (version 1), outside any transaction.
 * New tenants get theirs in createTenant's transaction; this covers tenants made before that,
 * at start-up (db/client.ts afterMigrate), so no first key is ever made lazily inside a caller's
 * transaction. Concurrent instances race harmlessly (createDataKey ignores a duplicate).
 */
export async function ensureEveryTenantDataKey(db: Db): Promise<number> {
  const missing = await db
    .select({ id: tenants.id })
    .from(tenants)
    .where(notExists(db.select({ one: dataKeys.version }).from(dataKeys).where(eq(dataKeys.tenantId, tenants.id))));
  for (const { id } of missing) await createDataKey(db, id, 1);
  return missing.length;
}

/**
 * The unwrapped data key `version` of a tenant, from cache after first use. Throws DecryptionError if it does not exist.
 * `fresh` skips an in-flight load, which may have started before the key was created.
 * A key read through a transaction is used but not cached: its row may not be committed yet
 * (a first key created in that transaction), and a cached key whose row was rolled back would
 * seal values that no process could open again.
 */
export function dataKey(db: Db, tenantId: string, version: number, opts: { fresh?: boolean } = {}): Promise<Buffer> {
  const id = `${tenantId}:${version}`;
  const hit = keyCache.get(id);
  if (hit && !opts.fresh) return hit;
  if (inTransaction(db)) return loadKey(db, tenantId, version);
  const key = loadKey(db, tenantId, version);
  keyCache.set(id, key);
  // A failed load (missing row, transient DB error) must not stick.
  key.catch(() => keyCache.get(id) === key && keyCache.delete(id));
  return key;
}

/** The tenant's active data-key version, cached for ~30 s so rotations elsewhere are picked up. */
export async function activeKeyVersion(db: Db, tenantId: string): Promise<number> {
  const hit = activeCache.get(tenantId);
  if (hit && hit.until > Date.now()) return hit.version;
  const [row] = await db.select({ v: tenants.activeKeyVersion }).from(tenants).where(eq(tenants.id, tenantId));
  if (!row) throw new Error("Tenant not found");
  noteActiveKeyVersion(tenantId, row.v);
  return row.v;
}

/** Records a known active version, e.g. right after this process rotated the tenant. */
export function noteActiveKeyVersion(tenantId: string, version: number): void {
  activeCache.set(tenantId, { version, until: Date.now() + ACTIVE_TTL_MS });
}

/** Empties both caches. For tests, and after restoring keys from backup. */
export function resetDataKeyCache(): void {
  keyCache.clear();
  activeCache.clear();
}

type FieldRef = { db: Db; tenantId: string; rowId: string; field: string };

/** Encrypts one field value under the tenant's active data key (created on first use). */
export async function encryptField({
  db,
  tenantId,
  rowId,
  field,
  plaintext,
}: FieldRef & { plaintext: string }): Promise<string> {
  const version = await activeKeyVersion(db, tenantId);
  let key: Buffer;
  try {
    key = await dataKey(db, tenantId, version);
  } catch (err) {
    // A tenant that has never encrypted anything gets its first key lazily.
    if (!(err instanceof DecryptionError && err.reason === "unknown_key" && version === 1)) throw err;
    await ensureTenantDataKey(db, tenantId);
    // Not a load another caller started before the key existed: that one still fails.
    key = await dataKey(db, tenantId, version, { fresh: true });
  }
  return seal(key, version, plaintext, aadFor(tenantId, rowId, field));
}

/** Decrypts one field value with the data-key version recorded in its envelope. Throws DecryptionError. */
export async function decryptField({
  db,
  tenantId,
  rowId,
  field,
  envelope,
}: FieldRef & { envelope: string }): Promise<string> {
  const key = await dataKey(db, tenantId, envelopeKeyVersion(envelope));
  return open(key, envelope, aadFor(tenantId, rowId, field)).toString("utf8");
}
