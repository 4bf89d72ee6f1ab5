import type { Allow } from "./caller";

/**
 * The caller sets a route may allow, by name. Every route takes its set from the route
 * registry (lib/api/routes.ts), which names one of these, so a set is spelt out once here
 * and a route states which one it uses exactly once there.
 *
 * `api_key` is a tenant API key, `end_user` a user token from POST /impersonate,
 * `connect_session` an `ics_` token from POST /connect-sessions (an end user in a browser:
 * it never reads a value, and no tenant route admits it), and the roles are dashboard
 * members signed in with a session cookie.
 */
export const ALLOW = {
  /** Everyone with a credential: integration code, connect sessions and every dashboard role. */
  anyCaller: ["api_key", "end_user", "connect_session", "admin", "developer", "viewer"],
  /** Secret metadata beyond the list (usages): everyone with a credential except a connect session. */
  metadataReaders: ["api_key", "end_user", "admin", "developer", "viewer"],
  /** Integration code only. Stored values leave the vault to these callers and no one else. */
  integration: ["api_key", "end_user"],
  /**
   * Who may create, change, verify and delete credentials and start OAuth flows: integration
   * code, connect sessions (within their limits), admins and developers.
   */
  writers: ["api_key", "end_user", "connect_session", "admin", "developer"],
  /** Credential upkeep a browser has no business in (forced refresh, usages): writers without connect sessions. */
  maintainers: ["api_key", "end_user", "admin", "developer"],
  /** Tenant metadata readers: the tenant's backend and every dashboard role, but no end user. */
  tenantReaders: ["api_key", "admin", "developer", "viewer"],
  /** Integration set-up readers (auth clients): the tenant's backend, admins and developers, not viewers. */
  configReaders: ["api_key", "admin", "developer"],
  /** Tenant administration: the tenant's backend and dashboard admins. */
  adminOrKey: ["api_key", "admin"],
  /** The tenant's backend alone (minting user tokens and connect sessions). */
  apiKeyOnly: ["api_key"],
  /** Any signed-in dashboard member, acting on their own account. */
  members: ["admin", "developer", "viewer"],
} as const satisfies Record<string, readonly Allow[]>;

export type AllowSetName = keyof typeof ALLOW;
export type AllowSet = (typeof ALLOW)[AllowSetName];
