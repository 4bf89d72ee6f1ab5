import { bigint, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { secretStatuses } from "../../lib/secrets/statuses";
import { endUsers, tenants, workspaces } from "./tenancy";

/*
 * Exact secret counts per stored dimension (docs/architecture.md › Lists at scale), so a
 * list's `meta.total` and the dashboard's count badges add up a few rows instead of counting
 * a million. Nothing in the app writes them: statement-level triggers on `secrets`
 * (drizzle/0011) add and subtract the rows each INSERT, UPDATE and DELETE changed, inside that
 * statement's transaction, so no code path (a job, a cascade, raw SQL) can forget them.
 * `component_id` is '' for a secret without a component, so every key is a plain primary key.
 * Rows that drop to zero stay; a later create reuses them.
 */

/**
 * Tenant-wide counts: one row per tenant, workspace, component, type and stored status, so
 * concurrent creates for different components (or types, workspaces) never queue on one row.
 */
export const secretCounts = pgTable(
  "secret_counts",
  {
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    componentId: text().notNull(),
    type: text().notNull(),
    status: text({ enum: secretStatuses }).notNull(),
    n: bigint({ mode: "number" }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.workspaceId, t.componentId, t.type, t.status] })],
);
export type SecretCount = typeof secretCounts.$inferSelect;

/**
 * The same per end user, for the totals of a user token, a connect session or `?username=`:
 * a few rows per end user, whatever the tenant holds. Workspace-owned secrets have none.
 */
export const secretUserCounts = pgTable(
  "secret_user_counts",
  {
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    endUserId: uuid()
      .notNull()
      .references(() => endUsers.id, { onDelete: "cascade" }),
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    componentId: text().notNull(),
    type: text().notNull(),
    status: text({ enum: secretStatuses }).notNull(),
    n: bigint({ mode: "number" }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.endUserId, t.workspaceId, t.componentId, t.type, t.status] })],
);
export type SecretUserCount = typeof secretUserCounts.$inferSelect;
