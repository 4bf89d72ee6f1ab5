import "server-only";
import { and, asc, count, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { memberships, tenants, users, type Role } from "@/db/schema";
import { ApiError, notFound } from "@/lib/api/errors";
import { recordAudit, type AuditContext } from "@/lib/audit";
import { hashPassword } from "@/lib/auth/password";
import { isUuid } from "@/lib/ids";
import type { addMemberSchema } from "./schemas";

const memberColumns = {
  id: memberships.id,
  userId: users.id,
  email: users.email,
  name: users.name,
  role: memberships.role,
  createdAt: memberships.createdAt,
  updatedAt: memberships.updatedAt,
};

export async function listMembers(db: Db, opts: { tenantId: string }) {
  return db
    .select(memberColumns)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.tenantId, opts.tenantId))
    .orderBy(asc(users.email));
}

/**
 * Adds a dashboard member with an initial password, and its `member.added` event in the
 * same transaction. One email belongs to one tenant.
 */
export async function addMember(
  db: Db,
  opts: { tenantId: string; input: z.infer<typeof addMemberSchema>; audit: AuditContext },
) {
  const email = opts.input.email.trim().toLowerCase();
  const passwordHash = await hashPassword(opts.input.password);
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
    if (existing) throw new ApiError("conflict", "A member with this email already exists");
    const [user] = await tx
      .insert(users)
      .values({ email, name: opts.input.name || email.split("@")[0], passwordHash })
      .returning();
    const [m] = await tx
      .insert(memberships)
      .values({ tenantId: opts.tenantId, userId: user.id, role: opts.input.role })
      .returning();
    await recordAudit(tx, {
      ...opts.audit,
      tenantId: opts.tenantId,
      action: "member.added",
      targetType: "member",
      targetId: m.id,
      metadata: { email: user.email, role: m.role },
    });
    return { ...m, email: user.email, name: user.name };
  });
}

async function adminCount(db: Db, tenantId: string) {
  const [{ n }] = await db
    .select({ n: count() })
    .from(memberships)
    .where(and(eq(memberships.tenantId, tenantId), eq(memberships.role, "admin")));
  return n;
}

async function findMember(db: Db, tenantId: string, id: string) {
  if (!isUuid(id)) throw notFound("Member");
  const [m] = await db
    .select()
    .from(memberships)
    .where(and(eq(memberships.id, id), eq(memberships.tenantId, tenantId)));
  if (!m) throw notFound("Member");
  return m;
}

/**
 * Runs `fn` in a transaction that holds the tenant's row lock, so membership changes of one
 * tenant happen one at a time. The last-admin rule is a count followed by a change: without
 * the lock, two admins demoting (or removing) each other at once both count two admins and
 * both go ahead. Every statement after the lock sees what an earlier holder committed.
 */
async function serialisedPerTenant<T>(db: Db, tenantId: string, fn: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, tenantId)).for("update");
    return fn(tx);
  });
}

/**
 * Changes a member's role, with its `member.role_changed` event in the same transaction.
 * The last admin cannot be demoted, even by two admins at once.
 */
export async function updateMemberRole(
  db: Db,
  opts: { tenantId: string; id: string; role: Role; audit: AuditContext },
) {
  if (!isUuid(opts.id)) throw notFound("Member");
  return serialisedPerTenant(db, opts.tenantId, async (tx) => {
    const m = await findMember(tx, opts.tenantId, opts.id);
    if (m.role === "admin" && opts.role !== "admin" && (await adminCount(tx, opts.tenantId)) <= 1) {
      throw new ApiError("conflict", "A tenant needs at least one admin");
    }
    const [row] = await tx.update(memberships).set({ role: opts.role }).where(eq(memberships.id, m.id)).returning();
    await recordAudit(tx, {
      ...opts.audit,
      tenantId: opts.tenantId,
      action: "member.role_changed",
      targetType: "member",
      targetId: m.id,
      metadata: { role: opts.role },
    });
    return row;
  });
}

/**
 * Removes a member and their login, with its `member.removed` event in the same transaction.
 * Nobody removes themselves or the last admin, even in a race.
 */
export async function removeMember(
  db: Db,
  opts: { tenantId: string; id: string; actingUserId?: string; audit: AuditContext },
) {
  if (!isUuid(opts.id)) throw notFound("Member");
  return serialisedPerTenant(db, opts.tenantId, async (tx) => {
    const m = await findMember(tx, opts.tenantId, opts.id);
    if (m.userId === opts.actingUserId) throw new ApiError("conflict", "You cannot remove yourself");
    if (m.role === "admin" && (await adminCount(tx, opts.tenantId)) <= 1) {
      throw new ApiError("conflict", "A tenant needs at least one admin");
    }
    await tx.delete(users).where(eq(users.id, m.userId));
    await recordAudit(tx, {
      ...opts.audit,
      tenantId: opts.tenantId,
      action: "member.removed",
      targetType: "member",
      targetId: m.id,
    });
    return m;
  });
}
