import "server-only";
import { and, eq, isNull, lt, lte, ne, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { authClients, secrets } from "@/db/schema";
import { ApiError } from "@/lib/api/errors";
import { decryptField } from "@/lib/crypto/data-keys";
import { env } from "@/lib/env";
import { forceRefresh, refreshOnRead } from "@/lib/oauth/refresh";
import { secondsInterval } from "./claim";
import { announceExpiring, EXPIRING_SOON_DAYS, expireIfDue, RENEWABLE_SQL_TYPES } from "./expiry";
import { registerJob, type ClaimContext } from "./registry";

/*
 * Proactive refresh (docs/architecture.md › Background work). A renewable credential (OAuth2,
 * client credentials, session auth) linked to an auth client is renewed ahead of any read
 * when its token expires within the client's refresh buffer; an OAuth2 one also when its
 * refresh token has not been used for 24 h (providers revoke idle ones). A tick claims such rows FOR UPDATE SKIP LOCKED (`refresh_claimed_by`,
 * `refresh_claimed_until`); the refresh itself goes through lib/oauth/refresh.ts, so it takes
 * the same row lease as a read, and N instances and readers still make one token call. A
 * row that has no refresh token has no refresh path: its expiry is handled here instead.
 */

/** A refresh token unused this long is used anyway. */
export const IDLE_REFRESH_HOURS = 24;
/** After a failed attempt, this job looks at the row again no sooner than this (reads may). */
const RETRY_AFTER_FAILURE_SECONDS = 5 * 60;

type Item = { tenantId: string; id: string; type: string; due: boolean };

const keepUpdatedAt = { updatedAt: sql`${secrets.updatedAt}` };

/** The client's buffer, as lib/oauth/lease.ts computes "due" for a read. */
const dueSql = sql<boolean>`(${secrets.expires} is not null and ${secrets.expires} < now() + (
  select ${authClients.refreshBufferSeconds} from ${authClients} where ${authClients.id} = ${secrets.authClientId}
) * interval '1 second')`;
const idleSql = sql<boolean>`(${secrets.type} = 'OA2_AUTHORIZATION_CODE' and (${secrets.refreshedAt} is null or ${secrets.refreshedAt} < now() - ${IDLE_REFRESH_HOURS}::int * interval '1 hour'))`;

async function claim(ctx: ClaimContext): Promise<Item[]> {
  const { db } = ctx;
  const due = db.$with("due").as(
    db
      .select({ id: secrets.id })
      .from(secrets)
      .where(
        and(
          sql`${secrets.type} in ${RENEWABLE_SQL_TYPES} and ${secrets.authClientId} is not null`,
          ne(secrets.status, "expired"),
          ctx.onlyTenant ? eq(secrets.tenantId, ctx.onlyTenant) : undefined,
          or(isNull(secrets.refreshClaimedUntil), lt(secrets.refreshClaimedUntil, sql`now()`)),
          // Leave rows another instance is refreshing, or cooling down after a failure, alone.
          or(isNull(secrets.leaseUntil), lt(secrets.leaseUntil, sql`now()`)),
          or(isNull(secrets.refreshRetryAt), lte(secrets.refreshRetryAt, sql`now()`)),
          or(dueSql, idleSql),
        ),
      )
      .orderBy(sql`${secrets.expires} asc nulls last`)
      .limit(ctx.limit)
      .for("update", { skipLocked: true }),
  );
  return db
    .with(due)
    .update(secrets)
    .set({
      refreshClaimedBy: ctx.owner,
      refreshClaimedUntil: sql`now() + ${secondsInterval(ctx.claimSeconds)}`,
      ...keepUpdatedAt,
    })
    .from(due)
    .where(eq(secrets.id, due.id))
    .returning({ tenantId: secrets.tenantId, id: secrets.id, type: secrets.type, due: dueSql });
}

/** Ends the claim: `until` null frees the row; a time keeps this job away from it until then. */
async function release(db: Db, item: Item, owner: string, until: Date | ReturnType<typeof sql> | null) {
  await db
    .update(secrets)
    .set({ refreshClaimedBy: null, refreshClaimedUntil: until, ...keepUpdatedAt })
    .where(and(eq(secrets.id, item.id), eq(secrets.tenantId, item.tenantId), eq(secrets.refreshClaimedBy, owner)));
}

/** When a row without a refresh token next matters: seven days before expiry, then at it. */
function nextLookWithoutRefreshToken(expires: Date | null): Date {
  const now = Date.now();
  if (!expires) return new Date(now + IDLE_REFRESH_HOURS * 3600_000);
  const warnAt = expires.getTime() - EXPIRING_SOON_DAYS * 86_400_000;
  return new Date(warnAt > now ? warnAt : Math.max(expires.getTime(), now + 60_000));
}

async function work(item: Item, ctx: { db: Db; owner: string }) {
  const { db, owner } = ctx;
  if (item.type === "OA2_AUTHORIZATION_CODE") {
    const [row] = await db
      .select({ valueCiphertext: secrets.valueCiphertext, expires: secrets.expires })
      .from(secrets)
      .where(and(eq(secrets.id, item.id), eq(secrets.tenantId, item.tenantId)));
    if (!row) return; // deleted meanwhile
    const value = JSON.parse(
      await decryptField({
        db,
        tenantId: item.tenantId,
        rowId: item.id,
        field: "value",
        envelope: row.valueCiphertext,
      }),
    ) as { refreshToken?: string };
    if (!value.refreshToken) {
      // No refresh path: expire it when due, announce it seven days before, else wait.
      if (!(await expireIfDue(db, item))) await announceExpiring(db, item);
      return release(db, item, owner, nextLookWithoutRefreshToken(row.expires));
    }
  }
  let ok = true;
  try {
    // The system acts: no caller, no request id (the audit log shows "system").
    if (item.due) await refreshOnRead(db, { tenantId: item.tenantId, id: item.id, audit: {} });
    else await forceRefresh(db, { tenantId: item.tenantId, id: item.id, audit: {} });
  } catch (err) {
    // 409 needs_reauth and 503 are outcomes the refresh already recorded (status, audit,
    // webhook event); anything else is a fault worth a log line.
    if (!(err instanceof ApiError)) throw err;
    ok = false;
  }
  await release(db, item, owner, ok ? null : sql`now() + ${secondsInterval(RETRY_AFTER_FAILURE_SECONDS)}`);
}

registerJob<Item>({
  name: "refresh",
  // Longer than a refresh can take: a holder's three attempts (each at most half the lease)
  // or a reader's wait (the lease plus 5 s).
  claimSeconds: () => env().REFRESH_LEASE_SECONDS * 2 + 10,
  batchSize: 25,
  concurrency: 4,
  claim,
  work,
  describe: (item) => ({ secretId: item.id }),
});
