import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { baseColumns, ts } from "./columns";
import { endUsers, tenants, workspaces } from "./tenancy";

export const authClientTypes = ["OA2_AUTHORIZATION_CODE", "OA2_CLIENT_CREDENTIALS", "SESSION_AUTH"] as const;
export type AuthClientType = (typeof authClientTypes)[number];

export const tokenEndpointAuthMethods = ["client_secret_basic", "client_secret_post"] as const;
export type TokenEndpointAuthMethod = (typeof tokenEndpointAuthMethods)[number];

/**
 * Endpoint URL templates of an auth client. `{{field}}` placeholders name the component's
 * connection fields and are filled from the connection's config when a flow starts.
 */
export type AuthClientEndpoints = {
  auth?: string;
  token?: string;
  revocation?: string;
  userinfo?: string;
};

/**
 * A tenant's OAuth app (or, later, a session-auth login recipe) for a component. The client
 * secret is encrypted like secret values (field `client_secret`, bound to this row) and is
 * write-only: reads show `clientSecretHint` only.
 */
export const authClients = pgTable(
  "auth_clients",
  {
    ...baseColumns,
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    name: text().notNull(),
    type: text({ enum: authClientTypes }).notNull(),
    /** Catalogue component it was made from; null for a custom OAuth2 client. */
    componentId: text(),
    clientId: text().notNull(),
    /** Envelope-encrypted client secret (lib/crypto), or null for public clients. */
    clientSecretCiphertext: text(),
    /** `****abcd`, computed when the secret is written, so reads never decrypt. */
    clientSecretHint: text(),
    endpoints: jsonb().$type<AuthClientEndpoints>().notNull().default({}),
    scopes: jsonb().$type<string[]>().notNull().default([]),
    scopeSeparator: text().notNull().default(" "),
    tokenEndpointAuthMethod: text({ enum: tokenEndpointAuthMethods }).notNull().default("client_secret_basic"),
    pkce: boolean().notNull().default(true),
    /** Extra authorization-request parameters, e.g. `access_type=offline`. */
    authParams: jsonb().$type<Record<string, string>>().notNull().default({}),
    /** Send `scope` on refresh requests (some providers need it). */
    refreshWithScope: boolean().notNull().default(false),
    /** Refresh an access token this many seconds before it expires. */
    refreshBufferSeconds: integer().notNull().default(300),
    /** Expected `iss` (RFC 9207) and id_token issuer; null when the provider has none. */
    issuer: text(),
    /** Type-specific settings that later client types need (session-auth recipes). */
    settings: jsonb().$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index("auth_clients_tenant").on(t.tenantId)],
);
export type AuthClient = typeof authClients.$inferSelect;

/**
 * One pending OAuth authorisation. Single use: the callback consumes it with a
 * compare-and-swap on `consumedAt`. The client's endpoints and settings are pinned here when
 * the flow starts (mix-up defence), so a later edit of the client cannot redirect a flow.
 */
export type PinnedFlowClient = {
  clientId: string;
  endpoints: Required<Pick<AuthClientEndpoints, "auth" | "token">> &
    Pick<AuthClientEndpoints, "revocation" | "userinfo">;
  tokenEndpointAuthMethod: TokenEndpointAuthMethod;
  pkce: boolean;
  scope: string;
  redirectUri: string;
};

export const oauthFlows = pgTable(
  "oauth_flows",
  {
    ...baseColumns,
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    authClientId: uuid()
      .notNull()
      .references(() => authClients.id, { onDelete: "cascade" }),
    /** SHA-256 (base64url) of the state; the state itself is never stored. */
    stateHash: text().notNull(),
    /** Envelope-encrypted PKCE verifier (field `code_verifier`, bound to this row). */
    codeVerifierCiphertext: text(),
    /** OpenID Connect nonce, when an id_token is expected. */
    nonce: text(),
    pinned: jsonb().$type<PinnedFlowClient>().notNull(),
    /** The issuer the callback must see in `iss` (RFC 9207) when present or advertised. */
    expectedIssuer: text(),
    /** Owner of the resulting secret: an end user, or the workspace when null. */
    endUserId: uuid().references(() => endUsers.id, { onDelete: "cascade" }),
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    /** Who started it: `{actorType, actorId, actorLabel}` for the audit trail. */
    startedBy: jsonb().$type<{ actorType: string; actorId?: string | null; actorLabel?: string | null }>().notNull(),
    componentId: text(),
    /** The connection's non-secret config (component fields), stored on the secret. */
    config: jsonb().$type<Record<string, string>>().notNull().default({}),
    secretName: text(),
    /** Re-authorise this secret in place (keeps its id). */
    secretId: uuid(),
    /** Where the browser goes afterwards; its origin is on the tenant's allowlist. */
    successUrl: text(),
    expiresAt: ts(false),
    consumedAt: ts(),
  },
  (t) => [uniqueIndex("oauth_flows_state_hash").on(t.stateHash), index("oauth_flows_expires").on(t.expiresAt)],
);
export type OauthFlow = typeof oauthFlows.$inferSelect;
