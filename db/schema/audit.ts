import { index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { tenants } from "./tenancy";

/** Append-only record of who did what. Never holds a secret value. */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: uuid().primaryKey().defaultRandom(),
    createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    actorType: text({ enum: ["member", "api_key", "end_user", "system"] }).notNull(),
    actorId: text(),
    actorLabel: text(),
    action: text().notNull(),
    targetType: text(),
    targetId: text(),
    metadata: jsonb().$type<Record<string, unknown>>(),
    requestId: text(),
  },
  (t) => [
    index("audit_events_tenant_created").on(t.tenantId, t.createdAt),
    index("audit_events_tenant_target").on(t.tenantId, t.targetId),
  ],
);
export type AuditEvent = typeof auditEvents.$inferSelect;
