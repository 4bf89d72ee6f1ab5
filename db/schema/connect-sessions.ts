import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { baseColumns, ts } from "./columns";
import { endUsers, tenants, workspaces } from "./tenancy";

/**
 * A connect session: a short-lived browser credential (`ics_…`) minted by the tenant's
 * backend for one end user, used by the embed UI. Only the SHA-256 of the token is kept.
 * It may limit the components and the workspace, and it names the origin that embeds it.
 * A session ends when `expiresAt` passes or `revokedAt` is set; its end user's deletion
 * takes it along (cascade).
 */
export const connectSessions = pgTable(
  "connect_sessions",
  {
    ...baseColumns,
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    endUserId: uuid()
      .notNull()
      .references(() => endUsers.id, { onDelete: "cascade" }),
    /** The only workspace the session acts in; null means any of the tenant's. */
    workspaceId: uuid().references(() => workspaces.id, { onDelete: "cascade" }),
    /** Catalogue component ids the session may use; null means every component. */
    components: jsonb().$type<string[]>(),
    /** The exact origin that embeds the session (one of the tenant's embed origins), or null. */
    origin: text(),
    /** SHA-256 (hex) of the whole token; the token itself is never stored. */
    tokenHash: text().notNull(),
    /** Who minted it: the API key's or member's id, for the audit trail. */
    createdBy: uuid(),
    // Spelt out rather than ts(false), whose union type loses the NOT NULL.
    expiresAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
    revokedAt: ts(),
  },
  (t) => [
    uniqueIndex("connect_sessions_token_hash").on(t.tokenHash),
    index("connect_sessions_tenant").on(t.tenantId),
    index("connect_sessions_expires").on(t.expiresAt),
  ],
);
export type ConnectSession = typeof connectSessions.$inferSelect;
