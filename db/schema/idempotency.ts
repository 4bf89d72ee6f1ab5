import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { tenants } from "./tenancy";

/**
 * `Idempotency-Key` records (lib/api/idempotency.ts): one row per tenant, caller and key.
 * The row is written before the request runs (`status` null: in progress), so a concurrent
 * request with the same key finds it and is refused instead of storing a second time, and it
 * then keeps the first answer to replay for 24 hours. `requestHash` is an HMAC of the request,
 * never the body itself; `body` is the masked create answer, nothing a list may not show.
 */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    /** Who sent it, e.g. `api_key:<id>`: a key is only ever replayed to the caller that made it. */
    caller: text().notNull(),
    key: text().notNull(),
    requestHash: text().notNull(),
    /** The first answer's status, or null while the first request still runs. */
    status: integer(),
    body: jsonb(),
    createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.caller, t.key] }), index("idempotency_keys_created_at").on(t.createdAt)],
);
export type IdempotencyKey = typeof idempotencyKeys.$inferSelect;
