import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { endUsers, type EndUser } from "@/db/schema";

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

/** Deletes an end user; their secrets go with them (FK cascade) and their tokens stop working. */
export async function deleteEndUser(db: Db, opts: { tenantId: string; username: string }) {
  const [row] = await db
    .delete(endUsers)
    .where(and(eq(endUsers.tenantId, opts.tenantId), eq(endUsers.username, opts.username)))
    .returning();
  return row;
}
