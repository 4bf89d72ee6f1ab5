import { index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { roles, type Role } from "../../lib/auth/roles";
import { baseColumns, ts } from "./columns";

export type TenantSettings = {
  embedOrigins: string[];
  returnUrlOrigins: string[];
  branding: { name?: string; accentColor?: string; logoUrl?: string };
  userTokenTtl: number;
};

export const tenants = pgTable("tenants", {
  ...baseColumns,
  name: text().notNull(),
  settings: jsonb().$type<TenantSettings>().notNull(),
  /** Version of the tenant data key used for new encryptions. */
  activeKeyVersion: integer().notNull().default(1),
});
export type Tenant = typeof tenants.$inferSelect;

export const users = pgTable("users", {
  ...baseColumns,
  email: text().notNull().unique(),
  name: text().notNull(),
  passwordHash: text().notNull(),
  /**
   * Dashboard sessions carry the version they were issued under (the `sv` JWT claim);
   * bumping it (a password change) ends every session issued before.
   */
  sessionVersion: integer().notNull().default(0),
});
export type User = typeof users.$inferSelect;

export { roles, type Role };

export const memberships = pgTable(
  "memberships",
  {
    ...baseColumns,
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text({ enum: roles }).notNull(),
  },
  (t) => [uniqueIndex("memberships_tenant_user").on(t.tenantId, t.userId), index("memberships_user").on(t.userId)],
);
export type Membership = typeof memberships.$inferSelect;

export const workspaces = pgTable(
  "workspaces",
  {
    ...baseColumns,
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    slug: text().notNull(),
    name: text().notNull(),
  },
  (t) => [uniqueIndex("workspaces_tenant_slug").on(t.tenantId, t.slug)],
);
export type Workspace = typeof workspaces.$inferSelect;

export const apiKeys = pgTable(
  "api_keys",
  {
    ...baseColumns,
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    name: text().notNull(),
    /** First characters of the key, shown to tell keys apart. */
    prefix: text().notNull(),
    /** SHA-256 of the whole key; the key itself is never stored. */
    hash: text().notNull().unique(),
    createdBy: uuid(),
    lastUsedAt: ts(),
    revokedAt: ts(),
  },
  (t) => [index("api_keys_tenant").on(t.tenantId)],
);
export type ApiKey = typeof apiKeys.$inferSelect;

export const endUsers = pgTable(
  "end_users",
  {
    ...baseColumns,
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    /** The tenant's external id for its customer. */
    username: text().notNull(),
  },
  (t) => [uniqueIndex("end_users_tenant_username").on(t.tenantId, t.username)],
);
export type EndUser = typeof endUsers.$inferSelect;
