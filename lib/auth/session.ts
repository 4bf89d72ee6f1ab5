import "server-only";
import { and, eq } from "drizzle-orm";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { auth } from "@/auth";
import { getDb, type Db } from "@/db/client";
import { memberships, tenants, users, type Role } from "@/db/schema";
import { isUuid } from "@/lib/ids";
import { loginHref } from "./callback-url";

export type Member = { userId: string; tenantId: string; tenantName: string; email: string; name: string; role: Role };

/**
 * The signed-in member for a dashboard page, re-read from the database so a changed
 * role, a removal or a password change (elsewhere) applies at once. Signed-out visitors
 * and ended sessions are redirected to /login, which brings them back here afterwards.
 * Cached per request, so the layout and the page share one lookup.
 */
export const requireMember = cache(async (): Promise<Member> => {
  const u = (await auth())?.user;
  const member = u
    ? await loadMember(await getDb(), { userId: u.id, tenantId: u.tenantId, sessionVersion: u.sessionVersion })
    : null;
  // Back to the page asked for after log-in (proxy.ts names it; only a same-site path counts).
  if (!member) redirect(loginHref((await headers()).get("x-ic-path") ?? "/"));
  return member;
});

/**
 * The member a session names, or null when the session no longer counts: the member was
 * removed, or their session version moved on (a password change ends older sessions).
 */
export async function loadMember(
  db: Db,
  claims: { userId: string; tenantId: string; sessionVersion: number },
): Promise<Member | null> {
  if (!isUuid(claims.userId) || !isUuid(claims.tenantId)) return null;
  const [row] = await db
    .select({
      role: memberships.role,
      email: users.email,
      name: users.name,
      tenantName: tenants.name,
      sessionVersion: users.sessionVersion,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
    .where(and(eq(memberships.userId, claims.userId), eq(memberships.tenantId, claims.tenantId)));
  if (!row || row.sessionVersion !== claims.sessionVersion) return null;
  const { sessionVersion: _sv, ...member } = row;
  return { userId: claims.userId, tenantId: claims.tenantId, ...member };
}

/** Like requireMember, but sends members without one of `roles` back to the dashboard. */
export async function requireRole(...roles: Role[]): Promise<Member> {
  const m = await requireMember();
  if (!roles.includes(m.role)) redirect("/?denied=1");
  return m;
}
