import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, isNull, lt, lte, ne, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditEvents, authClients, secrets, type Secret } from "@/db/schema";
import { auditRow, type AuditInput } from "@/lib/audit";
import { emitConnectionEvent } from "@/lib/events/emit";

/*
 * The refresh lease on a secret row (docs/architecture.md › Token refresh). Every write a
 * refresh makes is one compare-and-swap statement on the row, so coordination works the
 * same across any number of instances, and no transaction is held open while the token
 * endpoint is called. Lease bookkeeping keeps `updated_at`: it is not an edit of the secret.
 */

type AuditCtx = Omit<AuditInput, "tenantId" | "action" | "targetType" | "targetId">;

/** A fresh lease owner: the process and a uuid, so two attempts never share a lease. */
export const newLeaseOwner = () => `${process.pid}:${randomUUID()}`;

const keepUpdatedAt = { updatedAt: sql`${secrets.updatedAt}` };
const seconds = (n: number) => sql`(${Math.ceil(n)}::int * interval '1 second')`;

/**
 * A secret linked to the auth client that can renew it: OAuth2 (refresh token), client
 * credentials (a new token) or session auth (the login again). Keep in step with
 * RENEWABLE_TYPES (lib/oauth/renew.ts) and the read statement in lib/secrets/store.ts.
 */
const refreshable = sql<boolean>`(${secrets.type} in ('OA2_AUTHORIZATION_CODE', 'OA2_CLIENT_CREDENTIALS', 'SESSION_AUTH') and ${secrets.authClientId} is not null)`;

/** Refreshable, and the token expires within its client's refresh buffer (unknown expiry: never, until forced). */
const refreshDue = sql<boolean>`(${refreshable} and ${secrets.expires} is not null and ${secrets.expires} < now() + (
  select ${authClients.refreshBufferSeconds} from ${authClients} where ${authClients.id} = ${secrets.authClientId}
) * interval '1 second')`;

const row = (tenantId: string, id: string) => and(eq(secrets.id, id), eq(secrets.tenantId, tenantId));

/** What a lease holder needs: the value as stored now, and where its tokens come from. */
export type Leased = Pick<Secret, "valueCiphertext" | "authClientId" | "type" | "componentId" | "config" | "expires">;

/**
 * Takes the refresh lease by compare-and-swap: only when no live lease exists, no failed
 * refresh is cooling down, the secret does not need re-authorisation, and (unless `force`)
 * it is still due. The last condition is what makes N readers cause one token call: a
 * reader whose row was read before another instance wrote the new token finds it no
 * longer due here. Returns the row as stored, or undefined when the lease was not taken.
 */
export async function takeLease(
  db: Db,
  opts: { tenantId: string; id: string; owner: string; leaseSeconds: number; force: boolean },
): Promise<Leased | undefined> {
  const [got] = await db
    .update(secrets)
    .set({ leaseOwner: opts.owner, leaseUntil: sql`now() + ${seconds(opts.leaseSeconds)}`, ...keepUpdatedAt })
    .where(
      and(
        row(opts.tenantId, opts.id),
        refreshable,
        ne(secrets.status, "expired"),
        or(isNull(secrets.leaseUntil), lt(secrets.leaseUntil, sql`now()`)),
        or(isNull(secrets.refreshRetryAt), lte(secrets.refreshRetryAt, sql`now()`)),
        opts.force ? undefined : refreshDue,
      ),
    )
    .returning({
      valueCiphertext: secrets.valueCiphertext,
      authClientId: secrets.authClientId,
      type: secrets.type,
      componentId: secrets.componentId,
      config: secrets.config,
      expires: secrets.expires,
    });
  return got;
}

/** The columns a refresh may change, as a reader merges them into the row it read. */
const stateColumns = {
  valueCiphertext: secrets.valueCiphertext,
  expires: secrets.expires,
  scope: secrets.scope,
  status: secrets.status,
  statusDetail: secrets.statusDetail,
  maskedValue: secrets.maskedValue,
  updatedAt: secrets.updatedAt,
};

/** The row as a waiting reader sees it: its value and whether a refresh is still pending. */
export type RefreshState = {
  valueCiphertext: string;
  expires: Date | null;
  scope: string | null;
  status: Secret["status"];
  statusDetail: string | null;
  maskedValue: Record<string, unknown>;
  updatedAt: Date;
  /** Another attempt holds a lease that has not run out. */
  leased: boolean;
  /** A renewable type linked to an auth client: a refresh can be attempted at all. */
  refreshable: boolean;
  /** The secret's type, which says what renewing it means (lib/oauth/renew.ts). */
  type: Secret["type"];
  due: boolean;
  /** Seconds until a failed refresh may be retried; 0 when it may be retried now. */
  retryIn: number;
};

/** Reads the refresh state of a secret (undefined when it is gone). */
export async function readRefreshState(
  db: Db,
  opts: { tenantId: string; id: string },
): Promise<RefreshState | undefined> {
  const [got] = await db
    .select({
      ...stateColumns,
      leased: sql<boolean>`(${secrets.leaseUntil} is not null and ${secrets.leaseUntil} >= now())`,
      refreshable,
      type: secrets.type,
      due: refreshDue,
      retryIn: sql<number>`greatest(0, coalesce(ceil(extract(epoch from ${secrets.refreshRetryAt} - now())), 0))::int`,
    })
    .from(secrets)
    .where(row(opts.tenantId, opts.id));
  return got;
}

/** The value as stored now (for the re-read after `invalid_grant`). */
export async function currentCiphertext(db: Db, opts: { tenantId: string; id: string }): Promise<string | undefined> {
  const [got] = await db.select({ v: secrets.valueCiphertext }).from(secrets).where(row(opts.tenantId, opts.id));
  return got?.v;
}

/**
 * Writes refreshed tokens and releases the lease in one statement, only while the lease is
 * still ours and unexpired; the audit event goes in the same transaction. Returns the new
 * state, or undefined when the lease was lost (nothing written).
 */
export async function writeRefreshed(
  db: Db,
  opts: {
    tenantId: string;
    id: string;
    owner: string;
    valueCiphertext: string;
    maskedValue: Record<string, unknown>;
    expires: Date | null;
    scope: string | null;
    audit: AuditCtx;
    metadata: Record<string, unknown>;
  },
) {
  return db.transaction(async (tx) => {
    // Whether this success ends a run of failed refreshes: then the tenant hears it recovered.
    const [before] = await tx
      .select({ failing: sql<boolean>`(${secrets.refreshRetryAt} is not null or ${secrets.status} <> 'active')` })
      .from(secrets)
      .where(row(opts.tenantId, opts.id))
      .for("update");
    const [done] = await tx
      .update(secrets)
      .set({
        refreshedAt: sql`now()`,
        valueCiphertext: opts.valueCiphertext,
        maskedValue: opts.maskedValue,
        expires: opts.expires,
        scope: opts.scope,
        status: "active",
        statusDetail: null,
        refreshRetryAt: null,
        leaseOwner: null,
        leaseUntil: null,
      })
      .where(and(row(opts.tenantId, opts.id), eq(secrets.leaseOwner, opts.owner), sql`${secrets.leaseUntil} > now()`))
      .returning(stateColumns);
    if (!done) return undefined;
    await tx.insert(auditEvents).values(
      auditRow({
        ...opts.audit,
        tenantId: opts.tenantId,
        action: "secret.refreshed",
        targetType: "secret",
        targetId: opts.id,
        metadata: opts.metadata,
      }),
    );
    if (before?.failing)
      await emitConnectionEvent(tx, { type: "connection.recovered", tenantId: opts.tenantId, secretId: opts.id });
    return done;
  });
}

/**
 * A genuine refusal (`invalid_grant`, or a session login answered 4xx): marks the secret
 * `expired` (needs re-authorisation) and releases the lease, only if the lease is ours and
 * the value is still the one whose credentials were refused. Returns whether it was marked.
 */
export async function markExpired(
  db: Db,
  opts: {
    tenantId: string;
    id: string;
    owner: string;
    envelope: string;
    audit: AuditCtx;
    /** Why, for the status detail and the audit event (`invalid_grant`, `login_refused`). */
    detail?: string;
    reason?: string;
  },
): Promise<boolean> {
  const reason = opts.reason ?? "invalid_grant";
  return db.transaction(async (tx) => {
    const done = await tx
      .update(secrets)
      .set({
        status: "expired",
        statusDetail: opts.detail ?? "The provider refused the refresh token (invalid_grant); connect again",
        leaseOwner: null,
        leaseUntil: null,
      })
      .where(
        and(
          row(opts.tenantId, opts.id),
          eq(secrets.leaseOwner, opts.owner),
          eq(secrets.valueCiphertext, opts.envelope),
        ),
      )
      .returning({ id: secrets.id });
    if (done.length === 0) return false;
    await tx.insert(auditEvents).values(
      auditRow({
        ...opts.audit,
        tenantId: opts.tenantId,
        action: "secret.expired",
        targetType: "secret",
        targetId: opts.id,
        metadata: { reason },
      }),
    );
    await emitConnectionEvent(tx, {
      type: "connection.refresh_failed",
      tenantId: opts.tenantId,
      secretId: opts.id,
      reason,
    });
    return true;
  });
}

/**
 * A failed refresh (5xx, timeout, network, a malformed answer): no instance tries again
 * for `retrySeconds`. The status turns `error` only when the stored access token no longer
 * works; the lease is released in the same statement.
 */
export async function markFailed(
  db: Db,
  opts: {
    tenantId: string;
    id: string;
    owner: string;
    retrySeconds: number;
    tokenValid: boolean;
    detail: string;
    audit: AuditCtx;
    metadata: Record<string, unknown>;
  },
): Promise<void> {
  await db.transaction(async (tx) => {
    // Only the first failure of a run is announced: later ones (every cool-down) are the same news.
    const [before] = await tx
      .select({ first: sql<boolean>`(${secrets.refreshRetryAt} is null)` })
      .from(secrets)
      .where(row(opts.tenantId, opts.id))
      .for("update");
    const done = await tx
      .update(secrets)
      .set({
        refreshRetryAt: sql`now() + ${seconds(opts.retrySeconds)}`,
        ...(opts.tokenValid ? {} : { status: "error" as const, statusDetail: opts.detail }),
        leaseOwner: null,
        leaseUntil: null,
        ...keepUpdatedAt,
      })
      .where(and(row(opts.tenantId, opts.id), eq(secrets.leaseOwner, opts.owner)))
      .returning({ id: secrets.id });
    if (done.length === 0) return;
    await tx.insert(auditEvents).values(
      auditRow({
        ...opts.audit,
        tenantId: opts.tenantId,
        action: "secret.refresh_failed",
        targetType: "secret",
        targetId: opts.id,
        metadata: opts.metadata,
      }),
    );
    if (before?.first)
      await emitConnectionEvent(tx, {
        type: "connection.refresh_failed",
        tenantId: opts.tenantId,
        secretId: opts.id,
        reason: typeof opts.metadata.reason === "string" ? opts.metadata.reason : null,
      });
  });
}

/** Releases the lease if it is still ours. Safe to call on every path, after any of the above. */
export async function releaseLease(db: Db, opts: { tenantId: string; id: string; owner: string }): Promise<void> {
  await db
    .update(secrets)
    .set({ leaseOwner: null, leaseUntil: null, ...keepUpdatedAt })
    .where(and(row(opts.tenantId, opts.id), eq(secrets.leaseOwner, opts.owner)));
}
