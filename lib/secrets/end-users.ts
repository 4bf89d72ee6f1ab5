import "server-only";
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditEvents, endUsers, secrets, secretUsages, type EndUser } from "@/db/schema";
import { ApiError, notFound } from "@/lib/api/errors";
import { auditRow, type AuditInput } from "@/lib/audit";
import { emitConnectionEvents } from "@/lib/events/emit";
import { prepareRevocation, revocableColumns, runRevocations, type RevocationJob } from "@/lib/oauth/revoke-on-delete";

/** The end user with this external id, created on first use (impersonation or credential passing). */
export async function ensureEndUser(db: Db, opts: { tenantId: string; username: string }): Promise<EndUser> {
  const [created] = await db
    .insert(endUsers)
    .values({ tenantId: opts.tenantId, username: opts.username })
    .onConflictDoNothing()
    .returning();
  if (created) return created;
  const existing = await findEndUser(db, opts);
  if (!existing) throw new Error("end user vanished during upsert");
  return existing;
}

export async function findEndUser(db: Db, opts: { tenantId: string; username: string }): Promise<EndUser | undefined> {
  const [row] = await db
    .select()
    .from(endUsers)
    .where(and(eq(endUsers.tenantId, opts.tenantId), eq(endUsers.username, opts.username)));
  return row;
}

type AuditCtx = Omit<AuditInput, "tenantId" | "action" | "targetType" | "targetId">;

// Rows per audit insert: far below Postgres' 65,535 bound parameters at nine columns a row.
const AUDIT_CHUNK = 1000;

/**
 * Deletes an end user; their secrets go with them (FK cascade) and their tokens stop working.
 * As for one secret (`deleteSecret`), an active usage of any of their secrets blocks it with
 * `409 in_use` listing the usages, unless `force` (the caller's right to force is checked by
 * the handler, `forceParam`). The check, the delete, every audit event (a `secret.deleted`
 * per secret, then `end_user.deleted`) and the `connection.deleted` webhook deliveries are
 * one transaction, so the log never disagrees with the data. Their OAuth tokens are then
 * revoked at the provider, after the commit, each outcome audited (`secret.revoked` or
 * `secret.revocation_pending`). Unknown (or another tenant's) end user: `404`.
 */
export async function deleteEndUser(
  db: Db,
  opts: { tenantId: string; username: string; force: boolean; audit: AuditCtx },
): Promise<EndUser> {
  const { tenantId } = opts;
  const { user, jobs } = await db.transaction(async (tx) => {
    // Locking the end user and their secrets makes a concurrent credential passing or usage
    // (whose foreign-key checks share-lock these rows) wait for this decision, not slip past it.
    const [user] = await tx
      .select()
      .from(endUsers)
      .where(and(eq(endUsers.tenantId, tenantId), eq(endUsers.username, opts.username)))
      .for("update");
    if (!user) throw notFound("End user");
    const owned = await tx
      .select(revocableColumns)
      .from(secrets)
      .where(and(eq(secrets.tenantId, tenantId), eq(secrets.endUserId, user.id)))
      .orderBy(asc(secrets.id))
      .for("update");
    const ids = owned.map((s) => s.id);
    const active = ids.length
      ? await tx
          .select({ secretId: secretUsages.secretId, ref: secretUsages.ref, label: secretUsages.label })
          .from(secretUsages)
          .where(
            and(
              eq(secretUsages.tenantId, tenantId),
              inArray(secretUsages.secretId, ids),
              eq(secretUsages.active, true),
            ),
          )
          .orderBy(asc(secretUsages.secretId), asc(secretUsages.ref))
      : [];
    if (active.length > 0 && !opts.force) {
      throw new ApiError("in_use", `The end user's credentials are used by ${active.length} active usage(s)`, {
        usages: active,
      });
    }
    // Read the OAuth tokens while the rows are still there; the providers are called after the commit.
    const jobs: RevocationJob[] = [];
    for (const row of owned) {
      const job = await prepareRevocation(tx, { tenantId, row });
      if (job) jobs.push(job);
    }
    const revoking = new Set(jobs.map((j) => j.secretId));
    // Before the delete: the events' component, workspace and status are read from the rows.
    await emitConnectionEvents(
      tx,
      ids.map((secretId) => ({
        type: "connection.deleted" as const,
        tenantId,
        secretId,
        username: user.username,
        reason: "end_user_deleted",
      })),
    );
    await tx.delete(endUsers).where(and(eq(endUsers.id, user.id), eq(endUsers.tenantId, tenantId)));
    const inUse = new Set(active.map((a) => a.secretId));
    const events = [
      ...ids.map((id) =>
        auditRow({
          ...opts.audit,
          tenantId,
          action: "secret.deleted",
          targetType: "secret",
          targetId: id,
          metadata: {
            reason: "end_user.deleted",
            forced: inUse.has(id),
            ...(revoking.has(id) && { revocation: "attempting" }),
          },
        }),
      ),
      auditRow({
        ...opts.audit,
        tenantId,
        action: "end_user.deleted",
        targetType: "end_user",
        targetId: user.id,
        metadata: { username: user.username, secrets: ids.length, forced: inUse.size > 0 },
      }),
    ];
    for (let i = 0; i < events.length; i += AUDIT_CHUNK)
      await tx.insert(auditEvents).values(events.slice(i, i + AUDIT_CHUNK));
    return { user, jobs };
  });
  await runRevocations(db, jobs, opts.audit);
  return user;
}
