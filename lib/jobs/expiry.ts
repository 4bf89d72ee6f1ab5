import "server-only";
import { and, eq, gt, isNotNull, isNull, lte, ne, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { secrets } from "@/db/schema";
import { recordAudit } from "@/lib/audit";
import { emitConnectionEvent } from "@/lib/events/emit";
import { registerJob } from "./registry";

/*
 * Expiry (docs/architecture.md › Background work). A credential with a known `expires` and
 * no refresh path turns `expired` when the time comes, and is announced ("expires soon",
 * `connection.expiring`) seven days before. Renewable types linked to an auth client are the
 * proactive-refresh job's (./refresh.ts); an OAuth2 one among them has a refresh path only
 * while it holds a refresh token, which only its decrypted value tells, so that job calls the
 * two functions here when the token is missing. Every write is a compare-and-swap on the row, so two instances
 * racing on one credential make one change, one audit event and one webhook event.
 */

/** "Expires soon" starts this long before `expires`. */
export const EXPIRING_SOON_DAYS = 7;
const soon = sql`now() + ${EXPIRING_SOON_DAYS}::int * interval '1 day'`;

/**
 * Credential types an auth client can renew (an OAuth2 refresh, a new client-credentials
 * token, the session login again); the refresh loop's list (lib/oauth/lease.ts `refreshable`).
 */
export const RENEWABLE_SQL_TYPES = sql.raw(`('OA2_AUTHORIZATION_CODE', 'OA2_CLIENT_CREDENTIALS', 'SESSION_AUTH')`);

/** No refresh path known from the row alone: anything but a renewable type linked to an auth client. */
const withoutRefreshPath = sql`not (${secrets.type} in ${RENEWABLE_SQL_TYPES} and ${secrets.authClientId} is not null)`;

type Item = { kind: "expire" | "expiring"; tenantId: string; id: string };

/**
 * Turns the secret `expired` if its expiry has passed and it is not expired already, with
 * its audit event and `connection.expiring` (status `expired`) in the same transaction.
 * Returns whether this call made the change.
 */
export async function expireIfDue(db: Db, key: { tenantId: string; id: string }): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [done] = await tx
      .update(secrets)
      .set({
        status: "expired",
        statusDetail: "The credential's expiry has passed; enter a new one or connect again",
        updatedAt: sql`${secrets.updatedAt}`,
      })
      .where(
        and(
          eq(secrets.id, key.id),
          eq(secrets.tenantId, key.tenantId),
          ne(secrets.status, "expired"),
          lte(secrets.expires, sql`now()`),
        ),
      )
      .returning({ expires: secrets.expires });
    if (!done) return false;
    await recordAudit(tx, {
      tenantId: key.tenantId,
      action: "secret.expired",
      targetType: "secret",
      targetId: key.id,
      metadata: { reason: "expires_passed", expires: done.expires?.toISOString() ?? null },
    });
    await emitConnectionEvent(tx, { ...key, secretId: key.id, type: "connection.expiring", reason: "expired" });
    return true;
  });
}

/**
 * Announces an expiry within seven days once per `expires` value: a new expiry (a new
 * token) is announced again. Writes `secret.expiring` and `connection.expiring` with the
 * mark, in one transaction. Returns whether this call announced it.
 */
export async function announceExpiring(db: Db, key: { tenantId: string; id: string }): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [done] = await tx
      .update(secrets)
      .set({ expiringNotifiedFor: sql`${secrets.expires}`, updatedAt: sql`${secrets.updatedAt}` })
      .where(
        and(
          eq(secrets.id, key.id),
          eq(secrets.tenantId, key.tenantId),
          ne(secrets.status, "expired"),
          gt(secrets.expires, sql`now()`),
          lte(secrets.expires, soon),
          or(isNull(secrets.expiringNotifiedFor), ne(secrets.expiringNotifiedFor, secrets.expires)),
        ),
      )
      .returning({ expires: secrets.expires });
    if (!done) return false;
    await recordAudit(tx, {
      tenantId: key.tenantId,
      action: "secret.expiring",
      targetType: "secret",
      targetId: key.id,
      metadata: { expires: done.expires?.toISOString() ?? null },
    });
    await emitConnectionEvent(tx, { ...key, secretId: key.id, type: "connection.expiring", reason: "expires_soon" });
    return true;
  });
}

/**
 * Due rows, without a claim: the work on each is one compare-and-swap, so an instance that
 * picks a row another one has just handled changes nothing.
 */
async function dueRows(db: Db, limit: number, onlyTenant?: string): Promise<Item[]> {
  const tenant = onlyTenant ? eq(secrets.tenantId, onlyTenant) : undefined;
  const base = and(tenant, isNotNull(secrets.expires), ne(secrets.status, "expired"), withoutRefreshPath);
  const [expire, expiring] = await Promise.all([
    db
      .select({ tenantId: secrets.tenantId, id: secrets.id })
      .from(secrets)
      .where(and(base, lte(secrets.expires, sql`now()`)))
      .orderBy(secrets.expires)
      .limit(limit),
    db
      .select({ tenantId: secrets.tenantId, id: secrets.id })
      .from(secrets)
      .where(
        and(
          base,
          gt(secrets.expires, sql`now()`),
          lte(secrets.expires, soon),
          or(isNull(secrets.expiringNotifiedFor), ne(secrets.expiringNotifiedFor, secrets.expires)),
        ),
      )
      .orderBy(secrets.expires)
      .limit(limit),
  ]);
  return [
    ...expire.map((r) => ({ ...r, kind: "expire" as const })),
    ...expiring.map((r) => ({ ...r, kind: "expiring" as const })),
  ];
}

registerJob<Item>({
  name: "expiry",
  claimSeconds: 60,
  batchSize: 100,
  claim: async (ctx) => {
    const rows = await dueRows(ctx.db, ctx.limit, ctx.onlyTenant);
    // Full batches are claimed again in the same tick; a half-full pair must not look full.
    return rows.length >= ctx.limit ? rows.slice(0, ctx.limit) : rows;
  },
  work: async (item, ctx) => {
    if (item.kind === "expire") await expireIfDue(ctx.db, item);
    else await announceExpiring(ctx.db, item);
  },
  describe: (item) => ({ secretId: item.id, kind: item.kind }),
});
