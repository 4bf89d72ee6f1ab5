import "server-only";
import { and, count, desc, eq, inArray, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditEvents } from "@/db/schema";
import type { Page } from "@/lib/api/paging";
import { actorOf, type Caller } from "@/lib/auth/caller";

export type AuditInput = {
  tenantId: string;
  caller?: Caller;
  action: string;
  targetType?: string;
  targetId?: string;
  metadata?: Record<string, unknown>;
  requestId?: string;
};

/**
 * Who is acting, as a handler passes it to a mutation in `lib/`: the caller and the request
 * id. The mutation writes its event with it in the transaction that makes the change, so a
 * crash between the two cannot lose the event. No caller means the system (CLI, jobs).
 */
export type AuditContext = Pick<AuditInput, "caller" | "requestId">;

/** Row values for an audit event; metadata must never contain secret values. */
export function auditRow(e: AuditInput) {
  const actor = e.caller ? actorOf(e.caller) : { actorType: "system" as const, actorId: null, actorLabel: null };
  return {
    tenantId: e.tenantId,
    ...actor,
    action: e.action,
    targetType: e.targetType,
    targetId: e.targetId,
    metadata: e.metadata,
    requestId: e.requestId,
  };
}

/** Records one audit event. Pass the mutation's transaction as `db`, so both commit together. */
export async function recordAudit(db: Db, e: AuditInput): Promise<void> {
  await db.insert(auditEvents).values(auditRow(e));
}

/** The public view of an event, built through its schema (lib/audit/public.ts). */
export { publicAuditEvent } from "./public";

/** Lists a tenant's events, newest first, filtered by action (one, or any of `actions`) and target. */
export async function listAuditEvents(
  db: Db,
  opts: { tenantId: string; page: Page; action?: string; actions?: readonly string[]; targetId?: string },
) {
  const filters: SQL[] = [eq(auditEvents.tenantId, opts.tenantId)];
  if (opts.action) filters.push(eq(auditEvents.action, opts.action));
  if (opts.actions) filters.push(inArray(auditEvents.action, [...opts.actions]));
  if (opts.targetId) filters.push(eq(auditEvents.targetId, opts.targetId));
  const where = and(...filters);
  const [rows, [{ total }]] = await Promise.all([
    db
      .select()
      .from(auditEvents)
      .where(where)
      .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
      .limit(opts.page.perPage)
      .offset(opts.page.offset),
    db.select({ total: count() }).from(auditEvents).where(where),
  ]);
  return { rows, total };
}
