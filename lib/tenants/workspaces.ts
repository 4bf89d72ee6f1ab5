import "server-only";
import { and, asc, count, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { secrets, workspaces, type Workspace } from "@/db/schema";
import { ApiError, notFound } from "@/lib/api/errors";
import { isUuid } from "@/lib/ids";

export function publicWorkspace(w: Workspace) {
  return { id: w.id, _id: w.id, slug: w.slug, name: w.name, createdAt: w.createdAt, updatedAt: w.updatedAt };
}

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
  if (!w) throw new ApiError("validation_failed", `Unknown workspace "${opts.slug}"`, {
    issues: [{ path: "workspace", message: "No workspace with this slug" }],
  });
  return w;
}

export async function createWorkspace(db: Db, opts: { tenantId: string; slug: string; name?: string }) {
  const [w] = await db
    .insert(workspaces)
    .values({ tenantId: opts.tenantId, slug: opts.slug, name: opts.name ?? opts.slug })
    .onConflictDoNothing()
    .returning();
  if (!w) throw new ApiError("conflict", `A workspace "${opts.slug}" already exists`);
  return w;
}

/** Deletes an empty workspace. One holding credentials answers `in_use`; the last one stays. */
export async function deleteWorkspace(db: Db, opts: { tenantId: string; id: string }) {
  if (!isUuid(opts.id)) throw notFound("Workspace");
  const [w] = await db
    .select()
    .from(workspaces)
    .where(and(eq(workspaces.id, opts.id), eq(workspaces.tenantId, opts.tenantId)));
  if (!w) throw notFound("Workspace");
  const [{ n }] = await db.select({ n: count() }).from(secrets).where(eq(secrets.workspaceId, w.id));
  if (n > 0) throw new ApiError("in_use", `The workspace holds ${n} credential(s); move or delete them first`);
  const [{ total }] = await db.select({ total: count() }).from(workspaces).where(eq(workspaces.tenantId, opts.tenantId));
  if (total <= 1) throw new ApiError("conflict", "A tenant keeps at least one workspace");
  await db.delete(workspaces).where(eq(workspaces.id, w.id));
  return w;
}
