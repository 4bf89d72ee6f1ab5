import "server-only";
import { and, eq, lte, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { secrets } from "@/db/schema";
import { ApiError } from "@/lib/api/errors";
import { recordAudit } from "@/lib/audit";
import { credentialDryRun } from "@/lib/components";
import { env } from "@/lib/env";
import { emitConnectionEvent } from "@/lib/events/emit";
import { loadSecretValue } from "@/lib/secrets/store";
import { storedComponent } from "@/lib/secrets/verify";
import type { VerifyResult } from "@/lib/verify/classify";
import { describeVerification } from "@/lib/verify/describe";
import { runDryRun } from "@/lib/verify/dry-run";
import { secondsInterval } from "./claim";
import { registerJob, type ClaimContext } from "./registry";

/*
 * Scheduled re-verification (docs/architecture.md › Background work). Every credential has a
 * `next_verify_at`, a day after it was stored (±10 %), so 100k credentials spread over the day
 * instead of firing in one minute. A tick claims due rows FOR UPDATE SKIP LOCKED by pushing
 * `next_verify_at` past the claim and naming itself in `verify_claimed_by`; the dry run runs
 * outside any transaction, through the same in-flight caps as a check from the API; the
 * outcome is written only while the claim and the tested value are both still current.
 */

/** Failures that may pass on their own: one alone leaves the status as it was. */
export const TRANSIENT_CLASSES: ReadonlySet<string> = new Set(["timeout", "network", "server_error", "rate_limited"]);
/** Transient failures in a row that turn the status to `error`. */
export const TRANSIENT_FAILURES_TO_FLIP = 2;
/** After a first transient failure, the next check comes sooner than a whole interval. */
const RECHECK_AFTER_TRANSIENT_SECONDS = 15 * 60;
/** When every dry-run slot is busy, try again after this long. */
const BUSY_RETRY_SECONDS = 60;
/** An OAuth token this close to expiry is left to the refresh job and checked after it. */
const NEAR_EXPIRY_SECONDS = 5 * 60;

type Item = { tenantId: string; id: string };

/** `now() + seconds`, ±10 %: the jitter keeps checks spread out however they bunched up. */
const jittered = (seconds: number) => sql`now() + (0.9 + random() * 0.2) * ${secondsInterval(seconds)}`;
const keepUpdatedAt = { updatedAt: sql`${secrets.updatedAt}` };

async function claim(ctx: ClaimContext): Promise<Item[]> {
  const { db } = ctx;
  const due = db.$with("due").as(
    db
      .select({ id: secrets.id })
      .from(secrets)
      .where(
        and(lte(secrets.nextVerifyAt, sql`now()`), ctx.onlyTenant ? eq(secrets.tenantId, ctx.onlyTenant) : undefined),
      )
      .orderBy(secrets.nextVerifyAt)
      .limit(ctx.limit)
      .for("update", { skipLocked: true }),
  );
  return db
    .with(due)
    .update(secrets)
    .set({
      nextVerifyAt: sql`now() + ${secondsInterval(ctx.claimSeconds)}`,
      verifyClaimedBy: ctx.owner,
      ...keepUpdatedAt,
    })
    .from(due)
    .where(eq(secrets.id, due.id))
    .returning({ tenantId: secrets.tenantId, id: secrets.id });
}

/** Moves the next check to `when`, releasing the claim, if the claim is still ours. */
async function reschedule(db: Db, item: Item, owner: string, when: ReturnType<typeof sql>) {
  await db
    .update(secrets)
    .set({ nextVerifyAt: when, verifyClaimedBy: null, ...keepUpdatedAt })
    .where(and(eq(secrets.id, item.id), eq(secrets.tenantId, item.tenantId), eq(secrets.verifyClaimedBy, owner)));
}

async function work(item: Item, ctx: { db: Db; owner: string }) {
  const { db, owner } = ctx;
  const interval = env().VERIFY_INTERVAL_SECONDS;
  let loaded: Awaited<ReturnType<typeof loadSecretValue>>;
  try {
    loaded = await loadSecretValue(db, { tenantId: item.tenantId }, item.id);
  } catch (err) {
    if (err instanceof ApiError && err.code === "not_found") return; // deleted meanwhile
    throw err;
  }
  const { row, value, envelope } = loaded;
  const { entry, config } = storedComponent(row);
  // Nothing to check (no dry run), or nothing a check could fix (needs re-authorisation):
  // look again an interval later, when the catalogue or the credential may have changed.
  if (!credentialDryRun(entry, row.type) || row.status === "expired")
    return reschedule(db, item, owner, jittered(interval));
  if (row.expires && row.expires.getTime() < Date.now() + NEAR_EXPIRY_SECONDS * 1000) {
    return reschedule(db, item, owner, jittered(RECHECK_AFTER_TRANSIENT_SECONDS));
  }
  let result: VerifyResult;
  try {
    result = (await runDryRun({ tenantId: item.tenantId, entry, type: row.type, value, config }))!;
  } catch (err) {
    // Every slot busy (the API's checks come first): try again shortly.
    if (err instanceof ApiError && err.code === "rate_limited")
      return reschedule(db, item, owner, jittered(BUSY_RETRY_SECONDS));
    throw err;
  }
  await record(db, { item, owner, envelope, result, interval });
}

/**
 * Writes one check's outcome, its audit event and, when the status changes, its webhook
 * event, in one transaction; only while the claim is ours and the value is the one tested
 * (a PATCH meanwhile was proved by its own dry run).
 */
async function record(
  db: Db,
  opts: { item: Item; owner: string; envelope: string; result: VerifyResult; interval: number },
) {
  const { item, owner, result } = opts;
  await db.transaction(async (tx) => {
    const mine = and(
      eq(secrets.id, item.id),
      eq(secrets.tenantId, item.tenantId),
      eq(secrets.verifyClaimedBy, owner),
      eq(secrets.valueCiphertext, opts.envelope),
    );
    const [before] = await tx
      .select({ status: secrets.status, failures: secrets.verifyFailures })
      .from(secrets)
      .where(mine)
      .for("update");
    if (!before) return;
    const transient = TRANSIENT_CLASSES.has(result.class);
    const failures = result.ok ? 0 : before.failures + 1;
    const flips = !result.ok && (!transient || failures >= TRANSIENT_FAILURES_TO_FLIP);
    const status = result.ok ? "active" : flips ? "error" : before.status;
    await tx
      .update(secrets)
      .set({
        status,
        ...(result.ok
          ? { statusDetail: null, failingSince: null }
          : flips
            ? { statusDetail: describeVerification(result) }
            : { failingSince: sql`coalesce(${secrets.failingSince}, now())` }),
        verifyFailures: failures,
        lastVerifiedAt: sql`now()`,
        nextVerifyAt: jittered(!result.ok && !flips ? RECHECK_AFTER_TRANSIENT_SECONDS : opts.interval),
        verifyClaimedBy: null,
        ...keepUpdatedAt,
      })
      .where(mine);
    await recordAudit(tx, {
      tenantId: item.tenantId,
      action: "secret.verified",
      targetType: "secret",
      targetId: item.id,
      metadata: { class: result.class, status: result.status ?? null, scheduled: true, failures },
    });
    const key = { tenantId: item.tenantId, secretId: item.id };
    if (flips && before.status !== "error")
      await emitConnectionEvent(tx, { ...key, type: "connection.verification_failed", reason: result.class });
    if (result.ok && before.status === "error")
      await emitConnectionEvent(tx, { ...key, type: "connection.recovered", reason: null });
  });
}

registerJob<Item>({
  name: "reverify",
  // A dry run takes at most about 10 s (a database check 5 s); the claim outlasts a few.
  claimSeconds: 120,
  batchSize: 25,
  concurrency: 2,
  claim,
  work,
  describe: (item) => ({ secretId: item.id }),
});
