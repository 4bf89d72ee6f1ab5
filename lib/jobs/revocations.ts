import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, lte, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { authClients, pendingRevocations, type PendingRevocation } from "@/db/schema";
import { recordAudit } from "@/lib/audit";
import { decryptField, encryptField } from "@/lib/crypto/data-keys";
import { clientSecretOf } from "@/lib/oauth/clients";
import { revokeTokens, type RevocationFailureClass, type RevocationOutcome } from "@/lib/oauth/revoke";
import { claimDue, secondsInterval, stillClaimed } from "./claim";
import { registerJob, type JobContext } from "./registry";

/*
 * Pending revocations (docs/architecture.md › Background work). When a deleted OAuth
 * secret's tokens could not be revoked, lib/oauth/revoke-on-delete.ts keeps them here,
 * sealed under the tenant's data key and bound to the row (field `tokens`), in the same
 * transaction as the `secret.revocation_pending` event. This job retries them with
 * exponential backoff until the provider confirms or a day has passed; either way the
 * outcome is audited (`secret.revoked`, `secret.revocation_failed`) and the row, with its
 * tokens, is deleted.
 */

/** Retries stop after this long. */
export const REVOCATION_RETRY_HOURS = 24;
/** The first retry after this long, then doubling up to the cap. */
const FIRST_RETRY_SECONDS = 60;
const MAX_RETRY_SECONDS = 2 * 3600;

/** Failures that retrying cannot fix: no endpoint or token to send, or an address the policy refuses. */
const PERMANENT: ReadonlySet<RevocationFailureClass> = new Set(["misconfigured", "no_token", "blocked"]);

/** Whether a failed revocation is worth retrying later. */
export const isRetryable = (cls: RevocationFailureClass) => !PERMANENT.has(cls);

/** Seconds until attempt `n + 1` (n ≥ 1 attempts made), doubling from a minute, capped at 2 h, ±10 %. */
export function retryDelaySeconds(attempts: number): number {
  const base = Math.min(MAX_RETRY_SECONDS, FIRST_RETRY_SECONDS * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.9 + Math.random() * 0.2));
}

type Tokens = { accessToken?: string; refreshToken?: string };

/**
 * Queues a failed revocation for retries, with `tx` (the transaction that records its
 * `secret.revocation_pending` event). Only the tokens are kept, sealed; the delete's first
 * attempt counts as attempt one.
 */
export async function queueRevocation(
  tx: Db,
  job: {
    tenantId: string;
    secretId: string;
    authClientId: string;
    secret: { componentId: string | null; config: Record<string, unknown> };
    value: Record<string, unknown>;
    lastClass: RevocationFailureClass;
    lastStatus?: number;
  },
): Promise<void> {
  const id = randomUUID();
  const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);
  const tokens: Tokens = { accessToken: str(job.value.accessToken), refreshToken: str(job.value.refreshToken) };
  const tokensCiphertext = await encryptField({
    db: tx,
    tenantId: job.tenantId,
    rowId: id,
    field: "tokens",
    plaintext: JSON.stringify(tokens),
  });
  await tx.insert(pendingRevocations).values({
    id,
    tenantId: job.tenantId,
    secretId: job.secretId,
    authClientId: job.authClientId,
    componentId: job.secret.componentId,
    config: job.secret.config,
    tokensCiphertext,
    attempts: 1,
    nextAttemptAt: sql`now() + ${secondsInterval(retryDelaySeconds(1))}`,
    giveUpAt: sql`now() + ${REVOCATION_RETRY_HOURS}::int * interval '1 hour'`,
    lastClass: job.lastClass,
    lastStatus: job.lastStatus ?? null,
  });
}

/** One retry, never throwing for a provider's failure: the class says what happened. */
async function attempt(db: Db, row: PendingRevocation): Promise<RevocationOutcome> {
  if (!row.authClientId) return { ok: false, class: "misconfigured", code: "client_deleted", durationMs: 0 };
  const [client] = await db
    .select()
    .from(authClients)
    .where(and(eq(authClients.id, row.authClientId), eq(authClients.tenantId, row.tenantId)));
  if (!client) return { ok: false, class: "misconfigured", code: "client_deleted", durationMs: 0 };
  let tokens: Tokens;
  let clientSecret: string | null;
  try {
    tokens = JSON.parse(
      await decryptField({
        db,
        tenantId: row.tenantId,
        rowId: row.id,
        field: "tokens",
        envelope: row.tokensCiphertext,
      }),
    ) as Tokens;
    clientSecret = await clientSecretOf(db, client);
  } catch {
    // A retired key version or a tampered row: no retry can read it either.
    return { ok: false, class: "misconfigured", code: "undecryptable", durationMs: 0 };
  }
  const outcome = await revokeTokens({
    tenantId: row.tenantId,
    secret: { componentId: row.componentId, config: row.config },
    value: tokens,
    client: {
      clientId: client.clientId,
      clientSecret,
      tokenEndpointAuthMethod: client.tokenEndpointAuthMethod,
      revocationUrl: client.endpoints.revocation ?? null,
    },
  });
  return outcome ?? { ok: false, class: "misconfigured", durationMs: 0 };
}

async function work(row: PendingRevocation, ctx: JobContext) {
  const { db, owner } = ctx;
  const outcome = await attempt(db, row);
  const attempts = row.attempts + 1;
  const target = { tenantId: row.tenantId, targetType: "secret", targetId: row.secretId };
  const finished = outcome.ok || !isRetryable(outcome.class) || Date.now() >= (row.giveUpAt?.getTime() ?? 0);
  if (!finished) {
    ctx.log.warn(
      { tenantId: row.tenantId, secretId: row.secretId, class: outcome.class, status: outcome.status, attempts },
      "revocation retry failed",
    );
    await db
      .update(pendingRevocations)
      .set({
        attempts,
        lastClass: outcome.ok ? null : outcome.class,
        lastStatus: outcome.ok ? null : (outcome.status ?? null),
        nextAttemptAt: sql`now() + ${secondsInterval(retryDelaySeconds(attempts))}`,
        claimedBy: null,
        claimedUntil: null,
      })
      .where(stillClaimed(pendingRevocations, row.id, owner));
    return;
  }
  // The outcome and the end of the retries commit together; a lost claim writes neither.
  await db.transaction(async (tx) => {
    const gone = await tx
      .delete(pendingRevocations)
      .where(stillClaimed(pendingRevocations, row.id, owner))
      .returning({ id: pendingRevocations.id });
    if (gone.length === 0) return;
    if (outcome.ok) {
      await recordAudit(tx, {
        ...target,
        action: "secret.revoked",
        metadata: { endpointHost: outcome.endpointHost, tokens: outcome.tokens, attempts, retried: true },
      });
    } else {
      await recordAudit(tx, {
        ...target,
        action: "secret.revocation_failed",
        metadata: {
          class: outcome.class,
          ...(outcome.status !== undefined && { status: outcome.status }),
          ...(outcome.code && { code: outcome.code }),
          ...(outcome.endpointHost && { endpointHost: outcome.endpointHost }),
          attempts,
        },
      });
    }
  });
}

registerJob<PendingRevocation>({
  name: "revocations",
  // A revocation sends at most two requests of 5 s each.
  claimSeconds: 60,
  batchSize: 25,
  concurrency: 4,
  claim: (ctx) =>
    claimDue(ctx, {
      table: pendingRevocations,
      due: and(
        lte(pendingRevocations.nextAttemptAt, sql`now()`),
        ctx.onlyTenant ? eq(pendingRevocations.tenantId, ctx.onlyTenant) : undefined,
      ),
      order: sql`${pendingRevocations.nextAttemptAt}`,
    }),
  work,
  describe: (row) => ({ tenantId: row.tenantId, secretId: row.secretId }),
});
