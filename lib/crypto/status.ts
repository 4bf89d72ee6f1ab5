import "server-only";
import { eq, isNotNull, sql, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Db } from "@/db/client";
import { dataKeys, tenants } from "@/db/schema";
import { masterKeyring } from "./master";
import { SEALED } from "./sealed";

/** Version of an `ic1.<v>.…` value in `column`; null for anything else (or null), so one bad row cannot break a query. */
export const envelopeVersionOf = (column: PgColumn): SQL<number | null> =>
  sql`(case when ${column} ~ '^ic1[.][0-9]{1,9}[.]' then split_part(${column}, '.', 2)::int end)`;

export type KeyStatus = {
  masterActive: string;
  masterVersions: string[];
  dataKeys: { tenantId: string; version: number; masterVersion: string; active: boolean; rows: number }[];
};

function countByVersion(db: Db, table: PgTable, tenantId: PgColumn, column: PgColumn) {
  const version = envelopeVersionOf(column);
  return db
    .select({ tenantId: sql<string>`${tenantId}`, version, rows: sql<number>`count(*)::int` })
    .from(table)
    .where(isNotNull(column))
    .groupBy(tenantId, version);
}

/**
 * Which master and data keys exist, and how many sealed values each data key still
 * encrypts (every sealed column of lib/crypto/sealed.ts): an
 * old version with `rows: 0` is fully rotated away. Names and counts only.
 */
export async function keyStatus(db: Db): Promise<KeyStatus> {
  const { active, keys } = masterKeyring();
  const [keyRows, counts] = await Promise.all([
    db
      .select({
        tenantId: dataKeys.tenantId,
        version: dataKeys.version,
        masterVersion: dataKeys.masterVersion,
        activeVersion: tenants.activeKeyVersion,
      })
      .from(dataKeys)
      .innerJoin(tenants, eq(tenants.id, dataKeys.tenantId))
      .orderBy(dataKeys.tenantId, dataKeys.version),
    Promise.all(SEALED.map((c) => countByVersion(db, c.table, c.tenantId, c.ciphertext))).then((parts) => parts.flat()),
  ]);
  const rowsBy = new Map<string, number>();
  for (const c of counts)
    rowsBy.set(`${c.tenantId}:${c.version}`, (rowsBy.get(`${c.tenantId}:${c.version}`) ?? 0) + c.rows);
  return {
    masterActive: active,
    masterVersions: [...keys.keys()],
    dataKeys: keyRows.map(({ activeVersion, ...k }) => ({
      ...k,
      active: k.version === activeVersion,
      rows: rowsBy.get(`${k.tenantId}:${k.version}`) ?? 0,
    })),
  };
}
