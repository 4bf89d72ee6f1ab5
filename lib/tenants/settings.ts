import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { tenants, type TenantSettings } from "@/db/schema";
import { notFound } from "@/lib/api/errors";
import { recordAudit, type AuditContext } from "@/lib/audit";
import { defaultSettings } from "./defaults";

/** An exact origin: scheme, host and optional port; nothing else. */
export const originSchema = z.string().refine((o) => {
  try {
    const u = new URL(o);
    return (u.protocol === "https:" || u.protocol === "http:") && u.origin === o;
  } catch {
    return false;
  }
}, "Use an exact origin such as https://app.example.com (no path or trailing slash)");

export const settingsPatchSchema = z.strictObject({
  embedOrigins: z.array(originSchema).max(50).optional(),
  returnUrlOrigins: z.array(originSchema).max(50).optional(),
  branding: z
    .strictObject({
      name: z.string().trim().max(100).optional(),
      accentColor: z
        .string()
        .regex(/^#[0-9a-fA-F]{6}$/, "Use a colour like #3355ff")
        .optional(),
      logoUrl: z.url({ protocol: /^https$/ }).optional(),
    })
    .optional(),
  userTokenTtl: z.number().int().min(60).max(86_400).optional(),
});

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
  opts: { tenantId: string; patch: z.infer<typeof settingsPatchSchema>; audit: AuditContext },
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
    const next = { ...current, ...opts.patch, branding: { ...current.branding, ...opts.patch.branding } };
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
