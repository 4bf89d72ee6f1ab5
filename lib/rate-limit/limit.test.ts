import { randomBytes } from "node:crypto";
import { eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb, getDbHandle, schema, type Db } from "@/db/client";
import { rateLimits } from "@/db/schema";
import { ApiError } from "@/lib/api/errors";
import { attempt, currentCount, hit, limit, pruneRateLimits } from "./limit";

const key = (label: string) => `test:${label}:${randomBytes(6).toString("hex")}`;

async function outcomes(db: Db, rule: { key: string; max: number; windowSeconds: number }, n: number) {
  return Promise.all(Array.from({ length: n }, () => hit(db, rule)));
}

describe("rate limit counter", () => {
  it("lets max hits through per window, then answers 429 with Retry-After until the window ends", async () => {
    const db = await getDb();
    const rule = { key: key("window"), max: 3, windowSeconds: 120 };
    for (let i = 0; i < 3; i++) await limit(db, rule);
    const err = await limit(db, rule).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(429);
    expect((err as ApiError).code).toBe("rate_limited");
    const retryAfter = Number((err as ApiError).extra.headers?.["Retry-After"]);
    expect(retryAfter).toBeGreaterThan(110);
    expect(retryAfter).toBeLessThanOrEqual(120);
    // Other keys are untouched; an ended window starts again from one.
    await limit(db, { ...rule, key: key("other") });
    await db
      .update(rateLimits)
      .set({ resetAt: sql`now() - interval '1 second'` })
      .where(eq(rateLimits.key, rule.key));
    expect(await hit(db, rule)).toMatchObject({ count: 1, limited: false });
  });

  it("never lets more than max through when hits arrive together", async () => {
    const db = await getDb();
    const rule = { key: key("burst"), max: 10, windowSeconds: 60 };
    const results = await outcomes(db, rule, 40);
    expect(results.filter((r) => !r.limited)).toHaveLength(10);
    expect(results.map((r) => r.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it("attempt counts every rule before the work and gives the counts back on success", async () => {
    const db = await getDb();
    const a = { key: key("a"), max: 2, windowSeconds: 60 };
    const b = { key: key("b"), max: 1, windowSeconds: 60 };
    const first = await attempt(db, [a, b]);
    expect([await currentCount(db, a.key), await currentCount(db, b.key)]).toEqual([1, 1]);
    // b is spent: the next attempt is refused, and counted on both (it was an attempt).
    await expect(attempt(db, [a, b])).rejects.toMatchObject({ code: "rate_limited" });
    expect([await currentCount(db, a.key), await currentCount(db, b.key)]).toEqual([2, 2]);
    await first.giveBack();
    expect([await currentCount(db, a.key), await currentCount(db, b.key)]).toEqual([1, 1]);
    // A refusal at the first rule does not count the later ones.
    const c = { key: key("c"), max: 5, windowSeconds: 60 };
    await db.update(rateLimits).set({ count: 99 }).where(eq(rateLimits.key, a.key));
    await expect(attempt(db, [a, c])).rejects.toMatchObject({ code: "rate_limited" });
    expect(await currentCount(db, c.key)).toBe(0);
  });

  it("prunes counters whose window has ended and keeps the live ones", async () => {
    const db = await getDb();
    const [stale, live] = [key("stale"), key("live")];
    await db.insert(rateLimits).values([
      { key: stale, count: 5, resetAt: sql`now() - interval '1 minute'` },
      { key: live, count: 5, resetAt: sql`now() + interval '1 minute'` },
    ]);
    expect(await pruneRateLimits(db)).toBeGreaterThanOrEqual(1);
    const left = await db
      .select({ key: rateLimits.key })
      .from(rateLimits)
      .where(inArray(rateLimits.key, [stale, live]));
    expect(left.map((r) => r.key)).toEqual([live]);
  });
});

// Two instances on one PostgreSQL are two independent connection pools. PGlite cannot be
// opened by a second process at all (db/client.ts refuses it with a pid lock), so on PGlite
// there is only ever one holder of the counters and this case has nothing to prove; the
// suite's PostgreSQL run (DATABASE_URL) covers it.
if (process.env.DATABASE_URL) {
  describe("rate limits across instances (PostgreSQL)", () => {
    it("two independent connection pools share one counter and never exceed the max together", async () => {
      const { default: postgres } = await import("postgres");
      const { drizzle } = await import("drizzle-orm/postgres-js");
      expect((await getDbHandle()).kind).toBe("postgres");
      const one = await getDb();
      const client = postgres(process.env.DATABASE_URL!, { max: 5, onnotice: () => {} });
      try {
        const two = drizzle(client, { schema, casing: "snake_case" }) as unknown as Db;
        const rule = { key: key("instances"), max: 15, windowSeconds: 60 };
        for (let i = 0; i < 10; i++) await hit(two, rule);
        // The first instance sees the second one's hits...
        expect(await hit(one, rule)).toMatchObject({ count: 11, limited: false });
        // ...and hits from both at once let exactly the remaining 4 through.
        const [a, b] = await Promise.all([outcomes(one, rule, 20), outcomes(two, rule, 20)]);
        expect([...a, ...b].filter((r) => !r.limited)).toHaveLength(4);
        expect(await currentCount(one, rule.key)).toBe(51);
      } finally {
        await client.end({ timeout: 5 });
      }
    });
  });
}
