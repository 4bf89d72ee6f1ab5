import "server-only";
import { randomBytes, randomUUID } from "node:crypto";
import { and, eq, inArray, lt, sql } from "drizzle-orm";
import * as oauth from "oauth4webapi";
import type { Db } from "@/db/client";
import { auditEvents, oauthFlows, secrets, type AuthClient, type PinnedFlowClient } from "@/db/schema";
import { ApiError, notFound } from "@/lib/api/errors";
import { auditRow } from "@/lib/audit";
import { actorOf, type Caller } from "@/lib/auth/caller";
import { fillTemplate, getComponent, resolveConfig } from "@/lib/components";
import { encryptField } from "@/lib/crypto/data-keys";
import type { StartFlowInput } from "./flow-schemas";
import { getSettings } from "@/lib/tenants/settings";
import { workspaceBySlug } from "@/lib/tenants/workspaces";
import { isCustomComponent } from "./defaults";
import { redirectUri } from "./clients";
import { launchUrl, stateHash } from "./launch";
import { insecureAllowed, oauthHttpOptions } from "./http";
import { unpinnedEndpoints, unpinnedRefusal } from "./endpoint-hosts";

/** How long a started flow may wait for its callback (issue 9: ten minutes). */
export const FLOW_TTL_MS = 10 * 60 * 1000;

/** Flows removed per start-flow at most, so one call never pays for a large backlog. */
const PURGE_BATCH = 100;

/**
 * Deletes up to `PURGE_BATCH` flows that expired more than an hour ago, across tenants. A
 * flow lives ten minutes, so this also covers every flow consumed more than a day ago. Run
 * opportunistically when a flow starts (the `oauth_flows_expires` index keeps it cheap), so
 * spent state hashes and encrypted PKCE verifiers do not pile up. Returns how many went.
 */
export async function purgeExpiredFlows(db: Db): Promise<number> {
  const gone = await db
    .delete(oauthFlows)
    .where(
      inArray(
        oauthFlows.id,
        db
          .select({ id: oauthFlows.id })
          .from(oauthFlows)
          .where(lt(oauthFlows.expiresAt, sql`now() - interval '1 hour'`))
          .limit(PURGE_BATCH)
          // Rows another instance is purging right now are skipped, not waited for.
          .for("update", { skipLocked: true }),
      ),
    )
    .returning({ id: oauthFlows.id });
  return gone.length;
}

/**
 * What the flow pins beyond the schema's `PinnedFlowClient`:
 * - `issRequired`: the issuer's metadata advertises `authorization_response_iss_parameter_supported`,
 *   so a callback without `iss` is refused (RFC 9207 §2.4);
 * - `tokenParams`: extra token-request parameters;
 * - `authorizeUrl`: the provider's authorization URL with every parameter but `state` (which
 *   is stored only as its hash), sent when the browser launches the flow (launch.ts);
 * - `browser`: SHA-256 of the launching browser's binding cookie, set once at launch; only a
 *   callback carrying that cookie can complete the flow.
 */
export type FlowPin = PinnedFlowClient & {
  issRequired?: boolean;
  tokenParams?: Record<string, string>;
  authorizeUrl?: string;
  browser?: string;
};

const invalid = (path: string, message: string) =>
  new ApiError("validation_failed", "The request is not valid", { issues: [{ path, message }] });

/**
 * A client's endpoint templates filled from the connection's config, each an absolute
 * http(s) URL; plain http only for hosts in OUTBOUND_ALLOW_HOSTS. Where the hosts resolve
 * is checked again when each one is called (safeFetch).
 */
function pinEndpoints(client: AuthClient, config: Record<string, string>): FlowPin["endpoints"] {
  const [unpinned] = unpinnedEndpoints(client.componentId, client.endpoints);
  if (unpinned) throw new ApiError("bad_request", unpinnedRefusal(unpinned));
  const { auth, token, revocation, userinfo } = client.endpoints;
  if (!auth || !token) throw new ApiError("bad_request", "The auth client has no authorization or token endpoint");
  const fill = (key: string, template: string | undefined) => {
    if (!template) return undefined;
    let url: URL;
    try {
      url = new URL(fillTemplate(template, config));
    } catch {
      throw invalid(
        "config",
        `The client's ${key} endpoint needs the connection's fields (${template.match(/\{\{\s*\w+\s*\}\}/g)?.join(", ") ?? "none"})`,
      );
    }
    if ((url.protocol !== "https:" && url.protocol !== "http:") || !insecureAllowed(url.href)) {
      throw new ApiError("bad_request", `The client's ${key} endpoint must use https`);
    }
    return url.href;
  };
  return {
    auth: fill("authorization", auth)!,
    token: fill("token", token)!,
    ...(revocation && { revocation: fill("revocation", revocation) }),
    ...(userinfo && { userinfo: fill("userinfo", userinfo) }),
  };
}

/** The component's config for this connection, validated by the catalogue's field rules. */
function connectionConfig(client: AuthClient, given: Record<string, string> | undefined): Record<string, string> {
  const entry =
    client.componentId && !isCustomComponent(client.componentId) ? getComponent(client.componentId) : undefined;
  if (!entry) return {};
  const resolved = resolveConfig(entry, given ?? {});
  if (!resolved.ok) throw new ApiError("validation_failed", "The request is not valid", { issues: resolved.issues });
  return resolved.values;
}

/** The origin of `successUrl` must be one of the tenant's `returnUrlOrigins`, exactly. */
async function checkSuccessUrl(db: Db, tenantId: string, successUrl: string | undefined): Promise<void> {
  if (!successUrl) return;
  const { returnUrlOrigins = [] } = await getSettings(db, { tenantId });
  if (!returnUrlOrigins.includes(new URL(successUrl).origin)) {
    throw invalid("successUrl", "Its origin is not on the tenant's return-URL allowlist (Settings › returnUrlOrigins)");
  }
}

/**
 * The secret to re-authorise: an OAuth2 secret the caller may see, of this client's
 * component, issued by this client or by none. Its owner and workspace carry over.
 */
async function reauthTarget(
  db: Db,
  opts: { tenantId: string; endUserId?: string | null; client: AuthClient; secretId: string },
) {
  const [row] = await db
    .select({
      id: secrets.id,
      type: secrets.type,
      componentId: secrets.componentId,
      authClientId: secrets.authClientId,
      endUserId: secrets.endUserId,
      workspaceId: secrets.workspaceId,
      name: secrets.name,
      config: secrets.config,
    })
    .from(secrets)
    .where(
      and(
        eq(secrets.id, opts.secretId),
        eq(secrets.tenantId, opts.tenantId),
        opts.endUserId ? eq(secrets.endUserId, opts.endUserId) : undefined,
      ),
    );
  if (!row || opts.endUserId === null) throw notFound("Secret");
  if (row.type !== "OA2_AUTHORIZATION_CODE")
    throw invalid("secretId", "Only OA2_AUTHORIZATION_CODE secrets can be re-authorised");
  if (row.authClientId ? row.authClientId !== opts.client.id : row.componentId !== opts.client.componentId) {
    throw invalid("secretId", "This secret belongs to another auth client");
  }
  return row;
}

/**
 * Whether the issuer's metadata advertises `iss` on authorization responses. Fetched once per
 * flow through the SSRF-safe client with a short deadline; a provider without discovery
 * simply does not advertise it (then `iss` is still checked whenever it is present).
 */
async function issAdvertised(issuer: string): Promise<boolean> {
  const url = new URL(issuer);
  for (const algorithm of ["oidc", "oauth2"] as const) {
    try {
      const res = await oauth.discoveryRequest(url, {
        algorithm,
        ...oauthHttpOptions([issuer], { timeoutMs: 5000, maxBytes: 64 * 1024 }),
      });
      const as = await oauth.processDiscoveryResponse(url, res);
      return as.authorization_response_iss_parameter_supported === true;
    } catch {
      // Try the other well-known path, then give up: not advertised.
    }
  }
  return false;
}

/**
 * Starts an authorization-code flow and returns the URL to send the browser to: this
 * service's launch URL, which binds the flow to that browser and redirects to the provider.
 * The flow row keeps only the SHA-256 of the 256-bit state, the PKCE verifier encrypted
 * (bound to the row), the client's endpoints as filled now (mix-up defence: a later edit of
 * the client cannot redirect this flow), the expected issuer, the owner (`endUserId`, or the
 * workspace when null), who started it, and the checked `successUrl`. Expires in 10 minutes.
 */
export async function startFlow(
  db: Db,
  opts: {
    tenantId: string;
    client: AuthClient;
    /** The owner of the resulting secret: an end user, or null for the workspace. */
    endUserId: string | null;
    caller: Caller;
    input: StartFlowInput;
    requestId?: string;
  },
): Promise<{ authUrl: string; expiresAt: Date; flowId: string }> {
  const { tenantId, client, input } = opts;
  if (client.type !== "OA2_AUTHORIZATION_CODE")
    throw new ApiError("bad_request", "Only OA2_AUTHORIZATION_CODE clients start a browser flow");
  if (!client.clientSecretCiphertext && !client.pkce) {
    // A public client without PKCE would let anyone who sees the code redeem it.
    throw new ApiError("bad_request", "A client without a client secret must use PKCE");
  }
  await checkSuccessUrl(db, tenantId, input.successUrl);
  const target = input.secretId
    ? await reauthTarget(db, {
        tenantId,
        endUserId: opts.caller.kind === "member" ? undefined : opts.endUserId,
        client,
        secretId: input.secretId,
      })
    : undefined;
  if (target && input.workspace) throw invalid("workspace", "A re-authorised secret stays in its workspace");
  const workspaceId =
    target?.workspaceId ?? (await workspaceBySlug(db, { tenantId, slug: input.workspace ?? "production" })).id;

  // Re-authorising keeps the connection's settings unless new ones are given.
  const config = connectionConfig(client, input.config ?? (target?.config as Record<string, string> | undefined));
  const endpoints = pinEndpoints(client, config);
  const scope = input.scope ?? client.scopes.join(client.scopeSeparator);
  const issuer = client.issuer ?? null;
  const issRequired = issuer ? await issAdvertised(issuer) : false;
  const pinned: FlowPin = {
    clientId: client.clientId,
    endpoints,
    tokenEndpointAuthMethod: client.tokenEndpointAuthMethod,
    pkce: client.pkce,
    scope,
    redirectUri: redirectUri(),
    issRequired,
    tokenParams: fillParams((client.settings as { tokenParams?: Record<string, string> }).tokenParams, config),
  };

  const id = randomUUID();
  const state = randomBytes(32).toString("base64url");
  const verifier = client.pkce ? oauth.generateRandomCodeVerifier() : undefined;
  // A nonce binds an id_token to this flow; only an OpenID request with a known issuer gets one.
  const nonce = issuer && scope.split(/[\s,+]+/).includes("openid") ? oauth.generateRandomNonce() : undefined;
  const expiresAt = new Date(Date.now() + FLOW_TTL_MS);

  const url = new URL(endpoints.auth);
  // The state is added at launch (launch.ts): it is never stored, not even inside this URL.
  for (const [k, v] of Object.entries(fillParams(client.authParams, config))) url.searchParams.set(k, v);
  // Protocol parameters last, so nothing configured can override them.
  url.searchParams.set("response_type", "code");
  url.searchParams.set("client_id", client.clientId);
  url.searchParams.set("redirect_uri", pinned.redirectUri);
  if (scope) url.searchParams.set("scope", scope);
  if (verifier) {
    url.searchParams.set("code_challenge", await oauth.calculatePKCECodeChallenge(verifier));
    url.searchParams.set("code_challenge_method", "S256");
  }
  if (nonce) url.searchParams.set("nonce", nonce);
  pinned.authorizeUrl = url.href;

  const codeVerifierCiphertext = verifier
    ? await encryptField({ db, tenantId, rowId: id, field: "code_verifier", plaintext: verifier })
    : null;
  const startedBy = actorOf(opts.caller);
  await purgeExpiredFlows(db);
  await db.transaction(async (tx) => {
    await tx.insert(oauthFlows).values({
      id,
      tenantId,
      authClientId: client.id,
      stateHash: stateHash(state),
      codeVerifierCiphertext,
      nonce: nonce ?? null,
      pinned,
      expectedIssuer: issuer,
      endUserId: target ? target.endUserId : opts.endUserId,
      workspaceId,
      startedBy,
      componentId: client.componentId,
      config,
      secretName: input.secretName ?? null,
      secretId: target?.id ?? null,
      successUrl: input.successUrl ?? null,
      expiresAt,
    });
    await tx.insert(auditEvents).values(
      auditRow({
        caller: opts.caller,
        requestId: opts.requestId,
        tenantId,
        action: "oauth.flow_started",
        targetType: "auth_client",
        targetId: client.id,
        metadata: { flowId: id, componentId: client.componentId, reauthorize: target?.id ?? null },
      }),
    );
  });
  return { authUrl: launchUrl(state), expiresAt, flowId: id };
}

/** Extra request parameters with their `{{field}}` placeholders filled from the config. */
function fillParams(
  params: Record<string, string> | undefined,
  config: Record<string, string>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params ?? {})) {
    try {
      out[k] = fillTemplate(v, config);
    } catch {
      throw invalid("config", `The client's parameter ${k} needs a connection field`);
    }
  }
  return out;
}
