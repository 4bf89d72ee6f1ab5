import "server-only";
import { and, inArray, lt, ne, sql } from "drizzle-orm";
import { webhookDeliveries, type WebhookDelivery } from "@/db/schema";
import { env } from "@/lib/env";
import { registerJob } from "@/lib/jobs/registry";
import { CLAIM_SECONDS, claimDeliveries, deliverOne } from "./deliver";

/*
 * The webhook job kinds on the background runner (lib/jobs; docs/architecture.md ›
 * Webhooks). Deliveries tick every 2 s in each instance, so a change's first attempt goes
 * out within seconds of its commit; the claim (FOR UPDATE SKIP LOCKED) keeps instances from
 * sending the same delivery at once.
 */

export const DELIVERY_JOB = "webhook-deliveries";
/** Settled deliveries (and their attempts) are kept this long for the delivery log. */
export const RETENTION_DAYS = 30;

registerJob<WebhookDelivery>({
  name: DELIVERY_JOB,
  everySeconds: () => Math.min(2, env().BACKGROUND_INTERVAL_SECONDS),
  claimSeconds: CLAIM_SECONDS,
  batchSize: 20,
  concurrency: 4,
  claim: (ctx) => claimDeliveries(ctx.db, { owner: ctx.owner, limit: ctx.limit, claimSeconds: ctx.claimSeconds }),
  work: (delivery, ctx) => deliverOne(ctx.db, delivery, { owner: ctx.owner }),
  describe: (d) => ({ deliveryId: d.id, endpointId: d.endpointId }),
});

/*
 * Pruning needs no claim: deleting a batch of old rows is the same whichever instance does
 * it, and two that race delete disjoint or already-deleted rows. So the "claim" is the
 * delete itself, and there is nothing left to work on.
 */
registerJob<string>({
  name: "webhook-prune",
  everySeconds: 3600,
  claimSeconds: 60,
  batchSize: 500,
  claim: async (ctx) => {
    const old = ctx.db
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .where(
        and(
          ne(webhookDeliveries.status, "pending"),
          lt(webhookDeliveries.createdAt, sql`now() - (${RETENTION_DAYS}::int * interval '1 day')`),
        ),
      )
      .limit(ctx.limit);
    const gone = await ctx.db
      .delete(webhookDeliveries)
      .where(inArray(webhookDeliveries.id, old))
      .returning({ id: webhookDeliveries.id });
    return gone.map((g) => g.id);
  },
  work: async () => {},
});
