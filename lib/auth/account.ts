import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { ApiError } from "@/lib/api/errors";
import { hashPassword, verifyPassword } from "./password";

/** Changes a member's own password after checking the current one. */
export async function changePassword(db: Db, opts: { userId: string; currentPassword: string; newPassword: string }) {
  const [user] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, opts.userId));
  if (!user || !(await verifyPassword(opts.currentPassword, user.passwordHash))) {
    throw new ApiError("validation_failed", "The request is not valid", {
      issues: [{ path: "currentPassword", message: "That is not your current password" }],
    });
  }
  await db.update(users).set({ passwordHash: await hashPassword(opts.newPassword) }).where(eq(users.id, opts.userId));
}
