import "server-only";
import { and, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { secrets } from "@/db/schema";
import { expiresSoonSql } from "@/lib/jobs/attention";
import type { SecretScope } from "./scope";
import { shownNeedsAttentionSql, shownStatusSql } from "./shown-status";
import { flaggedCandidateSql, scopeFilter } from "./store";

/**
 * How many credentials the dashboard's "Needs attention" summary names, by reason, and in all
 * (`total`: each credential once, though a failing one may also expire soon): what
 * `?attention=1` lists.
 */
export type AttentionSummary = { expired: number; error: number; expiringSoon: number; total: number };

/**
 * Counts of the credentials that need attention in the scope: shown as Expired, shown as
 * Error, and expiring soon. One bounded aggregate, whatever the number of credentials.
 */
export async function attentionSummary(db: Db, scope: SecretScope): Promise<AttentionSummary> {
  const [row] = await db
    .select({
      expired: sql<number>`count(*) filter (where ${shownStatusSql("expired")})::int`,
      error: sql<number>`count(*) filter (where ${shownStatusSql("error")})::int`,
      expiringSoon: sql<number>`count(*) filter (where ${expiresSoonSql})::int`,
      total: sql<number>`count(*) filter (where ${shownNeedsAttentionSql})::int`,
    })
    .from(secrets)
    // Every counted row is a flagged candidate, so the aggregate reads the flagged rows' partial indexes only.
    .where(and(scopeFilter(scope), flaggedCandidateSql));
  return {
    expired: Number(row?.expired ?? 0),
    error: Number(row?.error ?? 0),
    expiringSoon: Number(row?.expiringSoon ?? 0),
    total: Number(row?.total ?? 0),
  };
}
