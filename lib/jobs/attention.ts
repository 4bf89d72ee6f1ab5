import "server-only";
import { sql } from "drizzle-orm";
import { secrets } from "@/db/schema";
import { EXPIRING_SOON_DAYS, RENEWABLE_SQL_TYPES } from "./expiry";

/*
 * What the dashboard flags (docs/architecture.md › Background work), as SQL over the row, so
 * the list can show it and filter on it in the query it already makes. The jobs keep the
 * columns these read: status and failing_since (re-checks, refreshes), expiring_notified_for
 * (a linked OAuth2 credential found without a refresh token).
 */

/**
 * "Expires soon": not expired, a known expiry within seven days, and no way to renew it (no
 * auth client that could, or announced by the refresh job as having no refresh token).
 * Never null: an unknown expiry is false.
 */
export const expiresSoonSql = sql<boolean>`coalesce(${secrets.status} <> 'expired' and ${secrets.expires} > now()
  and ${secrets.expires} <= now() + ${EXPIRING_SOON_DAYS}::int * interval '1 day'
  and (not (${secrets.type} in ${RENEWABLE_SQL_TYPES} and ${secrets.authClientId} is not null)
    or ${secrets.expiringNotifiedFor} = ${secrets.expires}), false)`;

/** Needs attention: needs re-authorisation (`expired`), failing (`error`), or expires soon. */
export const needsAttentionSql = sql<boolean>`(${secrets.status} in ('expired', 'error') or ${expiresSoonSql})`;
