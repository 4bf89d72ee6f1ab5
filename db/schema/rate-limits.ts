import { index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Fixed-window counters for rate limits and the login lockout (lib/rate-limit/). The key
 * names the limit and its subject (`login:ip:203.0.113.7`), so one upsert on the primary
 * key counts a hit atomically on every instance. A counter is not an entity, hence no UUID
 * or created/updated columns: a row lives for one window and is pruned after it.
 */
export const rateLimits = pgTable(
  "rate_limits",
  {
    key: text().primaryKey(),
    count: integer().notNull(),
    /** When the current window ends and the count starts again from zero. */
    resetAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [index("rate_limits_reset_at").on(t.resetAt)],
);
export type RateLimit = typeof rateLimits.$inferSelect;
