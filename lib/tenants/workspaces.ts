import "server-only";
import { and, asc, count, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { secrets, tenants, workspaces } from "@/db/schema";
import { ApiError, notFound } from "@/lib/api/errors";
import { recordAudit, type AuditContext } from "@/lib/audit";
import { isUuid } from "@/lib/ids";

export async function listWorkspaces(db: Db, opts: { tenantId: string }) {
  return db.select().from(workspaces).where(eq(workspaces.tenantId, opts.tenantId)).orderBy(asc(workspaces.slug));
}

// A workspace's slug never changes, and a workspace holding secrets cannot be deleted,
// so id → slug is safe to cache for the life of the process.
const slugs = new Map<string, string>();

/** The slug of a workspace by id, from memory after the first lookup. */
export async function workspaceSlug(db: Db, id: string): Promise<string> {
  const hit = slugs.get(id);
  if (hit) return hit;
  const [w] = await db.select({ slug: workspaces.slug }).from(workspaces).where(eq(workspaces.id, id));
  if (!w) throw notFound("Workspace");
  slugs.set(id, w.slug);
  return w.slug;
}

/** The workspace with this slug, or `not_found`. */
export async function workspaceBySlug(db: Db, opts: { tenantId: string; slug: string }) {
  const [w] = await db
    .select()
    .from(workspaces)
    .where(and(eq(workspaces.tenantId, opts.tenantId), eq(workspaces.slug, opts.slug)));
  if (!w)
    throw new ApiError("validation_failed", `Unknown workspace "${opts.slug}"`, {
      issues: [{ path: "workspace", message: "No workspace with this slug" }],
    });
  return w;
}

/** Why a workspace cannot go, in the words the API and the dashboard's dialog both use. */
export function workspaceInUseMessage(slug: string, credentials: number): string {
  const what =
    credentials === 1 ? "1 credential. Move or delete it" : `${credentials} credentials. Move or delete them`;
  return `The workspace "${slug}" still holds ${what} first.`;
}

/** How many credentials each of the tenant's workspaces holds, by workspace id (empty ones are absent). */
export async function credentialCounts(db: Db, opts: { tenantId: string }): Promise<Map<string, number>> {
  const rows = await db
    .select({ id: secrets.workspaceId, n: count() })
    .from(secrets)
    .where(eq(secrets.tenantId, opts.tenantId))
    .groupBy(secrets.workspaceId);
  return new Map(rows.map((r) => [r.id, Number(r.n)]));
}

/** Creates a workspace, with its `workspace.created` event in the same transaction. A taken slug is `conflict`. */
export async function createWorkspace(
  db: Db,
  opts: { tenantId: string; slug: string; name?: string; audit: AuditContext },
) {
  return db.transaction(async (tx) => {
    const [w] = await tx
      .insert(workspaces)
      .values({ tenantId: opts.tenantId, slug: opts.slug, name: opts.name ?? opts.slug })
      .onConflictDoNothing()
      .returning();
    if (!w) throw new ApiError("conflict", `A workspace "${opts.slug}" already exists`);
    await recordAudit(tx, {
      ...opts.audit,
      tenantId: opts.tenantId,
      action: "workspace.created",
      targetType: "workspace",
      targetId: w.id,
      metadata: { slug: w.slug },
    });
    return w;
  });
}

/**
 * Deletes an empty workspace, with its `workspace.deleted` event in the same transaction.
 * One holding credentials answers `in_use`; the last one stays.
 */
export async function deleteWorkspace(db: Db, opts: { tenantId: string; id: string; audit: AuditContext }) {
  if (!isUuid(opts.id)) throw notFound("Workspace");
  return db.transaction(async (tx) => {
    // The tenant row lock (no key update, so other inserts of the tenant go on) makes two
    // deletes take turns, so they cannot both count two workspaces and leave none. The
    // workspace row lock makes a credential being created in it (its foreign-key check
    // share-locks the row) commit before the count, or wait and then fail.
    await tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, opts.tenantId)).for("no key update");
    const [w] = await tx
      .select()
      .from(workspaces)
      .where(and(eq(workspaces.id, opts.id), eq(workspaces.tenantId, opts.tenantId)))
      .for("update");
    if (!w) throw notFound("Workspace");
    const [{ n }] = await tx.select({ n: count() }).from(secrets).where(eq(secrets.workspaceId, w.id));
    if (n > 0) throw new ApiError("in_use", workspaceInUseMessage(w.slug, n), { credentials: n });
    const [{ total }] = await tx
      .select({ total: count() })
      .from(workspaces)
      .where(eq(workspaces.tenantId, opts.tenantId));
    if (total <= 1) throw new ApiError("conflict", "A tenant keeps at least one workspace");
    await tx.delete(workspaces).where(eq(workspaces.id, w.id));
    await recordAudit(tx, {
      ...opts.audit,
      tenantId: opts.tenantId,
      action: "workspace.deleted",
      targetType: "workspace",
      targetId: w.id,
      metadata: { slug: w.slug },
    });
    return w;
  });
}
