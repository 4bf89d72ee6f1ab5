import "server-only";
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { env } from "@/lib/env";
import * as schema from "./schema";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

type Handle = { db: Db; kind: "pglite" | "postgres"; close: () => Promise<void> };

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
    } finally {
      await lock`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`;
      lock.release();
    }
    return { db: db as unknown as Db, kind: "postgres", close: () => client.end({ timeout: 5 }) };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  mkdirSync(path.dirname(path.resolve(e.pgliteDir)), { recursive: true });
  const client = await PGlite.create(e.pgliteDir);
  const db = drizzle(client, { schema, casing: "snake_case" });
  await migrate(db, { migrationsFolder: MIGRATIONS });
  return { db: db as unknown as Db, kind: "pglite", close: () => client.close() };
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
