import "server-only";
import type { Db } from "@/db/client";
import { ApiError, notFound } from "@/lib/api/errors";
import type { AuditInput } from "@/lib/audit";
import { getComponent, secretFieldsFor } from "@/lib/components";
import { decryptField, encryptField } from "@/lib/crypto/data-keys";
import { env } from "@/lib/env";
import { errorForLog, logger } from "@/lib/log";
import { typeDef } from "@/lib/secrets/types";
import { parseExpires } from "@/lib/secrets/types/oauth2-code";
import { getAuthClient } from "./clients";
import {
  currentCiphertext,
  markExpired,
  markFailed,
  newLeaseOwner,
  readRefreshState,
  releaseLease,
  takeLease,
  writeRefreshed,
  type Leased,
  type RefreshState,
} from "./lease";
import { credentialChanged, failureText, notRenewableMessage, refusedMessage, renew, renewable } from "./renew";

/*
 * Refresh on read (docs/architecture.md › Token refresh). A read of a due secret (OAuth2,
 * client credentials, session auth) joins this process's one refresh of that secret (single
 * flight); that refresh takes the row lease by compare-and-swap or, when another instance
 * holds it, polls the row until the lease is gone and re-reads. Only the lease holder calls
 * the token (or login) endpoint; what "renew" means per type is lib/oauth/renew.ts.
 */

type AuditCtx = Omit<AuditInput, "tenantId" | "action" | "targetType" | "targetId">;

/** A failed refresh is not retried by any instance for this long. */
export const REFRESH_RETRY_SECONDS = 30;
/** How often a reader that lost the lease looks at the row again. */
const POLL_MS = 20;

/** The lease, and the token request's timeout: at most half the lease, at most 10 s. */
export function refreshTimings() {
  const leaseSeconds = env().REFRESH_LEASE_SECONDS;
  return { leaseSeconds, timeoutMs: Math.min(10_000, (leaseSeconds * 1000) / 2) };
}

/** The secret's state after a refresh (or after waiting for one): its value and changed columns. */
export type Refreshed = Omit<
  RefreshState,
  "valueCiphertext" | "leased" | "refreshable" | "due" | "retryIn" | "type"
> & {
  value: Record<string, unknown>;
};

type Key = { tenantId: string; id: string };
const inFlight = new Map<string, Promise<Refreshed>>();

/**
 * Refreshes a due secret before it is read and returns its current value. Concurrent calls
 * in this process share one attempt. Throws `409 needs_reauth` when the provider refused the
 * refresh token, and `503 upstream_unavailable` (with Retry-After) when the refresh failed
 * and the stored access token no longer works.
 */
export function refreshOnRead(db: Db, opts: Key & { audit: AuditCtx }): Promise<Refreshed> {
  return singleFlight(`${opts.tenantId}:${opts.id}`, () => refreshLoop(db, { ...opts, force: false }));
}

/** Refreshes now, whether due or not (POST /secrets/{id}/refresh). Same guarantees as a read. */
export function forceRefresh(db: Db, opts: Key & { audit: AuditCtx }): Promise<Refreshed> {
  return singleFlight(`${opts.tenantId}:${opts.id}:force`, () => refreshLoop(db, { ...opts, force: true }));
}

function singleFlight(key: string, run: () => Promise<Refreshed>): Promise<Refreshed> {
  let p = inFlight.get(key);
  if (!p) {
    p = run().finally(() => inFlight.delete(key));
    inFlight.set(key, p);
  }
  return p;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function refreshLoop(db: Db, opts: Key & { audit: AuditCtx; force: boolean }): Promise<Refreshed> {
  const { leaseSeconds, timeoutMs } = refreshTimings();
  // A dead holder's lease runs out within leaseSeconds; after that the CAS below succeeds.
  const giveUpAt = Date.now() + leaseSeconds * 1000 + 5_000;
  let attempts = 0;
  for (;;) {
    const owner = newLeaseOwner();
    const leased = await takeLease(db, { ...opts, owner, leaseSeconds, force: opts.force });
    if (leased) {
      attempts++;
      let outcome: Refreshed | "again";
      try {
        outcome = await refreshWithLease(db, { ...opts, owner, leased, timeoutMs });
      } finally {
        await releaseLease(db, { ...opts, owner }).catch((err) =>
          logger().warn({ err: errorForLog(err), secretId: opts.id }, "refresh lease release failed"),
        );
      }
      if (outcome !== "again") return outcome;
      if (attempts >= 3) return settle(db, opts, await mustRead(db, opts), true);
      continue;
    }
    const state = await mustRead(db, opts);
    if (state.leased && Date.now() < giveUpAt) {
      await sleep(POLL_MS);
      continue;
    }
    // Free, and still due without a cool-down: the lease was released between our two
    // statements (or its holder gave up without writing); try to take it again.
    const takeable =
      state.refreshable &&
      !state.leased &&
      state.status !== "expired" &&
      state.retryIn === 0 &&
      (opts.force || state.due);
    if (takeable && Date.now() < giveUpAt) {
      await sleep(POLL_MS);
      continue;
    }
    return settle(db, opts, state, false);
  }
}

async function mustRead(db: Db, key: Key): Promise<RefreshState> {
  const state = await readRefreshState(db, key);
  if (!state) throw notFound("Secret");
  return state;
}

/**
 * What a reader gets when it did not refresh itself: the stored value if it is fresh or
 * still valid; 409 when re-authorisation is needed; 503 while a failed refresh cools down
 * and the stored token has run out.
 */
async function settle(db: Db, key: Key & { force: boolean }, state: RefreshState, gaveUp: boolean): Promise<Refreshed> {
  const stillPending = key.force || state.due;
  if (stillPending && state.status === "expired") throw needsReauth(state.type);
  const valid = !!state.expires && state.expires.getTime() > Date.now();
  if (stillPending && (state.retryIn > 0 || gaveUp || state.leased)) {
    if (!key.force && valid) return decrypted(db, key, state);
    throw unavailable(state.retryIn || REFRESH_RETRY_SECONDS);
  }
  return decrypted(db, key, state);
}

async function decrypted(db: Db, key: Key, state: RefreshState): Promise<Refreshed> {
  const { valueCiphertext, leased: _l, refreshable: _f, due: _d, retryIn: _r, type: _t, ...cols } = state;
  const plaintext = await decryptField({
    db,
    tenantId: key.tenantId,
    rowId: key.id,
    field: "value",
    envelope: valueCiphertext,
  });
  return { ...cols, value: JSON.parse(plaintext) as Record<string, unknown> };
}

const needsReauth = (type: string) => new ApiError("needs_reauth", refusedMessage(type));
const unavailable = (retryAfter: number) =>
  new ApiError("upstream_unavailable", "The token or login endpoint is not answering; try again later", {
    headers: { "Retry-After": String(retryAfter) },
  });

/** The lease is ours: renew once (lib/oauth/renew.ts) and record the outcome. "again" means re-run the loop. */
async function refreshWithLease(
  db: Db,
  opts: Key & { audit: AuditCtx; force: boolean; owner: string; leased: Leased; timeoutMs: number },
): Promise<Refreshed | "again"> {
  const { leased } = opts;
  const envelope = leased.valueCiphertext;
  const value = JSON.parse(
    await decryptField({ db, tenantId: opts.tenantId, rowId: opts.id, field: "value", envelope }),
  ) as Record<string, unknown>;
  const tokenValid = !!leased.expires && leased.expires.getTime() > Date.now();
  if (!renewable(leased.type, value)) {
    if (opts.force) throw new ApiError("needs_reauth", notRenewableMessage(leased.type));
    return settle(db, opts, { ...(await mustRead(db, opts)), due: false }, false);
  }
  const client = await getAuthClient(db, { tenantId: opts.tenantId, id: leased.authClientId! });
  const outcome = await renew(db, {
    type: leased.type,
    client,
    config: leased.config as Record<string, string>,
    value,
    timeoutMs: opts.timeoutMs,
  });

  if (outcome.kind === "ok") {
    const next = outcome.value;
    const def = typeDef(leased.type);
    const written = await writeRefreshed(db, {
      ...opts,
      valueCiphertext: await encryptField({
        db,
        tenantId: opts.tenantId,
        rowId: opts.id,
        field: "value",
        plaintext: JSON.stringify(next),
      }),
      maskedValue: def.mask(next as never, {
        secretFields: secretFieldsFor(leased.componentId ? getComponent(leased.componentId) : undefined, leased.type),
      }),
      expires: outcome.expires ? parseExpires(outcome.expires) : null,
      scope: outcome.scope,
      metadata: outcome.metadata,
    });
    if (written) return { ...omitCiphertext(written), value: next };
    // The lease ran out before we could write: someone else may hold it now. Whatever they
    // store wins; this answer's tokens are dropped rather than written over theirs.
    logger().warn({ secretId: opts.id }, "refresh lease lost before the result was written");
    return "again";
  }

  if (outcome.kind === "rejected") {
    // Re-read first: another instance (or a re-connection, or new input fields) may have
    // replaced the credentials since we read them, and the old ones were refused.
    const now = await currentCiphertext(db, opts);
    if (now === undefined) throw notFound("Secret");
    if (now !== envelope) {
      const stored = JSON.parse(
        await decryptField({ db, tenantId: opts.tenantId, rowId: opts.id, field: "value", envelope: now }),
      ) as Record<string, unknown>;
      if (credentialChanged(leased.type, value, stored)) return "again";
    }
    if (await markExpired(db, { ...opts, envelope, detail: outcome.detail, reason: outcome.reason })) {
      throw needsReauth(leased.type);
    }
    return "again";
  }

  // Reason and status only: the provider's error text may echo what it was sent.
  logger().warn({ secretId: opts.id, reason: outcome.reason, status: outcome.status }, "token refresh failed");
  const what = leased.type === "SESSION_AUTH" ? "Login" : "Token refresh";
  await markFailed(db, {
    ...opts,
    retrySeconds: REFRESH_RETRY_SECONDS,
    tokenValid,
    detail: `${what} failed (${failureText(outcome.reason)}); retrying after ${REFRESH_RETRY_SECONDS} s`,
    metadata: { reason: outcome.reason, ...(outcome.status && { status: outcome.status }) },
  });
  if (tokenValid && !opts.force) return decrypted(db, opts, await mustRead(db, opts));
  throw unavailable(REFRESH_RETRY_SECONDS);
}

function omitCiphertext<T extends { valueCiphertext: string }>(row: T): Omit<T, "valueCiphertext"> {
  const { valueCiphertext: _v, ...rest } = row;
  return rest;
}
