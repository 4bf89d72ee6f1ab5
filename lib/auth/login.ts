import "server-only";
import { asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { memberships, users } from "@/db/schema";
import { attempt } from "@/lib/rate-limit/limit";
import { LOGIN_EMAIL_MAX, loginsByEmail, passwordChecksByIp } from "@/lib/rate-limit/policies";
import { dummyHash, verifyPassword } from "./password";

/** After this many failures within the window, the email is refused until the window ends. */
export const MAX_FAILURES = LOGIN_EMAIL_MAX;

export type LoginResult = {
  id: string;
  email: string;
  name: string;
  tenantId: string;
  role: string;
  sessionVersion: number;
} | null;

/**
 * Checks a dashboard login. The attempt is counted (per client IP, then per email) before
 * the password is hashed, so guesses sent in parallel cannot slip past the lockout while
 * earlier ones are still inside scrypt; a success gives its count back. Over a limit it
 * throws `rate_limited` without looking at the password. Unknown emails cost the same hash
 * and count the same as known ones, so neither which accounts exist nor whether a guess
 * was right leaks. `ip` is omitted only where there is no client (tests, the CLI).
 */
export async function checkLogin(
  db: Db,
  rawEmail: string,
  password: string,
  opts: { ip?: string } = {},
): Promise<LoginResult> {
  const email = rawEmail.trim().toLowerCase();
  const counted = await attempt(db, [...(opts.ip ? [passwordChecksByIp(opts.ip)] : []), loginsByEmail(email)]);
  const [user] = await db.select().from(users).where(eq(users.email, email));
  const valid = await verifyPassword(password, user?.passwordHash ?? (await dummyHash()));
  if (!user || !valid) return null;
  await counted.giveBack();
  const [m] = await db
    .select()
    .from(memberships)
    .where(eq(memberships.userId, user.id))
    .orderBy(asc(memberships.createdAt))
    .limit(1);
  if (!m) return null;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    tenantId: m.tenantId,
    role: m.role,
    sessionVersion: user.sessionVersion,
  };
}
