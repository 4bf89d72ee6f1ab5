import "server-only";
import { eq, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { dataKeys, secrets, tenants } from "@/db/schema";
import { masterKeyring } from "./master";

/** Version of an `ic1.<v>.…` value in SQL; null for anything else, so one bad row cannot break a query. */
export const envelopeVersionSql: SQL<number | null> = sql`(case when ${secrets.valueCiphertext} ~ '^ic1[.][0-9]{1,9}[.]'
  then split_part(${secrets.valueCiphertext}, '.', 2)::int end)`;

export type KeyStatus = {
  masterActive: string;
  masterVersions: string[];
  dataKeys: { tenantId: string; version: number; masterVersion: string; active: boolean; rows: number }[];
};

/**
 * Which master and data keys exist, and how many secret values each data key still
 * encrypts: an old version with `rows: 0` is fully rotated away. Names and counts only.
 */
export async function keyStatus(db: Db): Promise<KeyStatus> {
  const { active, keys } = masterKeyring();
  const version = envelopeVersionSql;
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
    db
      .select({ tenantId: secrets.tenantId, version, rows: sql<number>`count(*)::int` })
      .from(secrets)
      .groupBy(secrets.tenantId, version),
  ]);
  const rowsBy = new Map(counts.map((c) => [`${c.tenantId}:${c.version}`, c.rows]));
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
