import "server-only";
import { eq, inArray, lte, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rateLimits } from "@/db/schema";
import { ApiError } from "@/lib/api/errors";
import { errorForLog, logger } from "@/lib/log";

/** One limit: at most `max` hits on `key` per fixed window of `windowSeconds`. */
export type LimitRule = { key: string; max: number; windowSeconds: number };

export type Hit = { count: number; limited: boolean; retryAfter: number };

// Expired rows are harmless (the next hit resets them), so pruning only keeps the table
// small: about one hit in this many deletes a batch of them.
const PRUNE_EVERY = 200;
const PRUNE_BATCH = 1000;

/**
 * Counts one hit on `rule.key` and tells whether it is over the limit. One upsert on the
 * primary key: Postgres serialises concurrent hits on the row, so any number of
 * connections or instances share one count and can never let more than `max` through.
 * Window arithmetic uses the database clock, so instances with skewed clocks agree.
 */
export async function hit(db: Db, rule: LimitRule): Promise<Hit> {
  const window = sql`make_interval(secs => ${rule.windowSeconds})`;
  const expired = sql`${rateLimits.resetAt} <= now()`;
  const [row] = await db
    .insert(rateLimits)
    .values({ key: rule.key, count: 1, resetAt: sql`now() + ${window}` })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`case when ${expired} then 1 else ${rateLimits.count} + 1 end`,
        resetAt: sql`case when ${expired} then now() + ${window} else ${rateLimits.resetAt} end`,
      },
    })
    .returning({
      count: rateLimits.count,
      retryAfter: sql<number>`greatest(1, ceil(extract(epoch from ${rateLimits.resetAt} - now())))::int`,
    });
  if (Math.random() * PRUNE_EVERY < 1) await pruneInPassing(db);
  return { count: row.count, retryAfter: Number(row.retryAfter), limited: row.count > rule.max };
}

/** The documented 429: `rate_limited` with `Retry-After` in seconds. */
export function rateLimited(retryAfter: number): ApiError {
  return new ApiError("rate_limited", `Too many requests. Try again in ${retryAfter} seconds.`, {
    headers: { "Retry-After": String(retryAfter) },
  });
}

/** Counts a hit and throws `rateLimited` when it is over the limit. */
export async function limit(db: Db, rule: LimitRule): Promise<void> {
  const h = await hit(db, rule);
  if (h.limited) throw rateLimited(h.retryAfter);
}

/**
 * Counts one attempt of something expensive (a password check) against every rule, in
 * order, before the work starts, so attempts sent in parallel cannot outrun the limit.
 * Throws at the first rule over its limit. A successful attempt should `giveBack()`, so
 * the counters hold failures (and attempts still in flight), not normal use.
 */
export async function attempt(db: Db, rules: LimitRule[]): Promise<{ giveBack: () => Promise<void> }> {
  const counted: string[] = [];
  for (const rule of rules) {
    const h = await hit(db, rule);
    counted.push(rule.key);
    if (h.limited) throw rateLimited(h.retryAfter);
  }
  return {
    giveBack: async () => {
      if (counted.length === 0) return;
      await db
        .update(rateLimits)
        .set({ count: sql`greatest(${rateLimits.count} - 1, 0)` })
        .where(inArray(rateLimits.key, counted));
    },
  };
}

/** The current count on `key` (0 when none or expired), for tests and diagnostics. */
export async function currentCount(db: Db, key: string): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`case when ${rateLimits.resetAt} <= now() then 0 else ${rateLimits.count} end` })
    .from(rateLimits)
    .where(eq(rateLimits.key, key));
  return Number(row?.count ?? 0);
}

/**
 * Prunes as a side job of a hit: a failure costs a warning, never the hit. The warning
 * carries the error's SQLSTATE and query text but not its bound parameters.
 */
export async function pruneInPassing(db: Db, batch = PRUNE_BATCH): Promise<void> {
  await pruneRateLimits(db, batch).catch((err) => logger().warn({ err: errorForLog(err) }, "rate limit prune failed"));
}

/** Deletes up to `batch` counters whose window has ended. */
export async function pruneRateLimits(db: Db, batch = PRUNE_BATCH): Promise<number> {
  const stale = db
    .select({ key: rateLimits.key })
    .from(rateLimits)
    .where(lte(rateLimits.resetAt, sql`now()`))
    .limit(batch);
  const deleted = await db.delete(rateLimits).where(inArray(rateLimits.key, stale)).returning({ key: rateLimits.key });
  return deleted.length;
}
