import "server-only";
import * as oauth from "oauth4webapi";
import type { Db } from "@/db/client";
import type { AuthClient } from "@/db/schema";
import { ApiError, notFound } from "@/lib/api/errors";
import type { AuditInput } from "@/lib/audit";
import { fillTemplate, getComponent, secretFieldsFor } from "@/lib/components";
import { decryptField, encryptField } from "@/lib/crypto/data-keys";
import { env } from "@/lib/env";
import { errorForLog, logger } from "@/lib/log";
import { typeDef } from "@/lib/secrets/types";
import { parseExpires } from "@/lib/secrets/types/oauth2-code";
import { BlockedError, TimeoutError } from "@/lib/verify/errors";
import { clientSecretOf, getAuthClient } from "./clients";
import { oauthHttpOptions } from "./http";
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
import { flowMateValue, tokenResponseSchema, type OAuth2CodeValue, type TokenResponse } from "./tokens";

/*
 * Refresh on read (docs/architecture.md › Token refresh). A read of a due OAuth2 secret
 * joins this process's one refresh of that secret (single flight); that refresh takes the
 * row lease by compare-and-swap or, when another instance holds it, polls the row until the
 * lease is gone and re-reads. Only the lease holder calls the token endpoint.
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
export type Refreshed = Omit<RefreshState, "valueCiphertext" | "leased" | "refreshable" | "due" | "retryIn"> & {
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
  if (stillPending && state.status === "expired") throw needsReauth();
  const valid = !!state.expires && state.expires.getTime() > Date.now();
  if (stillPending && (state.retryIn > 0 || gaveUp || state.leased)) {
    if (!key.force && valid) return decrypted(db, key, state);
    throw unavailable(state.retryIn || REFRESH_RETRY_SECONDS);
  }
  return decrypted(db, key, state);
}

async function decrypted(db: Db, key: Key, state: RefreshState): Promise<Refreshed> {
  const { valueCiphertext, leased: _l, refreshable: _f, due: _d, retryIn: _r, ...cols } = state;
  const plaintext = await decryptField({
    db,
    tenantId: key.tenantId,
    rowId: key.id,
    field: "value",
    envelope: valueCiphertext,
  });
  return { ...cols, value: JSON.parse(plaintext) as Record<string, unknown> };
}

const needsReauth = () =>
  new ApiError("needs_reauth", "The provider refused the refresh token; the end user must connect again");
const unavailable = (retryAfter: number) =>
  new ApiError("upstream_unavailable", "The token endpoint is not answering; try again later", {
    headers: { "Retry-After": String(retryAfter) },
  });

type Grant =
  | { kind: "ok"; token: TokenResponse }
  | { kind: "invalid_grant" }
  | { kind: "failed"; reason: string; status?: number };

/** The lease is ours: call the token endpoint once and record the outcome. "again" means re-run the loop. */
async function refreshWithLease(
  db: Db,
  opts: Key & { audit: AuditCtx; force: boolean; owner: string; leased: Leased; timeoutMs: number },
): Promise<Refreshed | "again"> {
  const { leased } = opts;
  const envelope = leased.valueCiphertext;
  const value = JSON.parse(
    await decryptField({ db, tenantId: opts.tenantId, rowId: opts.id, field: "value", envelope }),
  ) as OAuth2CodeValue;
  const tokenValid = !!leased.expires && leased.expires.getTime() > Date.now();
  if (!value.refreshToken) {
    if (opts.force)
      throw new ApiError("needs_reauth", "The credential has no refresh token; the end user must connect again");
    return settle(db, opts, { ...(await mustRead(db, opts)), due: false }, false);
  }
  const client = await getAuthClient(db, { tenantId: opts.tenantId, id: leased.authClientId! });
  const grant = await requestRefresh(db, client, leased.config as Record<string, string>, value, opts.timeoutMs);

  if (grant.kind === "ok") {
    const next = flowMateValue({ authClientId: value.authClientId ?? client.id, token: grant.token, previous: value });
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
      expires: next.expires ? parseExpires(next.expires) : null,
      scope: next.scope ?? null,
      metadata: {
        rotated: !!grant.token.refresh_token && grant.token.refresh_token !== value.refreshToken,
        expires: next.expires ?? null,
      },
    });
    if (written) return { ...omitCiphertext(written), value: next };
    // The lease ran out before we could write: someone else may hold it now. Whatever they
    // store wins; this answer's tokens are dropped rather than written over theirs.
    logger().warn({ secretId: opts.id }, "refresh lease lost before the result was written");
    return "again";
  }

  if (grant.kind === "invalid_grant") {
    // Re-read first: another instance (or a re-connection) may have rotated the refresh
    // token since we read it, and the provider refused the old one.
    const now = await currentCiphertext(db, opts);
    if (now === undefined) throw notFound("Secret");
    if (now !== envelope) {
      const stored = JSON.parse(
        await decryptField({ db, tenantId: opts.tenantId, rowId: opts.id, field: "value", envelope: now }),
      ) as OAuth2CodeValue;
      if (stored.refreshToken !== value.refreshToken || stored.accessToken !== value.accessToken) return "again";
    }
    if (await markExpired(db, { ...opts, envelope })) throw needsReauth();
    return "again";
  }

  // Reason and status only: the provider's error text may echo what it was sent.
  logger().warn({ secretId: opts.id, reason: grant.reason, status: grant.status }, "token refresh failed");
  await markFailed(db, {
    ...opts,
    retrySeconds: REFRESH_RETRY_SECONDS,
    tokenValid,
    detail: `Token refresh failed (${grant.reason}); retrying after ${REFRESH_RETRY_SECONDS} s`,
    metadata: { reason: grant.reason, ...(grant.status && { status: grant.status }) },
  });
  if (tokenValid && !opts.force) return decrypted(db, opts, await mustRead(db, opts));
  throw unavailable(REFRESH_RETRY_SECONDS);
}

function omitCiphertext<T extends { valueCiphertext: string }>(row: T): Omit<T, "valueCiphertext"> {
  const { valueCiphertext: _v, ...rest } = row;
  return rest;
}

/**
 * One refresh_token grant through oauth4webapi and the SSRF-safe fetch, classified: tokens,
 * `invalid_grant` (the refresh token is dead), or a failure worth retrying later. Sends
 * `scope` when the client says the provider needs it, and the client's extra token params.
 */
async function requestRefresh(
  db: Db,
  client: AuthClient,
  config: Record<string, string>,
  value: OAuth2CodeValue,
  timeoutMs: number,
): Promise<Grant> {
  let tokenUrl: string;
  try {
    tokenUrl = fillTemplate(client.endpoints.token ?? "", config ?? {});
    new URL(tokenUrl);
  } catch {
    return { kind: "failed", reason: "no_token_endpoint" };
  }
  const as: oauth.AuthorizationServer = { issuer: client.issuer ?? new URL(tokenUrl).origin, token_endpoint: tokenUrl };
  const c: oauth.Client = { client_id: client.clientId };
  const secret = await clientSecretOf(db, client);
  const auth = !secret
    ? oauth.None()
    : client.tokenEndpointAuthMethod === "client_secret_post"
      ? oauth.ClientSecretPost(secret)
      : oauth.ClientSecretBasic(secret);
  const params = new URLSearchParams(
    ((client.settings ?? {}) as { tokenParams?: Record<string, string> }).tokenParams ?? {},
  );
  if (client.refreshWithScope) {
    const scope = value.scope ?? client.scopes.join(client.scopeSeparator);
    if (scope) params.set("scope", scope);
  }
  let res: Response;
  try {
    res = await oauth.refreshTokenGrantRequest(as, c, auth, value.refreshToken!, {
      additionalParameters: params,
      ...oauthHttpOptions([tokenUrl], { timeoutMs }),
    });
  } catch (err) {
    return {
      kind: "failed",
      reason: err instanceof TimeoutError ? "timeout" : err instanceof BlockedError ? "blocked" : "network",
    };
  }
  if (res.status >= 500) return { kind: "failed", reason: "server_error", status: res.status };
  try {
    const body = await oauth.processRefreshTokenResponse(as, c, res);
    const token = tokenResponseSchema.safeParse(body);
    return token.success
      ? { kind: "ok", token: token.data }
      : { kind: "failed", reason: "invalid_response", status: res.status };
  } catch (err) {
    if (err instanceof oauth.ResponseBodyError) {
      if (err.error === "invalid_grant") return { kind: "invalid_grant" };
      // invalid_client, unauthorized_client…: the auth client needs fixing, not the end user.
      return {
        kind: "failed",
        reason: /^[a-z_]{1,40}$/.test(err.error) ? err.error : "oauth_error",
        status: err.status,
      };
    }
    if (err instanceof oauth.WWWAuthenticateChallengeError)
      return { kind: "failed", reason: "invalid_client", status: err.status };
    return { kind: "failed", reason: "invalid_response", status: res.status };
  }
}
