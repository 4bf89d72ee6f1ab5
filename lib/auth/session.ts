import "server-only";
import { and, eq } from "drizzle-orm";
import { redirect } from "next/navigation";
import { cache } from "react";
import { auth } from "@/auth";
import { getDb } from "@/db/client";
import { memberships, tenants, users, type Role } from "@/db/schema";
import { isUuid } from "@/lib/ids";

export type Member = { userId: string; tenantId: string; tenantName: string; email: string; name: string; role: Role };

/**
 * The signed-in member for a dashboard page, re-read from the database so a changed
 * role or a removal applies at once. Signed-out visitors are redirected to /login.
 * Cached per request, so the layout and the page share one lookup.
 */
export const requireMember = cache(async (): Promise<Member> => {
  const session = await auth();
  const u = session?.user;
  if (!u || !isUuid(u.id) || !isUuid(u.tenantId)) redirect("/login");
  const db = await getDb();
  const [row] = await db
    .select({ role: memberships.role, email: users.email, name: users.name, tenantName: tenants.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
    .where(and(eq(memberships.userId, u.id), eq(memberships.tenantId, u.tenantId)));
  if (!row) redirect("/login");
  return { userId: u.id, tenantId: u.tenantId, ...row };
});

/** Like requireMember, but sends members without one of `roles` back to the dashboard. */
export async function requireRole(...roles: Role[]): Promise<Member> {
  const m = await requireMember();
  if (!roles.includes(m.role)) redirect("/?denied=1");
  return m;
}
