import "server-only";

/*
 * The background runner's job registry (docs/architecture.md › Background work).
 *
 * One runner runs in every app process (started from instrumentation.ts, stopped by
 * lib/shutdown.ts; BACKGROUND_JOBS=off turns it off). Any number of instances share one
 * database, so every piece of work is claimed in the database, never in memory:
 *
 *   1. claim   — one short statement or transaction: pick due rows `FOR UPDATE SKIP LOCKED`,
 *                mark them `claimed_by = ctx.owner, claimed_until = now() + claimSeconds`,
 *                commit, return them. `claimDue()` in ./claim.ts does exactly this for a
 *                table with `claimed_by`/`claimed_until` columns.
 *   2. work    — each item, outside any transaction (provider calls, HTTP deliveries).
 *   3. finish  — the completion write is guarded by the claim
 *                (`… WHERE id = $id AND claimed_by = ctx.owner`), so an instance whose claim
 *                ran out (it was paused, or killed) cannot overwrite the one that took over.
 *                A killed instance's claims simply run out and another instance picks the
 *                rows up at its next tick.
 *
 * To add a job kind (helper O2's webhook deliveries, for example), call `registerJob` at
 * the top level of your own module and add one `import "@/lib/<yours>/job";` line to
 * lib/jobs/kinds.ts:
 *
 *   registerJob<Delivery>({
 *     name: "webhook-deliveries",
 *     everySeconds: 5,                // optional; default BACKGROUND_INTERVAL_SECONDS
 *     claimSeconds: 60,               // longer than one item's work can take
 *     batchSize: 20, concurrency: 4,  // optional
 *     claim: (ctx) => claimDue(ctx, { table: webhookDeliveries, due: sql`next_attempt_at <= now()`, order: sql`next_attempt_at` }),
 *     work: async (row, ctx) => { …deliver…; await ctx.db.update(…).where(and(eq(id, row.id), eq(claimedBy, ctx.owner))) },
 *   });
 *
 * After committing new work that should go out at once (a delivery), call `wakeJob(name)`:
 * this process runs that kind's next tick now instead of at the end of its interval.
 * A throwing `claim` or `work` is logged (errorForLog, never a value) and never crashes the
 * process; the item's claim runs out and it is retried at a later tick.
 */

export { registerJob, jobKinds, type ClaimContext, type JobContext, type JobDefinition } from "./registry";
export { wakeJob, runJobOnce, startRunner, stopRunner, runnerOwner } from "./runner";
export { claimDue } from "./claim";
