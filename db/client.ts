import "server-only";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { env } from "@/lib/env";
import { preparedPglite } from "./pglite-prepared";
import * as schema from "./schema";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/**
 * A raw parameterised query for the hot read path: prepared (plan cached) on Postgres,
 * which drizzle's `execute` is not. Rows come back with snake_case keys.
 */
export type RawQuery = <T = Record<string, unknown>>(text: string, params: unknown[]) => Promise<T[]>;

type Handle = { db: Db; kind: "pglite" | "postgres"; raw: RawQuery; close: () => Promise<void> };

const MIGRATIONS = path.join(process.cwd(), "drizzle");
// Any constant works; it only has to be the same for every instance.
const MIGRATION_LOCK_ID = 7_201_113;

const g = globalThis as unknown as { __icDb?: Promise<Handle> };

async function open(): Promise<Handle> {
  const e = env();
  if (e.dbKind === "postgres") {
    const { default: postgres } = await import("postgres");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    const { migrate } = await import("drizzle-orm/postgres-js/migrator");
    const client = postgres(e.DATABASE_URL!, { max: 10, onnotice: () => {} });
    const db = drizzle(client, { schema, casing: "snake_case" });
    // Several instances may start together: one migrates while the others wait on the lock.
    const lock = await client.reserve();
    try {
      await lock`select pg_advisory_lock(${MIGRATION_LOCK_ID})`;
      await migrate(db, { migrationsFolder: MIGRATIONS });
      await afterMigrate(db as unknown as Db);
    } finally {
      await lock`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`;
      lock.release();
    }
    const raw: RawQuery = async (text, params) =>
      (await client.unsafe(text, params as never[], { prepare: true })) as unknown as never[];
    return { db: db as unknown as Db, kind: "postgres", raw, close: () => client.end({ timeout: 5 }) };
  }
  const lock = lockPglite(e.pgliteDir);
  const { PGlite, protocol, parse } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  mkdirSync(path.dirname(path.resolve(e.pgliteDir)), { recursive: true });
  const client = await PGlite.create(e.pgliteDir, {
    startParams: [...PGlite.defaultStartParams, "-c", `shared_buffers=${e.PGLITE_SHARED_BUFFERS}`],
  });
  // Named prepared statements under drizzle and for `raw` (db/pglite-prepared.ts).
  const { forDrizzle, raw } = preparedPglite(client, protocol, parse);
  const db = drizzle(forDrizzle, { schema, casing: "snake_case" });
  await migrate(db, { migrationsFolder: MIGRATIONS });
  await afterMigrate(db as unknown as Db);
  return {
    db: db as unknown as Db,
    kind: "pglite",
    raw,
    close: async () => {
      await client.close();
      lock.release();
    },
  };
}

/**
 * Data fixes that follow from code rather than schema, run where every instance opens the
 * database: masks of rows stored before the catalogue marked a field secret, and a first data
 * key for tenants created before createTenant made one. Imported
 * lazily so the catalogue is not loaded by anything that only imports this module.
 */
async function afterMigrate(db: Db) {
  const { rebuildMasks } = await import("@/lib/secrets/remask");
  await rebuildMasks(db);
  const { ensureEveryTenantDataKey } = await import("@/lib/crypto/data-keys");
  await ensureEveryTenantDataKey(db);
}

/**
 * PGlite has no locking of its own and two processes on one directory corrupt it, so a
 * pid file guards it: a second server or a CLI run while the server is up fails clearly.
 */
function lockPglite(dir: string) {
  const file = `${path.resolve(dir)}.lock`;
  mkdirSync(path.dirname(file), { recursive: true });
  try {
    const holder = Number(readFileSync(file, "utf8"));
    if (holder && holder !== process.pid && isAlive(holder)) {
      throw new Error(
        `The embedded database ${dir} is in use by process ${holder}. Stop it first, or use DATABASE_URL (PostgreSQL) for several processes.`,
      );
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  writeFileSync(file, String(process.pid));
  return { release: () => rmSync(file, { force: true }) };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The process-wide database, opened and migrated on first use. */
export function getDbHandle(): Promise<Handle> {
  g.__icDb ??= open().catch((err) => {
    g.__icDb = undefined;
    throw err;
  });
  return g.__icDb;
}

export async function getDb(): Promise<Db> {
  return (await getDbHandle()).db;
}

/** Closes the database if it was opened. Safe to call more than once. */
export async function closeDb(): Promise<void> {
  const handle = g.__icDb;
  g.__icDb = undefined;
  if (handle) await (await handle).close();
}

export { schema };
