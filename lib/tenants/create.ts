import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { memberships, tenants, users, workspaces } from "@/db/schema";
import { ApiError } from "@/lib/api/errors";
import { hashPassword } from "@/lib/auth/password";
import { createDataKey } from "@/lib/crypto/data-keys";
import { defaultSettings } from "./defaults";

export type NewTenant = { name: string; adminEmail: string; adminPassword: string; adminName?: string };

/**
 * Creates a tenant with its admin, the default `production` workspace and its first data key,
 * in one transaction. An email that already belongs to a member answers `conflict`.
 */
export async function createTenant(db: Db, input: NewTenant) {
  const email = input.adminEmail.trim().toLowerCase();
  const passwordHash = await hashPassword(input.adminPassword);
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
    if (existing) throw new ApiError("conflict", "An account with this email already exists");
    const [tenant] = await tx.insert(tenants).values({ name: input.name, settings: defaultSettings() }).returning();
    const [user] = await tx
      .insert(users)
      .values({ email, name: input.adminName ?? email.split("@")[0], passwordHash })
      .returning();
    await tx.insert(memberships).values({ tenantId: tenant.id, userId: user.id, role: "admin" });
    await tx.insert(workspaces).values({ tenantId: tenant.id, slug: "production", name: "Production" });
    // The first data key is made here, committed with the tenant, never lazily inside a later
    // caller's transaction (lib/crypto/data-keys.ts).
    await createDataKey(tx, tenant.id, 1);
    return { tenant, user };
  });
}
