import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { secrets } from "@/db/schema";
import { RENEWABLE_SQL_TYPES } from "@/lib/jobs/expiry";
import { expiresSoonSql, needsAttentionSql } from "@/lib/jobs/attention";
import type { StatusFilter } from "@/components/credentials/display-status";

/*
 * The dashboard's displayed status as SQL, for its status filter: the same rule as
 * components/credentials/display-status.ts `displayStatus` (keep the two in step). The API's
 * `status` filter stays on the stored column.
 */

/** A renewable type linked to an auth client: its passed `expires` is for the refresh job. */
export const autoRenewsSql = sql<boolean>`(${secrets.type} in ${RENEWABLE_SQL_TYPES} and ${secrets.authClientId} is not null)`;

/** Shown as Expired: stored so, or past its `expires` with no way to renew. */
const shownExpiredSql = sql`(${secrets.status} = 'expired' or (${secrets.expires} is not null
  and ${secrets.expires} <= now() and not ${autoRenewsSql}))`;

/** The rows the dashboard shows with `status` (`expiring`: flagged "Expires soon"). */
export function shownStatusSql(status: StatusFilter): SQL {
  switch (status) {
    case "expiring":
      return expiresSoonSql;
    case "expired":
      return shownExpiredSql;
    case "error":
      return sql`(${secrets.status} = 'error' and not ${shownExpiredSql})`;
    case "unverified":
      return sql`(${secrets.status} = 'active' and ${secrets.lastVerifiedAt} is null and not ${autoRenewsSql}
        and not ${shownExpiredSql})`;
    case "active":
      return sql`(${secrets.status} = 'active' and (${secrets.lastVerifiedAt} is not null or ${autoRenewsSql})
        and not ${shownExpiredSql})`;
  }
}

/** True for the filters whose rows are all flagged candidates (lib/secrets/store.ts flaggedCandidateSql). */
export const isFlaggedFilter = (status: StatusFilter | undefined): boolean =>
  status === "expired" || status === "error" || status === "expiring";

/** "Needs attention" as the dashboard shows it: also a passed expiry the expiry job has not caught yet. */
export const shownNeedsAttentionSql = sql`(${needsAttentionSql} or ${shownExpiredSql})`;
