import { z } from "zod";
import { auditEventsQuery } from "@/lib/audit/schemas";
import { pageAfterParam } from "@/lib/api/cursor";
import { dataOf, listOf } from "@/lib/api/public";
import { auditEventSchema } from "@/lib/audit/public";
import { ALLOW, type AllowSet } from "@/lib/auth/allow";
import { connectSessionSchema, createConnectSessionSchema } from "@/lib/auth/connect-session-schemas";
import { impersonationSchema } from "@/lib/auth/public";
import { componentSchema } from "@/lib/components/public";
import {
  authClientListResponseSchema,
  authClientResponseSchema,
  createAuthClientSchema,
  listAuthClientsQuery,
  patchAnyAuthClientSchema,
} from "@/lib/oauth/schemas";
import { callbackQuery, startFlowQuery, startFlowResponseSchema, startFlowSchema } from "@/lib/oauth/flow-schemas";
import { fullSecretSchema, maskedSecretSchema, requestAuthSchema, secretUsageSchema } from "@/lib/secrets/public";
import {
  createSecretSchema,
  impersonateSchema,
  listSecretsQuery,
  patchSecretSchema,
  usageSchema,
} from "@/lib/secrets/schemas";
import {
  addMemberSchema,
  changePasswordSchema,
  createApiKeySchema,
  createWorkspaceSchema,
  updateMemberSchema,
} from "@/lib/tenants/schemas";
import {
  apiKeySchema,
  createdApiKeySchema,
  memberRoleSchema,
  memberSchema,
  settingsSchema,
  workspaceSchema,
} from "@/lib/tenants/public";
import { settingsPatchSchema } from "@/lib/tenants/settings";
import {
  authorizeResultSchema,
  decryptResultSchema,
  encryptResultSchema,
  jwkSetSchema,
  secretJwksSchema,
  signResultSchema,
  verifyResultSchema as jwsVerifyResultSchema,
} from "@/lib/signing/public";
import {
  authorizeRequestSchema,
  decryptSchema,
  encryptSchema,
  rotateSchema,
  signSchema,
  validateHmacSchema,
  verifySchema,
} from "@/lib/signing/schemas";
import { verifyResultSchema } from "@/lib/verify/public";
import { createdWebhookEndpointSchema, webhookDeliverySchema, webhookEndpointSchema } from "@/lib/webhooks/public";
import { createWebhookSchema, patchWebhookSchema, rotateWebhookSecretSchema } from "@/lib/webhooks/schemas";

// The one route table. Route handlers take their caller set from here (`route(…)`), the
// OpenAPI document (lib/openapi.ts) and the dashboard's API docs page are generated from it,
// and the in-process test caller (tests/api.ts) routes by it. tests/registry.test.ts fails
// when it and app/api/**/route.ts disagree. It imports schemas only, never a route module,
// so route modules can import it without a cycle.

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export const TAGS = [
  "Identity",
  "Secrets",
  "Signing keys",
  "Components",
  "Auth clients",
  "End users",
  "API keys",
  "Workspaces",
  "Members",
  "Settings",
  "Audit",
  "Webhooks",
  "Account",
  "Operations",
] as const;
export type Tag = (typeof TAGS)[number];

/** One route: one exported handler of one app/api/**\/route.ts file. */
export type RouteDef = {
  method: HttpMethod;
  /** The URL path. `{name}` is the `[name]` folder, `{...name}` the `[...name]` catch-all. */
  path: string;
  /** Who may call it: a named caller set, or "public" for routes without authentication (`withPublicApi`). */
  allow: AllowSet | "public";
  /** One line for the API docs. */
  summary: string;
  tag: Tag;
  /** Query parameters the handler reads. */
  query?: z.ZodObject;
  /** The JSON body the handler parses, with the schema it parses it with. */
  body?: z.ZodType;
  /**
   * The success body: a public schema (lib/<domain>/public.ts) in its envelope, `dataOf(…)`
   * or, for paged lists, `listOf(…)`. Every route with a JSON success body has one.
   */
  response?: z.ZodType;
  /** The success status, when it is not 200; 302 is a redirect for the browser, with no JSON body. */
  status?: 201 | 204 | 302;
  /** A list paged with page[number] and page[size]. */
  paged?: boolean;
  /** False for routes outside the v1 document: /api/health and Auth.js's own endpoints. */
  openapi?: false;
};

// Documentation of the query parameters secret-scoped handlers read with `usernameParam`.
const actAs = {
  username: z.string().min(1).max(200).optional().describe("API key or dashboard member: act as this end user"),
};
const secretScoped = z.object(actAs);
const secretDelete = z.object({
  ...actAs,
  force: z.enum(["true"]).optional().describe("Admin or API key: delete even while an active usage exists"),
});

// The two operational answers have no resource behind them; their shapes are small enough to state here.
const openApiDocumentSchema = z
  .looseObject({
    openapi: z.literal("3.1.0"),
    info: z.looseObject({ title: z.string(), version: z.string() }),
    paths: z.record(z.string(), z.unknown()),
  })
  .describe("An OpenAPI 3.1 document");
const healthSchema = z.strictObject({ status: z.literal("ok"), db: z.enum(["pglite", "postgres"]) });

const defs = [
  // Identity
  {
    method: "POST",
    path: "/api/v1/impersonate",
    allow: ALLOW.apiKeyOnly,
    tag: "Identity",
    summary: "Get a user token for an end user (created on first use)",
    body: impersonateSchema,
    response: impersonationSchema,
  },
  {
    method: "POST",
    path: "/api/v1/connect-sessions",
    allow: ALLOW.apiKeyOnly,
    tag: "Identity",
    summary:
      "Mint a 30-minute connect session (ics_ token and /embed URL) for an end user, optionally limited to components and a workspace; origin must be one of the tenant's embedOrigins",
    body: createConnectSessionSchema,
    status: 201,
    response: dataOf(connectSessionSchema),
  },
  {
    method: "DELETE",
    path: "/api/v1/connect-sessions/{id}",
    allow: ALLOW.adminOrKey,
    tag: "Identity",
    summary: "End a connect session at once; its token answers 401 from then on",
    status: 204,
  },
  // Secrets
  {
    method: "GET",
    path: "/api/v1/secrets",
    allow: ALLOW.anyCaller,
    tag: "Secrets",
    summary:
      "List visible secrets with masked values, newest first. Page with page[number] or, to walk everything, with page[after] set to the previous page's meta.nextCursor; meta.total is exact, except for a name search past 10,000 matches (meta.totalIsAtLeast)",
    query: listSecretsQuery.extend({ "page[after]": pageAfterParam }),
    paged: true,
    response: listOf(maskedSecretSchema),
  },
  {
    method: "POST",
    path: "/api/v1/secrets",
    allow: ALLOW.writers,
    tag: "Secrets",
    summary:
      "Store a credential (credential passing). Send an Idempotency-Key header (1–255 printable ASCII) to retry safely: the same key and body within 24 h answer the first result and store nothing new; the same key with another body, or while the first request still runs, is 409 conflict",
    query: secretScoped,
    body: createSecretSchema,
    status: 201,
    response: dataOf(maskedSecretSchema),
  },
  {
    method: "GET",
    path: "/api/v1/secrets/{id}",
    allow: ALLOW.integration,
    tag: "Secrets",
    summary: "Read a secret with its decrypted value (FlowMate shape); counts as a use",
    query: secretScoped,
    response: dataOf(fullSecretSchema),
  },
  {
    method: "PATCH",
    path: "/api/v1/secrets/{id}",
    allow: ALLOW.writers,
    tag: "Secrets",
    summary: "Rename, or replace the value (validated whole) or config",
    query: secretScoped,
    body: patchSecretSchema,
    response: dataOf(maskedSecretSchema),
  },
  {
    method: "DELETE",
    path: "/api/v1/secrets/{id}",
    allow: ALLOW.writers,
    tag: "Secrets",
    summary: "Delete; 409 in_use while an active usage exists unless ?force=true (admin or API key)",
    query: secretDelete,
    status: 204,
  },
  {
    method: "GET",
    path: "/api/v1/secrets/{id}/request-auth",
    allow: ALLOW.integration,
    tag: "Secrets",
    summary: "Headers, query parameters and cookies to apply to an outgoing request",
    query: secretScoped,
    response: dataOf(requestAuthSchema),
  },
  {
    method: "POST",
    path: "/api/v1/secrets/{id}/verify",
    allow: ALLOW.writers,
    tag: "Secrets",
    summary: "Run the credential's dry run now; records its status and lastVerifiedAt",
    query: secretScoped,
    response: dataOf(verifyResultSchema),
  },
  {
    method: "POST",
    path: "/api/v1/secrets/{id}/refresh",
    allow: ALLOW.maintainers,
    tag: "Secrets",
    summary:
      "Refresh now: an OAuth2 refresh, a new client-credentials token, or a new session login; answers the masked secret with the new expires (409 needs_reauth, 503 upstream_unavailable)",
    query: secretScoped,
    response: dataOf(maskedSecretSchema),
  },
  {
    method: "GET",
    path: "/api/v1/secrets/{id}/usages",
    allow: ALLOW.metadataReaders,
    tag: "Secrets",
    summary: "List the flows or connections that use the secret",
    query: secretScoped,
    response: dataOf(z.array(secretUsageSchema)),
  },
  {
    method: "POST",
    path: "/api/v1/secrets/{id}/usages",
    allow: ALLOW.maintainers,
    tag: "Secrets",
    summary: "Add or update a usage by ref",
    query: secretScoped,
    body: usageSchema,
    status: 201,
    response: dataOf(secretUsageSchema),
  },
  {
    method: "DELETE",
    path: "/api/v1/secrets/{id}/usages/{ref}",
    allow: ALLOW.maintainers,
    tag: "Secrets",
    summary: "Remove a usage",
    query: secretScoped,
    status: 204,
  },
  // Signing keys (HS256, RS256) and inbound checks: value uses, so integration code only
  {
    method: "POST",
    path: "/api/v1/secrets/{id}/jws/sign",
    allow: ALLOW.integration,
    tag: "Signing keys",
    summary: "Sign a payload with the key: an object makes a JWT (iat; exp, aud, iss, sub when asked), a string a JWS",
    query: secretScoped,
    body: signSchema,
    response: dataOf(signResultSchema),
  },
  {
    method: "POST",
    path: "/api/v1/secrets/{id}/jws/verify",
    allow: ALLOW.integration,
    tag: "Signing keys",
    summary: "Verify a JWS or JWT against the key (its algorithm only; exp, nbf, and aud/iss/sub when given)",
    query: secretScoped,
    body: verifySchema,
    response: dataOf(jwsVerifyResultSchema),
  },
  {
    method: "POST",
    path: "/api/v1/secrets/{id}/jwe/encrypt",
    allow: ALLOW.integration,
    tag: "Signing keys",
    summary: "Encrypt UTF-8 text to the RS256 key's public key (RSA-OAEP-256, A256GCM); answers a compact JWE",
    query: secretScoped,
    body: encryptSchema,
    response: dataOf(encryptResultSchema),
  },
  {
    method: "POST",
    path: "/api/v1/secrets/{id}/jwe/decrypt",
    allow: ALLOW.integration,
    tag: "Signing keys",
    summary: "Decrypt a compact JWE made for the RS256 key (RSA-OAEP-256 with A256GCM only)",
    query: secretScoped,
    body: decryptSchema,
    response: dataOf(decryptResultSchema),
  },
  {
    method: "GET",
    path: "/api/v1/secrets/{id}/jwks",
    allow: ALLOW.metadataReaders,
    tag: "Signing keys",
    summary: "The RS256 key's public JWK set (current and not yet retired keys); cacheable",
    query: secretScoped,
    response: dataOf(secretJwksSchema),
  },
  {
    method: "POST",
    path: "/api/v1/secrets/{id}/rotate",
    allow: ALLOW.maintainers,
    tag: "Signing keys",
    summary:
      "Rotate a signing key: a new key and kid become current, the old one keeps verifying for gracePeriodSeconds",
    query: secretScoped,
    body: rotateSchema,
    response: dataOf(maskedSecretSchema),
  },
  {
    method: "POST",
    path: "/api/v1/secrets/{id}/authorize-request",
    allow: ALLOW.integration,
    tag: "Signing keys",
    summary:
      "Should an incoming request be accepted: Basic (SIMPLE), the API key in its place (API_KEY), or a Bearer JWT with requiredScope (HS256, RS256)",
    query: secretScoped,
    body: authorizeRequestSchema,
    response: dataOf(authorizeResultSchema),
  },
  {
    method: "POST",
    path: "/api/v1/secrets/{id}/validate-hmac",
    allow: ALLOW.integration,
    tag: "Signing keys",
    summary:
      "Open Integration Hub's webhook-signature check: the body's HMAC under an API_KEY or HS256 secret; answers {data: true|false} (also at OIH's …/validateHmac)",
    query: secretScoped,
    body: validateHmacSchema,
    response: dataOf(z.boolean()),
  },
  {
    method: "GET",
    path: "/api/v1/jwks/{secretId}",
    allow: "public",
    tag: "Signing keys",
    summary:
      "A published RS256 key's JWK set, bare ({keys}), for the services that verify the tenant's tokens; no auth, cached 5 minutes; 404 unless publishJwks",
    response: jwkSetSchema,
  },
  // Components
  {
    method: "GET",
    path: "/api/v1/components",
    allow: ALLOW.anyCaller,
    tag: "Components",
    summary: "The component catalogue (public fields only)",
    response: dataOf(z.array(componentSchema)),
  },
  {
    method: "GET",
    path: "/api/v1/components/{id}",
    allow: ALLOW.anyCaller,
    tag: "Components",
    summary: "One component of the catalogue",
    response: dataOf(componentSchema),
  },
  // Auth clients (OAuth apps and session-auth login recipes): read by integration set-up, written by the backend and admins
  {
    method: "GET",
    path: "/api/v1/auth-clients",
    allow: ALLOW.configReaders,
    tag: "Auth clients",
    summary: "List auth clients (the client secret only as its hint)",
    query: listAuthClientsQuery,
    paged: true,
    response: authClientListResponseSchema,
  },
  {
    method: "POST",
    path: "/api/v1/auth-clients",
    allow: ALLOW.adminOrKey,
    tag: "Auth clients",
    summary:
      "Create an auth client (OAuth app, client credentials, or session-auth recipe); a catalogue componentId pre-fills it",
    body: createAuthClientSchema,
    status: 201,
    response: authClientResponseSchema,
  },
  {
    method: "GET",
    path: "/api/v1/auth-clients/{id}",
    allow: ALLOW.configReaders,
    tag: "Auth clients",
    summary: "One auth client, with the exact redirect URI to register at the provider",
    response: authClientResponseSchema,
  },
  {
    method: "PATCH",
    path: "/api/v1/auth-clients/{id}",
    allow: ALLOW.adminOrKey,
    tag: "Auth clients",
    summary:
      "Change an auth client (the body of its type); moving the token or revocation endpoint needs the client secret again",
    body: patchAnyAuthClientSchema,
    response: authClientResponseSchema,
  },
  {
    method: "DELETE",
    path: "/api/v1/auth-clients/{id}",
    allow: ALLOW.adminOrKey,
    tag: "Auth clients",
    summary: "Delete an auth client; 409 in_use while secrets use it",
    status: 204,
  },
  {
    method: "POST",
    path: "/api/v1/auth-clients/{id}/start-flow",
    allow: ALLOW.writers,
    tag: "Auth clients",
    summary:
      "Start an OAuth authorization-code flow; returns the provider URL for the browser (a user token or ?username= owns the secret, a dashboard member's goes to the workspace)",
    query: startFlowQuery,
    body: startFlowSchema,
    response: startFlowResponseSchema,
  },
  {
    method: "GET",
    path: "/api/v1/oauth/launch",
    allow: "public",
    tag: "Auth clients",
    summary:
      "The authUrl of a started flow: binds the flow to the browser that opens it (once), then 302 to the provider",
    query: z.object({ state: z.string().optional() }),
    status: 302,
  },
  {
    method: "GET",
    path: "/api/v1/callback",
    allow: "public",
    tag: "Auth clients",
    summary:
      "The OAuth redirect URI: consumes the flow's state once, exchanges the code, stores the tokens, then 302 to successUrl?secretId=… or /oauth/result; 400 page for an unknown, used or expired state",
    query: callbackQuery,
    status: 302,
  },
  // Tenant administration
  {
    method: "DELETE",
    path: "/api/v1/end-users/{username}",
    allow: ALLOW.adminOrKey,
    tag: "End users",
    summary:
      "Delete an end user, their secrets and tokens; 409 in_use while one of their secrets has an active usage unless ?force=true",
    query: z.object({ force: secretDelete.shape.force }),
    status: 204,
  },
  {
    method: "GET",
    path: "/api/v1/api-keys",
    allow: ALLOW.adminOrKey,
    tag: "API keys",
    summary: "List API keys (never the key itself)",
    response: dataOf(z.array(apiKeySchema)),
  },
  {
    method: "POST",
    path: "/api/v1/api-keys",
    allow: ALLOW.adminOrKey,
    tag: "API keys",
    summary: "Create an API key; the plaintext is in this response only",
    body: createApiKeySchema,
    status: 201,
    response: dataOf(createdApiKeySchema),
  },
  {
    method: "DELETE",
    path: "/api/v1/api-keys/{id}",
    allow: ALLOW.adminOrKey,
    tag: "API keys",
    summary: "Revoke an API key at once",
    status: 204,
  },
  {
    method: "GET",
    path: "/api/v1/workspaces",
    allow: ALLOW.tenantReaders,
    tag: "Workspaces",
    summary: "List workspaces",
    response: dataOf(z.array(workspaceSchema)),
  },
  {
    method: "POST",
    path: "/api/v1/workspaces",
    allow: ALLOW.adminOrKey,
    tag: "Workspaces",
    summary: "Create a workspace",
    body: createWorkspaceSchema,
    status: 201,
    response: dataOf(workspaceSchema),
  },
  {
    method: "DELETE",
    path: "/api/v1/workspaces/{id}",
    allow: ALLOW.adminOrKey,
    tag: "Workspaces",
    summary: "Delete an empty workspace",
    status: 204,
  },
  {
    method: "GET",
    path: "/api/v1/members",
    allow: ALLOW.adminOrKey,
    tag: "Members",
    summary: "List dashboard members",
    response: dataOf(z.array(memberSchema)),
  },
  {
    method: "POST",
    path: "/api/v1/members",
    allow: ALLOW.adminOrKey,
    tag: "Members",
    summary: "Add a member with a role and an initial password",
    body: addMemberSchema,
    status: 201,
    response: dataOf(memberSchema),
  },
  {
    method: "PATCH",
    path: "/api/v1/members/{id}",
    allow: ALLOW.adminOrKey,
    tag: "Members",
    summary: "Change a member's role",
    body: updateMemberSchema,
    response: dataOf(memberRoleSchema),
  },
  {
    method: "DELETE",
    path: "/api/v1/members/{id}",
    allow: ALLOW.adminOrKey,
    tag: "Members",
    summary: "Remove a member",
    status: 204,
  },
  {
    method: "GET",
    path: "/api/v1/settings",
    allow: ALLOW.adminOrKey,
    tag: "Settings",
    summary: "Tenant settings",
    response: dataOf(settingsSchema),
  },
  {
    method: "PATCH",
    path: "/api/v1/settings",
    allow: ALLOW.adminOrKey,
    tag: "Settings",
    summary: "Change embed origins, return-URL origins, branding or the user-token TTL",
    body: settingsPatchSchema,
    response: dataOf(settingsSchema),
  },
  {
    method: "GET",
    path: "/api/v1/audit-events",
    allow: ALLOW.adminOrKey,
    tag: "Audit",
    summary: "The audit log, newest first",
    query: auditEventsQuery,
    paged: true,
    response: listOf(auditEventSchema),
  },
  // Webhooks to the tenant's backend (Standard Webhooks signing)
  {
    method: "GET",
    path: "/api/v1/webhooks",
    allow: ALLOW.adminOrKey,
    tag: "Webhooks",
    summary: "List webhook endpoints (never their signing secrets)",
    response: dataOf(z.array(webhookEndpointSchema)),
  },
  {
    method: "POST",
    path: "/api/v1/webhooks",
    allow: ALLOW.adminOrKey,
    tag: "Webhooks",
    summary:
      "Add an endpoint (https, checked by the SSRF policy) for some or all connection events; its whsec_ signing secret is in this response only",
    body: createWebhookSchema,
    status: 201,
    response: dataOf(createdWebhookEndpointSchema),
  },
  {
    method: "PATCH",
    path: "/api/v1/webhooks/{id}",
    allow: ALLOW.adminOrKey,
    tag: "Webhooks",
    summary: "Change an endpoint's URL, events or description, or disable and re-enable it",
    body: patchWebhookSchema,
    response: dataOf(webhookEndpointSchema),
  },
  {
    method: "DELETE",
    path: "/api/v1/webhooks/{id}",
    allow: ALLOW.adminOrKey,
    tag: "Webhooks",
    summary: "Delete an endpoint with its delivery log",
    status: 204,
  },
  {
    method: "POST",
    path: "/api/v1/webhooks/{id}/rotate-secret",
    allow: ALLOW.adminOrKey,
    tag: "Webhooks",
    summary:
      "Replace the endpoint's signing secret (the new whsec_ secret is in this response only); the old one keeps signing next to it for overlapSeconds (a day by default)",
    body: rotateWebhookSecretSchema,
    response: dataOf(createdWebhookEndpointSchema),
  },
  {
    method: "GET",
    path: "/api/v1/webhooks/{id}/deliveries",
    allow: ALLOW.adminOrKey,
    tag: "Webhooks",
    summary: "The endpoint's delivery log, newest first: status, attempts, status codes and durations, never a body",
    paged: true,
    response: listOf(webhookDeliverySchema),
  },
  {
    method: "POST",
    path: "/api/v1/webhooks/{id}/deliveries/{deliveryId}/resend",
    allow: ALLOW.adminOrKey,
    tag: "Webhooks",
    summary:
      "Send a delivery's event again (same webhook-id), as a new delivery due now; 409 while the endpoint is disabled",
    status: 201,
    response: dataOf(webhookDeliverySchema),
  },
  // The signed-in member
  {
    method: "POST",
    path: "/api/v1/account/password",
    allow: ALLOW.members,
    tag: "Account",
    summary: "A dashboard member changes their own password",
    body: changePasswordSchema,
    status: 204,
  },
  // Operations
  {
    method: "GET",
    path: "/api/v1/openapi.json",
    allow: "public",
    tag: "Operations",
    summary: "This OpenAPI 3.1 document, generated from the route registry",
    response: openApiDocumentSchema,
  },
  {
    method: "GET",
    path: "/api/health",
    allow: "public",
    tag: "Operations",
    openapi: false,
    summary: "Liveness: the database answers, and which kind it is",
    response: healthSchema,
  },
  // Auth.js speaks its own protocol to the dashboard's login form; it is not part of the API.
  {
    method: "GET",
    path: "/api/auth/{...nextauth}",
    allow: "public",
    tag: "Account",
    openapi: false,
    summary: "Auth.js session, CSRF and provider endpoints",
  },
  {
    method: "POST",
    path: "/api/auth/{...nextauth}",
    allow: "public",
    tag: "Account",
    openapi: false,
    summary: "Auth.js sign-in and sign-out",
  },
] as const satisfies readonly RouteDef[];

type Def = (typeof defs)[number];
type KeyOf<D> = D extends { method: infer M extends string; path: infer P extends string } ? `${M} ${P}` : never;

/** `"GET /api/v1/secrets/{id}"`: a route's method and path, the registry's key. */
export type RouteKey = KeyOf<Def>;
/** The routes that authenticate their caller (`withApi`), as opposed to public ones. */
export type ProtectedRouteKey = KeyOf<Exclude<Def, { allow: "public" }>>;

/** Every route, in document order. */
export const routes: readonly RouteDef[] = defs;

const byKey = new Map<string, RouteDef>(routes.map((r) => [`${r.method} ${r.path}`, r]));
if (byKey.size !== routes.length) throw new Error("The route registry names a route twice");

/** The registry entry for `key`. */
export function routeDef(key: RouteKey): RouteDef {
  return byKey.get(key)!;
}

/**
 * The `withApi` options a route takes from the registry: its caller set, stated only there.
 * `export const GET = withApi(handler, route("GET /api/v1/secrets"))`.
 */
export function route(key: ProtectedRouteKey): { allow: AllowSet } {
  const def = byKey.get(key);
  if (!def || def.allow === "public") throw new Error(`${key} is not an authenticated route of the registry`);
  return { allow: def.allow };
}
