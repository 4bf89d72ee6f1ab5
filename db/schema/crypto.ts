import { integer, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { ts } from "./columns";
import { tenants } from "./tenancy";

/** Per-tenant data keys, each wrapped (encrypted) by a master key version. */
export const dataKeys = pgTable(
  "data_keys",
  {
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    version: integer().notNull(),
    /** Master key version that wraps this data key. */
    masterVersion: text().notNull(),
    wrappedKey: text().notNull(),
    createdAt: ts(false).defaultNow(),
    updatedAt: ts(false)
      .defaultNow()
      .$onUpdate(() => new Date()),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.version] })],
);
export type DataKey = typeof dataKeys.$inferSelect;
