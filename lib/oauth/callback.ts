import "server-only";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import * as oauth from "oauth4webapi";
import { z } from "zod";
import type { Db } from "@/db/client";
import {
  ACCOUNT_INDEX_PREFIX,
  auditEvents,
  oauthFlows,
  secrets,
  workspaces,
  type AuthClient,
  type OauthFlow,
} from "@/db/schema";
import { ApiError } from "@/lib/api/errors";
import { auditRow } from "@/lib/audit";
import type { Caller } from "@/lib/auth/caller";
import { fillTemplate, getComponent } from "@/lib/components";
import { decryptField } from "@/lib/crypto/data-keys";
import { logger } from "@/lib/log";
import { createSecret, loadSecretValue, updateSecret } from "@/lib/secrets/store";
import { describeVerification } from "@/lib/verify/describe";
import { runDryRunWithAccount } from "@/lib/verify/dry-run";
import { VerifyError } from "@/lib/verify/errors";
import { clientSecretOf, getAuthClient } from "./clients";
import type { FlowPin } from "./flow";
import { stateHash } from "./launch";
import { oauthHttpOptions } from "./http";
import { flowMateValue, tokenResponseSchema, type OAuth2CodeValue, type TokenResponse } from "./tokens";

/**
 * A callback that cannot complete. `message` is fixed text plus, at most, the provider's
 * own error code and description: safe to show (HTML-escaped) and to log, never a token or
 * a code. `code` is what the result page and the opener's message carry. `successUrl` is
 * set once the flow is known, so a redirect-mode caller hears about the failure too.
 */
export class CallbackError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly successUrl: string | null = null,
  ) {
    super(message);
    this.name = "CallbackError";
  }
}

const TOKEN_TIMEOUT_MS = 10_000;
// A value that can never equal an `iss` parameter: used when the flow expects no issuer.
const NO_ISSUER = "urn:integration-center:no-issuer";

/**
 * Consumes the flow whose state this is, exactly once: one compare-and-swap statement, so two
 * callbacks racing with the same state (on any number of instances) cannot both win. The
 * browser must hold the flow's binding cookie (launch.ts). A missing, unknown, used or
 * expired state, or a browser that did not launch the flow, consumes nothing and returns
 * undefined.
 */
export async function consumeFlow(
  db: Db,
  state: string | null,
  browser: string | undefined,
): Promise<OauthFlow | undefined> {
  if (!state || state.length > 512 || !browser || browser.length > 100) return undefined;
  const [flow] = await db
    .update(oauthFlows)
    .set({ consumedAt: sql`now()` })
    .where(
      and(
        eq(oauthFlows.stateHash, stateHash(state)),
        isNull(oauthFlows.consumedAt),
        gt(oauthFlows.expiresAt, sql`now()`),
        sql`${oauthFlows.pinned}->>'browser' = ${stateHash(browser)}::text`,
      ),
    )
    .returning();
  return flow;
}

/** The audit actor of the flow's starter, as the caller shape the store's audit rows take. */
function starterOf(flow: OauthFlow): Caller {
  const { actorType, actorId, actorLabel } = flow.startedBy;
  const id = actorId ?? "";
  const label = actorLabel ?? "";
  if (actorType === "member")
    return { kind: "member", tenantId: flow.tenantId, userId: id, email: label, role: "developer" };
  if (actorType === "end_user") return { kind: "end_user", tenantId: flow.tenantId, endUserId: id, username: label };
  return { kind: "api_key", tenantId: flow.tenantId, apiKeyId: id, name: label };
}

/** The provider's error code and description, trimmed to something safe to show. */
function providerError(err: { error?: string; error_description?: string }): string {
  const code = (err.error ?? "error").replace(/[^\w.-]/g, "").slice(0, 100) || "error";
  const description = err.error_description?.replace(/[\u0000-\u001f\u007f]/g, " ").slice(0, 300);
  return description ? `${code}: ${description}` : code;
}

/**
 * The issuer the callback is checked against: the client's, or, when it names none and the
 * provider sends `iss` anyway, that `iss` only if it has the origin of the pinned
 * authorization endpoint. A foreign `iss` (another server answering for this flow, the
 * mix-up attack) therefore fails even without a configured issuer.
 */
function effectiveIssuer(flow: OauthFlow, pin: FlowPin, iss: string | null): string | null {
  if (flow.expectedIssuer) return flow.expectedIssuer;
  if (!iss) return null;
  try {
    return new URL(iss).origin === new URL(pin.endpoints.auth).origin ? iss : null;
  } catch {
    return null;
  }
}

/**
 * The client as it is now must still be the one the flow pinned: same client_id and same
 * token endpoint. Otherwise an edit made while the user was at the provider could send the
 * client secret (or the code) somewhere the flow never agreed to.
 */
function checkUnchanged(client: AuthClient, flow: OauthFlow, pin: FlowPin): void {
  let token: string | undefined;
  try {
    token = client.endpoints.token ? new URL(fillTemplate(client.endpoints.token, flow.config)).href : undefined;
  } catch {
    token = undefined;
  }
  if (client.clientId !== pin.clientId || token !== pin.endpoints.token) {
    throw new CallbackError(
      "client_changed",
      "The auth client was changed while you were signing in. Start again.",
      flow.successUrl,
    );
  }
}

async function tokenRequest(
  db: Db,
  opts: { flow: OauthFlow; pin: FlowPin; client: AuthClient; as: oauth.AuthorizationServer; params: URLSearchParams },
) {
  const { flow, pin, client, as } = opts;
  const secret = await clientSecretOf(db, client);
  const clientAuth = !secret
    ? oauth.None()
    : pin.tokenEndpointAuthMethod === "client_secret_post"
      ? oauth.ClientSecretPost(secret)
      : oauth.ClientSecretBasic(secret);
  const verifier = flow.codeVerifierCiphertext
    ? await decryptField({
        db,
        tenantId: flow.tenantId,
        rowId: flow.id,
        field: "code_verifier",
        envelope: flow.codeVerifierCiphertext,
      })
    : oauth.nopkce;
  const oc: oauth.Client = { client_id: pin.clientId };
  let res = await oauth.authorizationCodeGrantRequest(as, oc, clientAuth, opts.params, pin.redirectUri, verifier, {
    additionalParameters: pin.tokenParams,
    ...oauthHttpOptions([pin.endpoints.token], { timeoutMs: TOKEN_TIMEOUT_MS }),
  });
  if (as.issuer === NO_ISSUER) res = await withoutIdToken(res);
  const answer = await oauth.processAuthorizationCodeResponse(as, oc, res, {
    expectedNonce: flow.nonce ?? oauth.expectNoNonce,
  });
  const parsed = tokenResponseSchema.safeParse(answer);
  if (!parsed.success)
    throw new CallbackError("invalid_token_response", "The provider's token answer was not valid.", flow.successUrl);
  return { token: parsed.data, sub: oauth.getValidatedIdTokenClaims(answer)?.sub };
}

/**
 * An id_token can only be trusted against a known issuer; with none configured it is dropped
 * before oauth4webapi sees it (the account then comes from userinfo), rather than failing.
 */
async function withoutIdToken(res: Response): Promise<Response> {
  const text = await res.text();
  let body = text;
  try {
    const json = JSON.parse(text) as Record<string, unknown>;
    if (json && typeof json === "object" && "id_token" in json) {
      delete json.id_token;
      body = JSON.stringify(json);
    }
  } catch {
    // Not JSON: oauth4webapi reports it as such.
  }
  return new Response(body, { status: res.status, headers: res.headers });
}

const userinfoSchema = z.looseObject({
  sub: z.union([z.string(), z.number()]).optional(),
  id: z.union([z.string(), z.number()]).optional(),
  user_id: z.union([z.string(), z.number()]).optional(),
  data: z.looseObject({ id: z.union([z.string(), z.number()]).optional() }).optional(),
});

/**
 * The provider account from the userinfo endpoint: `sub` (OpenID), else `id` / `user_id`
 * (GitHub, most REST APIs), else `data.id`. Undefined when there is none or it fails: the
 * connection still works, it just cannot be matched on re-connect.
 */
async function accountFromUserinfo(pin: FlowPin, accessToken: string): Promise<string | undefined> {
  const url = pin.endpoints.userinfo;
  if (!url) return undefined;
  try {
    const res = await oauth.protectedResourceRequest(
      accessToken,
      "GET",
      new URL(url),
      new Headers({ accept: "application/json" }),
      null,
      {
        ...oauthHttpOptions([url], { timeoutMs: TOKEN_TIMEOUT_MS }),
      },
    );
    if (!res.ok) return undefined;
    const body = userinfoSchema.safeParse(await res.json());
    if (!body.success) return undefined;
    const id = body.data.sub ?? body.data.id ?? body.data.user_id ?? body.data.data?.id;
    return id === undefined || id === "" ? undefined : String(id).slice(0, 200);
  } catch {
    return undefined;
  }
}

/** The existing secret this connection replaces: the flow's `secretId`, or the same account again. */
async function existingSecret(db: Db, flow: OauthFlow, externalId: string | undefined): Promise<string | undefined> {
  if (flow.secretId) return flow.secretId;
  if (!externalId) return undefined;
  const [row] = await db
    .select({ id: secrets.id })
    .from(secrets)
    .where(
      and(
        eq(secrets.tenantId, flow.tenantId),
        eq(secrets.authClientId, flow.authClientId),
        eq(secrets.externalId, externalId),
        eq(secrets.workspaceId, flow.workspaceId),
        flow.endUserId ? eq(secrets.endUserId, flow.endUserId) : isNull(secrets.endUserId),
      ),
    )
    .orderBy(secrets.createdAt)
    .limit(1);
  return row?.id;
}

function defaultName(flow: OauthFlow, client: AuthClient, externalId: string | undefined): string {
  const entry = flow.componentId ? getComponent(flow.componentId) : undefined;
  const base = entry && flow.componentId !== "custom-oauth2" ? entry.name : client.name;
  const name = externalId ? `${base} (${externalId})` : base;
  return name.slice(0, 200);
}

/**
 * `GET /api/v1/callback`: completes the flow that `params.state` names. In order: the state
 * is consumed (nothing else happens for a state that does not consume); `iss` is checked
 * against the pinned issuer (RFC 9207) and a provider `error=` ends the flow; the code is
 * exchanged at the pinned token endpoint with the client's configured authentication and
 * the answer validated (oauth4webapi, then zod); the component's dry run proves the new
 * token (a failure stores nothing); the account is taken from the id_token, else userinfo,
 * else the dry run's answer (the catalogue's `accountId`); the FlowMate value is stored, in
 * place when the flow re-authorises a secret or the same account connects again (also when
 * two callbacks for one account race: the unique index turns the second insert into an update).
 * Every outbound call goes through the SSRF-safe client. Throws CallbackError.
 */
export async function completeCallback(
  db: Db,
  opts: { params: URLSearchParams; browser: string | undefined; requestId?: string },
): Promise<{ secretId: string; successUrl: string | null; reconnected: boolean }> {
  const flow = await consumeFlow(db, opts.params.get("state"), opts.browser);
  if (!flow) {
    throw new CallbackError(
      "invalid_state",
      "This sign-in is unknown, already completed, expired, or was started in another browser. Start again.",
    );
  }
  const fail = (code: string, message: string) => new CallbackError(code, message, flow.successUrl);
  const audit = { caller: starterOf(flow), requestId: opts.requestId };
  try {
    return await complete(db, flow, opts.params, audit);
  } catch (err) {
    const failure =
      err instanceof CallbackError
        ? err
        : err instanceof oauth.AuthorizationResponseError
          ? fail("provider_error", `The provider refused: ${providerError(err)}`)
          : err instanceof oauth.ResponseBodyError
            ? fail("token_error", `The provider refused the code: ${providerError(err)}`)
            : err instanceof oauth.OperationProcessingError && /"iss".*missing/.test(err.message)
              ? fail("issuer_missing", "The answer did not say which server sent it, though that server always does.")
              : err instanceof oauth.OperationProcessingError && /"iss"/.test(err.message)
                ? fail("issuer_mismatch", "The answer came from another server than the one this sign-in started with.")
                : err instanceof oauth.OperationProcessingError || err instanceof oauth.UnsupportedOperationError
                  ? fail("invalid_token_response", "The provider's answer was not valid.")
                  : err instanceof VerifyError
                    ? fail("provider_unreachable", `The provider could not be reached (${err.code}).`)
                    : err instanceof ApiError && err.code === "rate_limited"
                      ? fail("rate_limited", "Too many credential checks are running. Try again in a moment.")
                      : undefined;
    await db.insert(auditEvents).values(
      auditRow({
        ...audit,
        tenantId: flow.tenantId,
        action: "oauth.flow_failed",
        targetType: "auth_client",
        targetId: flow.authClientId,
        metadata: { flowId: flow.id, reason: failure?.code ?? "internal" },
      }),
    );
    if (failure) throw failure;
    logger().error(
      { requestId: opts.requestId, flowId: flow.id, err: { name: (err as Error)?.name } },
      "oauth callback failed",
    );
    throw fail("internal", "Something went wrong. Start again, and quote the request id if it keeps happening.");
  }
}

async function complete(
  db: Db,
  flow: OauthFlow,
  params: URLSearchParams,
  audit: { caller: Caller; requestId?: string },
) {
  const pin = flow.pinned as FlowPin;
  const issuer = effectiveIssuer(flow, pin, params.get("iss"));
  const as: oauth.AuthorizationServer = {
    issuer: issuer ?? NO_ISSUER,
    token_endpoint: pin.endpoints.token,
    userinfo_endpoint: pin.endpoints.userinfo,
    authorization_response_iss_parameter_supported: pin.issRequired === true,
  };
  const checked = oauth.validateAuthResponse(as, { client_id: pin.clientId }, params, params.get("state")!);

  const client = await getAuthClient(db, { tenantId: flow.tenantId, id: flow.authClientId });
  checkUnchanged(client, flow, pin);
  const { token, sub } = await tokenRequest(db, { flow, pin, client, as, params: checked });
  const claimed = sub ?? (await accountFromUserinfo(pin, token.access_token));

  // The component's dry run proves the new token before anything is stored, and names the
  // account where neither the id_token nor userinfo did (GitHub, Slack, … have no OpenID).
  const entry = flow.componentId ? getComponent(flow.componentId) : undefined;
  const proof = entry?.dryRun
    ? await runDryRunWithAccount({
        tenantId: flow.tenantId,
        entry,
        type: "OA2_AUTHORIZATION_CODE",
        value: flowMateValue({ authClientId: client.id, token, requestedScope: pin.scope }),
        config: flow.config,
      })
    : null;
  if (proof && !proof.result.ok) {
    throw new CallbackError(
      "verification_failed",
      `The new token did not work: ${describeVerification(proof.result)}`,
      flow.successUrl,
    );
  }
  const externalId = claimed ?? proof?.accountId;
  const ctx: StoreContext = { flow, client, token, externalId, scope: pin.scope, verified: !!proof, audit };
  try {
    return await store(db, ctx);
  } catch (err) {
    if (!isAccountConflict(err)) throw err;
    // Re-authorising a credential into an account that another credential already holds.
    if (flow.secretId) {
      throw new CallbackError(
        "account_connected",
        "This account is already connected as another credential. Re-authorize that one instead.",
        flow.successUrl,
      );
    }
    // A connection of the same account committed between our look-up and our insert (two
    // callbacks racing): the unique index refused the second secret, so update the first.
    return await store(db, ctx);
  }
}

type StoreContext = {
  flow: OauthFlow;
  client: AuthClient;
  token: TokenResponse;
  externalId: string | undefined;
  scope: string;
  verified: boolean;
  audit: { caller: Caller; requestId?: string };
};

/**
 * Stores the tokens: in place when the flow re-authorises a secret or this account is
 * already connected for this owner and workspace, as a new secret otherwise. The unique
 * index on (tenant, client, account, workspace, owner) makes the insert fail rather than
 * duplicate when another callback for the same account got there first (isAccountConflict).
 */
async function store(db: Db, ctx: StoreContext) {
  const { flow, client, externalId, audit } = ctx;
  const targetId = await existingSecret(db, flow, externalId);
  const previous = targetId ? await previousValue(db, flow, targetId) : undefined;
  // The old refresh token may stand in for a missing new one only for the same account.
  const sameAccount = previous && (!externalId || !previous.externalId || previous.externalId === externalId);
  const value: OAuth2CodeValue = flowMateValue({
    authClientId: client.id,
    token: ctx.token,
    externalId,
    previous: sameAccount ? previous : undefined,
    requestedScope: ctx.scope,
  });

  const link = { authClientId: client.id, externalId: value.externalId ?? null };
  if (targetId && previous !== null) {
    const row = await updateSecret(db, {
      scope: { tenantId: flow.tenantId },
      id: targetId,
      patch: { value, ...(flow.secretName && { name: flow.secretName }) },
      verified: ctx.verified,
      audit,
      oauth: link,
      reason: "oauth_reconnected",
    });
    return { secretId: row.id, successUrl: flow.successUrl, reconnected: true };
  }
  if (flow.secretId)
    throw new CallbackError("secret_gone", "The credential to re-authorise was deleted meanwhile.", flow.successUrl);
  const [ws] = await db.select({ slug: workspaces.slug }).from(workspaces).where(eq(workspaces.id, flow.workspaceId));
  const row = await createSecret(db, {
    scope: { tenantId: flow.tenantId, endUserId: flow.endUserId ?? undefined },
    input: {
      name: flow.secretName ?? defaultName(flow, client, externalId),
      type: "OA2_AUTHORIZATION_CODE",
      value,
      componentId: flow.componentId ?? undefined,
      config: flow.config,
      workspace: ws.slug,
    },
    verified: ctx.verified,
    audit,
    oauth: link,
    reason: "oauth_connected",
  });
  return { secretId: row.id, successUrl: flow.successUrl, reconnected: false };
}

/**
 * True for a unique violation of the one-secret-per-account indexes (db/schema/secrets.ts),
 * as postgres.js (`constraint_name`) or PGlite (`constraint`) reports it, possibly wrapped
 * by drizzle (`cause`).
 */
function isAccountConflict(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === "object" && depth < 5; depth++) {
    const { code, constraint_name, constraint } = e as {
      code?: unknown;
      constraint_name?: unknown;
      constraint?: unknown;
    };
    if (code === "23505") return String(constraint_name ?? constraint ?? "").startsWith(ACCOUNT_INDEX_PREFIX);
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** The stored value being replaced (its refresh token survives an answer without one); null when it is gone. */
async function previousValue(db: Db, flow: OauthFlow, id: string): Promise<Partial<OAuth2CodeValue> | null> {
  try {
    const { value } = await loadSecretValue(db, { tenantId: flow.tenantId }, id);
    return value as Partial<OAuth2CodeValue>;
  } catch (err) {
    if (err instanceof ApiError && err.code === "not_found") return null;
    throw err;
  }
}
