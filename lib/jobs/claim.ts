import "server-only";
import { and, eq, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { ClaimContext } from "./registry";

/** A table the generic claim can work on: a uuid `id` and the two claim columns. */
type Claimable = PgTable & { id: PgColumn; claimedBy: PgColumn; claimedUntil: PgColumn };

/** `n` seconds as a Postgres interval, bound as a parameter. */
export const secondsInterval = (n: number) => sql`(${Math.ceil(n)}::int * interval '1 second')`;

/**
 * Claims up to `ctx.limit` due rows of `table` for `ctx.owner`, in one statement (its own
 * short transaction): the due rows whose claim is free or ran out are locked
 * `FOR UPDATE SKIP LOCKED` (so two instances claiming at once get disjoint rows, and
 * neither waits for the other), and marked `claimed_by = owner`,
 * `claimed_until = now() + claimSeconds`. Returns the claimed rows as stored. The CTE keeps
 * the locking select evaluated once, which an `IN (subquery)` does not promise.
 */
export async function claimDue<T extends Claimable>(
  ctx: ClaimContext,
  opts: { table: T; due: SQL | undefined; order?: SQL },
): Promise<T["$inferSelect"][]> {
  const { table } = opts;
  const db = ctx.db;
  const due = db.$with("due").as(
    db
      .select({ id: table.id })
      .from(table as PgTable)
      .where(and(opts.due, or(isNull(table.claimedUntil), lt(table.claimedUntil, sql`now()`))))
      .orderBy(opts.order ?? table.claimedUntil)
      .limit(ctx.limit)
      .for("update", { skipLocked: true }),
  );
  const rows = await db
    .with(due)
    .update(table as PgTable)
    .set({ claimedBy: ctx.owner, claimedUntil: sql`now() + ${secondsInterval(ctx.claimSeconds)}` } as never)
    .from(due)
    .where(eq(table.id, due.id))
    .returning();
  return rows as T["$inferSelect"][];
}

/** The guard of a completion write: this row is still claimed by `owner`. */
export const stillClaimed = (table: Claimable, id: string, owner: string) =>
  and(eq(table.id, id), eq(table.claimedBy, owner));
