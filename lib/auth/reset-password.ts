import "server-only";
import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { memberships, users } from "@/db/schema";
import { recordAudit } from "@/lib/audit";
import { hashPassword } from "./password";

/**
 * Recovers a lost dashboard login from the operator's shell (`npm run cli -- user
 * reset-password --email …`): sets a generated password and bumps the session version, which
 * ends every session issued before. The change and a `member.password_reset` event (system
 * actor) in each tenant the user belongs to are one transaction. Returns the new password,
 * shown once by the CLI and stored only as its hash; `null` when no user has that email.
 */
export async function resetPassword(db: Db, email: string): Promise<{ userId: string; password: string } | null> {
  // 18 random bytes: 24 base64url characters, well over the sign-up minimum.
  const password = randomBytes(18).toString("base64url");
  // Hashed before the transaction opens: scrypt takes long enough to matter to a held row lock.
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const [user] = await tx
      .update(users)
      .set({ passwordHash, sessionVersion: sql`${users.sessionVersion} + 1` })
      // Stored lower-cased, as sign-up and login normalise it.
      .where(eq(users.email, email.trim().toLowerCase()))
      .returning({ id: users.id });
    if (!user) return null;
    const tenants = await tx
      .select({ tenantId: memberships.tenantId })
      .from(memberships)
      .where(eq(memberships.userId, user.id));
    for (const { tenantId } of tenants) {
      await recordAudit(tx, {
        tenantId,
        action: "member.password_reset",
        targetType: "member",
        targetId: user.id,
        metadata: { via: "cli" },
      });
    }
    return { userId: user.id, password };
  });
}
