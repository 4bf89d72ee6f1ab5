import type { Allow } from "./caller";

/**
 * The caller sets a route may allow, by name. Every route takes its set from the route
 * registry (lib/api/routes.ts), which names one of these, so a set is spelt out once here
 * and a route states which one it uses exactly once there.
 *
 * `api_key` is a tenant API key, `end_user` a user token from POST /impersonate, and the
 * roles are dashboard members signed in with a session cookie.
 */
export const ALLOW = {
  /** Everyone with a credential: integration code and every dashboard role. */
  anyCaller: ["api_key", "end_user", "admin", "developer", "viewer"],
  /** Integration code only. Stored values leave the vault to these callers and no one else. */
  integration: ["api_key", "end_user"],
  /** Who may create, change, verify and delete credentials: integration code, admins and developers. */
  writers: ["api_key", "end_user", "admin", "developer"],
  /** Tenant metadata readers: the tenant's backend and every dashboard role, but no end user. */
  tenantReaders: ["api_key", "admin", "developer", "viewer"],
  /** Integration set-up readers (auth clients): the tenant's backend, admins and developers, not viewers. */
  configReaders: ["api_key", "admin", "developer"],
  /** Tenant administration: the tenant's backend and dashboard admins. */
  adminOrKey: ["api_key", "admin"],
  /** The tenant's backend alone (minting user tokens). */
  apiKeyOnly: ["api_key"],
  /** Any signed-in dashboard member, acting on their own account. */
  members: ["admin", "developer", "viewer"],
} as const satisfies Record<string, readonly Allow[]>;

export type AllowSetName = keyof typeof ALLOW;
export type AllowSet = (typeof ALLOW)[AllowSetName];
