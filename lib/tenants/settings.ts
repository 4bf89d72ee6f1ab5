import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { tenants, type TenantSettings } from "@/db/schema";
import { notFound } from "@/lib/api/errors";
import { recordAudit, type AuditContext } from "@/lib/audit";
import { defaultSettings } from "./defaults";
import type { SettingsPatch } from "./settings-schema";

export { originSchema, settingsPatchSchema, type SettingsPatch } from "./settings-schema";

export async function getSettings(db: Db, opts: { tenantId: string }): Promise<TenantSettings> {
  const [t] = await db.select({ settings: tenants.settings }).from(tenants).where(eq(tenants.id, opts.tenantId));
  if (!t) throw notFound("Tenant");
  return { ...defaultSettings(), ...t.settings };
}

/**
 * Merges a validated patch into the tenant's settings, with its `settings.updated` event
 * (the names of the fields patched) in the same transaction.
 */
export async function updateSettings(
  db: Db,
  opts: { tenantId: string; patch: SettingsPatch; audit: AuditContext },
): Promise<TenantSettings> {
  return db.transaction(async (tx) => {
    // Read under the row lock: two patches of different fields at once would otherwise
    // both merge into the same old settings, and the later write would undo the earlier.
    const [t] = await tx
      .select({ settings: tenants.settings })
      .from(tenants)
      .where(eq(tenants.id, opts.tenantId))
      .for("no key update");
    if (!t) throw notFound("Tenant");
    const current = { ...defaultSettings(), ...t.settings };
    const branding = Object.fromEntries(
      Object.entries({ ...current.branding, ...opts.patch.branding }).filter(
        ([, v]) => v !== null && v !== undefined && v !== "",
      ),
    ) as TenantSettings["branding"];
    const next: TenantSettings = { ...current, ...opts.patch, branding };
    await tx.update(tenants).set({ settings: next }).where(eq(tenants.id, opts.tenantId));
    await recordAudit(tx, {
      ...opts.audit,
      tenantId: opts.tenantId,
      action: "settings.updated",
      targetType: "tenant",
      targetId: opts.tenantId,
      metadata: { fields: Object.keys(opts.patch) },
    });
    return next;
  });
}
