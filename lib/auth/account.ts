import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { ApiError } from "@/lib/api/errors";
import { recordAudit, type AuditContext } from "@/lib/audit";
import { attempt } from "@/lib/rate-limit/limit";
import { passwordChecksByIp, passwordChecksByUser } from "@/lib/rate-limit/policies";
import { hashPassword, verifyPassword } from "./password";

/**
 * Changes a member's own password after checking the current one. The check is counted
 * per member and per client address before the hash runs (`rate_limited` over either).
 * The change bumps the member's session version, which ends every dashboard session
 * issued before; the caller re-issues its own session under the returned version. The
 * change and its `member.password_changed` event (in `tenantId`) are one transaction.
 */
export async function changePassword(
  db: Db,
  opts: {
    tenantId: string;
    userId: string;
    currentPassword: string;
    newPassword: string;
    ip: string;
    audit: AuditContext;
  },
): Promise<{ sessionVersion: number }> {
  const counted = await attempt(db, [passwordChecksByIp(opts.ip), passwordChecksByUser(opts.userId)]);
  const [user] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, opts.userId));
  if (!user || !(await verifyPassword(opts.currentPassword, user.passwordHash))) {
    throw new ApiError("validation_failed", "The request is not valid", {
      issues: [{ path: "currentPassword", message: "That is not your current password" }],
    });
  }
  await counted.giveBack();
  // Hashed before the transaction opens: scrypt takes long enough to matter to a held row lock.
  const passwordHash = await hashPassword(opts.newPassword);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(users)
      .set({ passwordHash, sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, opts.userId))
      .returning({ sessionVersion: users.sessionVersion });
    if (!row) throw new ApiError("unauthorized", "Authentication required");
    await recordAudit(tx, {
      ...opts.audit,
      tenantId: opts.tenantId,
      action: "member.password_changed",
      targetType: "member",
      targetId: opts.userId,
    });
    return row;
  });
}
