import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditEvents, authClients, secrets } from "@/db/schema";
import { auditRow, type AuditInput } from "@/lib/audit";
import { OAUTH_TYPES } from "@/lib/components";
import { decryptField } from "@/lib/crypto/data-keys";
import { logger } from "@/lib/log";
import { isRetryable, queueRevocation } from "@/lib/jobs/revocations";
import { clientSecretOf } from "./clients";
import { revocationEndpoint, revokeTokens, type RevocationClient, type RevocationOutcome } from "./revoke";

/*
 * Revocation when secrets are deleted (docs/architecture.md › Security model). The order is
 * fixed: the value and the client are read inside the delete's transaction, while the row is
 * locked and still there; the provider is called only after the commit, so a slow provider
 * never holds a transaction; the outcome is audited afterwards. The API answers 204 either
 * way, since the credential is gone from the vault, and the audit log says whether the
 * provider confirmed (`secret.revoked`) or not (`secret.revocation_pending`).
 */

type AuditCtx = Omit<AuditInput, "tenantId" | "action" | "targetType" | "targetId">;

/** The columns of a secret row the preparation needs (select them `FOR UPDATE`). */
export type RevocableRow = {
  id: string;
  type: string;
  componentId: string | null;
  config: Record<string, unknown>;
  authClientId: string | null;
  valueCiphertext: string;
};

/** The columns a delete selects (and locks) so that it can revoke after the row is gone. */
export const revocableColumns = {
  id: secrets.id,
  type: secrets.type,
  componentId: secrets.componentId,
  config: secrets.config,
  authClientId: secrets.authClientId,
  valueCiphertext: secrets.valueCiphertext,
};

/** Everything the revocation needs once the row is gone. Holds the decrypted tokens: keep it in memory only. */
export type RevocationJob = {
  tenantId: string;
  secretId: string;
  secret: { componentId: string | null; config: Record<string, unknown> };
  /** The client whose credentials revoke; a retry reads it again (lib/jobs/revocations.ts). */
  authClientId: string;
  /** Null when the value or client could not be read: recorded as pending, never silently dropped. */
  value: Record<string, unknown> | null;
  client: RevocationClient | null;
};

// Revocations of one delete run at most this many at a time (an end user with many connections).
const CONCURRENCY = 4;

/**
 * Reads what revoking `row`'s tokens needs, with `tx` (the delete's transaction, row locked).
 * Null when there is nothing to revoke: not an OAuth secret, no auth client (tokens passed
 * in by the tenant are the tenant's to revoke), or no revocation endpoint on the client or
 * the component. Never throws for an unreadable value or client secret: the job then
 * records a pending revocation.
 */
export async function prepareRevocation(
  tx: Db,
  opts: { tenantId: string; row: RevocableRow },
): Promise<RevocationJob | null> {
  const { tenantId, row } = opts;
  if (!(OAUTH_TYPES as readonly string[]).includes(row.type) || !row.authClientId) return null;
  const [client] = await tx
    .select()
    .from(authClients)
    .where(and(eq(authClients.id, row.authClientId), eq(authClients.tenantId, tenantId)));
  const secret = { componentId: row.componentId, config: row.config };
  if (!client || !revocationEndpoint(secret, client.endpoints.revocation)) return null;
  const job: RevocationJob = {
    tenantId,
    secretId: row.id,
    secret,
    authClientId: row.authClientId,
    value: null,
    client: null,
  };
  try {
    const plaintext = await decryptField({
      db: tx,
      tenantId,
      rowId: row.id,
      field: "value",
      envelope: row.valueCiphertext,
    });
    job.value = JSON.parse(plaintext) as Record<string, unknown>;
    job.client = {
      clientId: client.clientId,
      clientSecret: await clientSecretOf(tx, client),
      tokenEndpointAuthMethod: client.tokenEndpointAuthMethod,
      revocationUrl: client.endpoints.revocation ?? null,
    };
  } catch (err) {
    // Decryption failures are local (key or tag); the message names no value.
    logger().warn(
      { tenantId, secretId: row.id, err: (err as Error).name },
      "revocation: could not read the secret or its client",
    );
  }
  return job;
}

/** The audit event for one outcome; metadata names the class, status and host, never a token. */
function outcomeEvent(job: RevocationJob, outcome: RevocationOutcome, audit: AuditCtx) {
  const base = { ...audit, tenantId: job.tenantId, targetType: "secret", targetId: job.secretId };
  if (outcome.ok) {
    return auditRow({
      ...base,
      action: "secret.revoked",
      metadata: { endpointHost: outcome.endpointHost, tokens: outcome.tokens },
    });
  }
  const { class: cls, status, code, endpointHost } = outcome;
  return auditRow({
    ...base,
    action: "secret.revocation_pending",
    metadata: {
      class: cls,
      ...(status !== undefined && { status }),
      ...(code && { code }),
      ...(endpointHost && { endpointHost }),
    },
  });
}

async function runOne(job: RevocationJob): Promise<RevocationOutcome> {
  if (!job.value || !job.client) return { ok: false, class: "unavailable", durationMs: 0 };
  try {
    const outcome = await revokeTokens({
      tenantId: job.tenantId,
      secret: job.secret,
      value: job.value,
      client: job.client,
    });
    // prepareRevocation only makes jobs that have an endpoint.
    return outcome ?? { ok: false, class: "misconfigured", durationMs: 0 };
  } catch {
    return { ok: false, class: "unavailable", durationMs: 0 };
  }
}

/**
 * Revokes each job's tokens after its delete has committed, a few at a time, and records
 * `secret.revoked` or `secret.revocation_pending` for each. Never throws: the delete already
 * happened. A pending revocation that may still succeed keeps its tokens, sealed, in
 * `pending_revocations` (written with its audit event), and the background runner retries it
 * for a day (lib/jobs/revocations.ts).
 */
export async function runRevocations(
  db: Db,
  jobs: readonly RevocationJob[],
  audit: AuditCtx,
): Promise<RevocationOutcome[]> {
  const outcomes: RevocationOutcome[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      const job = jobs[i];
      const outcome = await runOne(job);
      outcomes[i] = outcome;
      if (!outcome.ok) {
        logger().warn(
          {
            tenantId: job.tenantId,
            secretId: job.secretId,
            class: outcome.class,
            status: outcome.status,
            endpointHost: outcome.endpointHost,
          },
          "revocation pending",
        );
      }
      try {
        await db.transaction(async (tx) => {
          await tx.insert(auditEvents).values(outcomeEvent(job, outcome, audit));
          if (!outcome.ok && job.value && job.client && isRetryable(outcome.class))
            await queueRevocation(tx, {
              ...job,
              value: job.value,
              lastClass: outcome.class,
              lastStatus: outcome.status,
            });
        });
      } catch (err) {
        logger().error(
          { tenantId: job.tenantId, secretId: job.secretId, err: (err as Error).name },
          "revocation: audit write failed",
        );
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, jobs.length) }, worker));
  return outcomes;
}
