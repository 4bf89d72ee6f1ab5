import "server-only";
import { asc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { loginThrottles, memberships, users } from "@/db/schema";
import { dummyHash, verifyPassword } from "./password";

/** After this many failures within the window, the email is locked for LOCK_MINUTES. */
export const MAX_FAILURES = 10;
const WINDOW_MINUTES = 15;
const LOCK_MINUTES = 15;

export type LoginResult = { id: string; email: string; name: string; tenantId: string; role: string } | null;

async function isLocked(db: Db, email: string): Promise<boolean> {
  const [row] = await db.select({ lockedUntil: loginThrottles.lockedUntil }).from(loginThrottles).where(eq(loginThrottles.email, email));
  return !!row?.lockedUntil && row.lockedUntil > new Date();
}

/** Counts a failure atomically (safe across instances); the MAX_FAILURES-th in a window locks the email. */
async function recordFailure(db: Db, email: string): Promise<void> {
  const expired = sql`${loginThrottles.windowStart} < now() - make_interval(mins => ${WINDOW_MINUTES})`;
  const next = sql`case when ${expired} then 1 else ${loginThrottles.failures} + 1 end`;
  await db
    .insert(loginThrottles)
    .values({ email, failures: 1 })
    .onConflictDoUpdate({
      target: loginThrottles.email,
      set: {
        failures: next,
        windowStart: sql`case when ${expired} then now() else ${loginThrottles.windowStart} end`,
        lockedUntil: sql`case when ${next} >= ${MAX_FAILURES} then now() + make_interval(mins => ${LOCK_MINUTES}) else ${loginThrottles.lockedUntil} end`,
      },
    });
}

/**
 * Checks a dashboard login. Unknown emails cost the same password hash as known ones, and
 * a locked email is refused without looking at the password, so neither which accounts
 * exist nor whether a guess was right leaks.
 */
export async function checkLogin(db: Db, rawEmail: string, password: string): Promise<LoginResult> {
  const email = rawEmail.trim().toLowerCase();
  if (await isLocked(db, email)) {
    await verifyPassword(password, await dummyHash());
    return null;
  }
  const [user] = await db.select().from(users).where(eq(users.email, email));
  const valid = await verifyPassword(password, user?.passwordHash ?? (await dummyHash()));
  if (!user || !valid) {
    await recordFailure(db, email);
    return null;
  }
  await db.delete(loginThrottles).where(eq(loginThrottles.email, email));
  const [m] = await db.select().from(memberships).where(eq(memberships.userId, user.id)).orderBy(asc(memberships.createdAt)).limit(1);
  if (!m) return null;
  return { id: user.id, email: user.email, name: user.name, tenantId: m.tenantId, role: m.role };
}
