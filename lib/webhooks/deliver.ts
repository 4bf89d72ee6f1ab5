import "server-only";
import { and, eq, isNull, lt, lte, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { webhookAttempts, webhookDeliveries, webhookEndpoints, type WebhookDelivery } from "@/db/schema";
import { recordAudit } from "@/lib/audit";
import { errorForLog, logger } from "@/lib/log";
import { safeFetch } from "@/lib/verify/http-client";
import { BlockedError, ResponseTooLargeError, TimeoutError } from "@/lib/verify/errors";
import { dropPending, signingSecretsOf } from "./endpoints";
import { messageId } from "./public";
import { signedHeaders } from "./signing";

/*
 * Sending the outbox (docs/architecture.md › Webhooks). The runner claims due deliveries
 * in the database (FOR UPDATE SKIP LOCKED, then a claim that runs out), so any number of
 * instances share them and a killed instance's deliveries are picked up once its claim
 * has run out. Each attempt is one signed POST through safeFetch; its outcome, the attempt's
 * log row and the endpoint's health are written in one transaction guarded by the claim.
 * At least once: a receiver may see a message twice (same webhook-id) and should dedupe.
 */

/** A receiver should answer at once and do its work afterwards. */
export const DELIVERY_TIMEOUT_MS = 5_000;
/** How long a delivery is retried, and how long an endpoint may fail before it is disabled. */
export const RETRY_WINDOW_HOURS = 24;
/** A claim lasts well beyond one attempt (timeout plus the writes). */
export const CLAIM_SECONDS = 60;
const MAX_RESPONSE_BYTES = 256 * 1024;

/**
 * Seconds to wait after failed attempt `n` (1-based): 5 s doubling, at most an hour, with
 * ±10 % jitter so a receiver that comes back is not hit by every delivery in one second.
 * About thirty attempts fit into the 24-hour window.
 */
export function retryDelaySeconds(n: number, random = Math.random): number {
  const base = Math.min(3600, 5 * 2 ** Math.min(n - 1, 20));
  return Math.round(base * (0.9 + 0.2 * random()));
}

/**
 * Claims up to `limit` due deliveries of enabled endpoints for `owner`, in one statement:
 * the locking select runs once in a CTE, skipping rows another instance is claiming.
 */
export async function claimDeliveries(
  db: Db,
  opts: { owner: string; limit: number; claimSeconds?: number; tenantId?: string },
): Promise<WebhookDelivery[]> {
  const d = webhookDeliveries;
  const due = db.$with("due").as(
    db
      .select({ id: d.id })
      .from(d)
      .where(
        and(
          eq(d.status, "pending"),
          opts.tenantId ? eq(d.tenantId, opts.tenantId) : undefined,
          lte(d.nextAttemptAt, sql`now()`),
          or(isNull(d.claimUntil), lt(d.claimUntil, sql`now()`)),
          sql`exists (select 1 from ${webhookEndpoints} e where e.id = ${d.endpointId} and e.enabled)`,
        ),
      )
      .orderBy(d.nextAttemptAt)
      .limit(opts.limit)
      .for("update", { skipLocked: true }),
  );
  const seconds = opts.claimSeconds ?? CLAIM_SECONDS;
  return db
    .with(due)
    .update(d)
    .set({ claimOwner: opts.owner, claimUntil: sql`now() + (${seconds}::int * interval '1 second')` })
    .from(due)
    .where(eq(d.id, due.id))
    .returning();
}

type Outcome = { statusCode: number | null; durationMs: number; error: string | null };

/** One signed POST of a claimed delivery, then its outcome recorded under the claim. */
export async function deliverOne(db: Db, delivery: WebhookDelivery, opts: { owner: string }): Promise<void> {
  const [endpoint] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, delivery.endpointId));
  if (!endpoint?.enabled) {
    // Disabled (or deleted) since the claim: leave it pending for when it is enabled again.
    await db
      .update(webhookDeliveries)
      .set({ claimOwner: null, claimUntil: null })
      .where(and(eq(webhookDeliveries.id, delivery.id), eq(webhookDeliveries.claimOwner, opts.owner)));
    return;
  }
  let secrets: string[];
  try {
    secrets = await signingSecretsOf(db, endpoint);
  } catch (err) {
    // An envelope that will not open (a bad restore, a lost key) must not hold the claim
    // and retry every minute for ever: it is a failed attempt like any other, and no
    // request goes out unsigned.
    logger().error({ err: errorForLog(err), endpointId: endpoint.id }, "webhook signing secret does not decrypt");
    return record(db, delivery, opts.owner, { statusCode: null, durationMs: 0, error: "signing_failed" });
  }
  const headers = {
    "content-type": "application/json",
    "user-agent": "IntegrationCenter-Webhooks/1",
    ...signedHeaders({ secrets, id: messageId(delivery.eventId), body: delivery.body }),
  };
  const started = performance.now();
  let outcome: Outcome;
  try {
    const res = await safeFetch(
      endpoint.url,
      { method: "POST", headers, body: delivery.body },
      { timeoutMs: DELIVERY_TIMEOUT_MS, maxBytes: MAX_RESPONSE_BYTES },
    );
    const ok = res.status >= 200 && res.status < 300;
    outcome = { statusCode: res.status, durationMs: res.durationMs, error: ok ? null : "http_status" };
  } catch (err) {
    outcome = { statusCode: null, durationMs: Math.round(performance.now() - started), error: failureClass(err) };
  }
  await record(db, delivery, opts.owner, outcome);
}

/** A failure's class for the log: never its message, which may name an internal address. */
function failureClass(err: unknown): string {
  if (err instanceof TimeoutError) return "timeout";
  if (err instanceof BlockedError) return "blocked";
  if (err instanceof ResponseTooLargeError) return "response_too_large";
  return "network";
}

async function record(db: Db, delivery: WebhookDelivery, owner: string, outcome: Outcome): Promise<void> {
  const attempt = delivery.attempts + 1;
  const ok = outcome.error === null;
  const windowOver = Date.now() - delivery.createdAt.getTime() >= RETRY_WINDOW_HOURS * 3600_000;
  const status = ok ? "succeeded" : windowOver ? "failed" : "pending";
  const disabled = await db.transaction(async (tx) => {
    const [done] = await tx
      .update(webhookDeliveries)
      .set({
        attempts: attempt,
        status,
        lastAttemptAt: sql`now()`,
        lastStatusCode: outcome.statusCode,
        lastDurationMs: outcome.durationMs,
        lastError: outcome.error,
        deliveredAt: ok ? sql`now()` : null,
        ...(status === "pending" && {
          nextAttemptAt: sql`now() + (${retryDelaySeconds(attempt)}::int * interval '1 second')`,
        }),
        claimOwner: null,
        claimUntil: null,
      })
      .where(
        and(
          eq(webhookDeliveries.id, delivery.id),
          eq(webhookDeliveries.claimOwner, owner),
          eq(webhookDeliveries.status, "pending"),
        ),
      )
      .returning({ id: webhookDeliveries.id });
    // The claim ran out and another instance took the delivery over: its outcome is the one kept.
    if (!done) return "lost" as const;
    await tx.insert(webhookAttempts).values({
      tenantId: delivery.tenantId,
      deliveryId: delivery.id,
      attempt,
      statusCode: outcome.statusCode,
      durationMs: outcome.durationMs,
      error: outcome.error,
    });
    return noteHealth(tx, delivery, ok);
  });
  if (disabled === "lost") {
    logger().warn({ deliveryId: delivery.id }, "webhook delivery claim lost before its outcome was written");
  } else if (disabled) {
    logger().warn({ endpointId: delivery.endpointId }, "webhook endpoint disabled after failing for a day");
  }
}

/**
 * Success clears the endpoint's failure flag. A failure starts it (`failing_since`), and
 * one that comes a day or more after it disables the endpoint, settles its pending
 * deliveries and audits `webhook.disabled`. Returns whether it was disabled now.
 */
async function noteHealth(tx: Db, delivery: WebhookDelivery, ok: boolean): Promise<boolean> {
  const ep = webhookEndpoints;
  const mine = and(eq(ep.id, delivery.endpointId), eq(ep.tenantId, delivery.tenantId));
  if (ok) {
    await tx
      .update(ep)
      .set({ failingSince: null, lastSuccessAt: sql`now()` })
      .where(mine);
    return false;
  }
  await tx
    .update(ep)
    .set({ failingSince: sql`coalesce(${ep.failingSince}, now())` })
    .where(mine);
  const [off] = await tx
    .update(ep)
    .set({
      enabled: false,
      disabledAt: sql`now()`,
      disabledReason: `Every delivery failed for ${RETRY_WINDOW_HOURS} hours`,
    })
    .where(
      and(
        mine,
        eq(ep.enabled, true),
        sql`${ep.failingSince} <= now() - (${RETRY_WINDOW_HOURS}::int * interval '1 hour')`,
      ),
    )
    .returning({ failingSince: ep.failingSince });
  if (!off) return false;
  await dropPending(tx, delivery.endpointId);
  await recordAudit(tx, {
    tenantId: delivery.tenantId,
    action: "webhook.disabled",
    targetType: "webhook_endpoint",
    targetId: delivery.endpointId,
    metadata: { reason: "failing", failingSince: off.failingSince?.toISOString() ?? null },
  });
  return true;
}

/**
 * Claims and sends the due deliveries once (of one tenant, with `tenantId`), in this
 * process: for tests. The runner does the same through its job (lib/webhooks/job.ts).
 * Returns how many were claimed.
 */
export async function deliverDueWebhooks(
  db: Db,
  opts: { owner?: string; limit?: number; tenantId?: string } = {},
): Promise<number> {
  const owner = opts.owner ?? `webhooks:${process.pid}:${crypto.randomUUID()}`;
  const claimed = await claimDeliveries(db, { owner, limit: opts.limit ?? 100, tenantId: opts.tenantId });
  await Promise.all(
    claimed.map((d) =>
      deliverOne(db, d, { owner }).catch((err) =>
        logger().warn({ err: errorForLog(err), deliveryId: d.id }, "webhook delivery failed to run"),
      ),
    ),
  );
  return claimed.length;
}
