import type { Role } from "@/db/schema";

/** Who is calling the API, as established by the wrapper. */
export type Caller =
  | { kind: "member"; tenantId: string; userId: string; email: string; role: Role }
  | { kind: "api_key"; tenantId: string; apiKeyId: string; name: string }
  | { kind: "end_user"; tenantId: string; endUserId: string; username: string }
  | ConnectSessionCaller;

/**
 * A connect session (`Authorization: Bearer ics_…`, lib/auth/connect-sessions.ts): an end
 * user in a browser, inside the tenant's product. It acts as its end user, only within its
 * `components` and `workspace` limits (null: no limit), and never reads a stored value.
 */
export type ConnectSessionCaller = {
  kind: "connect_session";
  tenantId: string;
  sessionId: string;
  endUserId: string;
  username: string;
  /** Catalogue component ids it may use, or null for all. */
  components: string[] | null;
  /** The one workspace it acts in (id and slug), or null for any. */
  workspaceId: string | null;
  workspace: string | null;
  /** The exact origin that embeds it, or null. */
  origin: string | null;
};

/**
 * What a route accepts: a caller kind, or a dashboard member with a given role.
 * "end_user" is a user token from POST /impersonate, "connect_session" an `ics_` token
 * from POST /connect-sessions.
 */
export type Allow = "api_key" | "end_user" | "connect_session" | Role;

/** True when the caller is a tenant-wide actor (API key or member). */
export const isTenantWide = (c: Caller) => c.kind === "api_key" || c.kind === "member";

/** One string per caller identity (`api_key:<id>`, `end_user:<id>`, …): what a per-caller key or budget is keyed by. */
export function callerKey(c: Caller): string {
  switch (c.kind) {
    case "member":
      return `member:${c.userId}`;
    case "api_key":
      return `api_key:${c.apiKeyId}`;
    case "end_user":
      return `end_user:${c.endUserId}`;
    case "connect_session":
      return `connect_session:${c.sessionId}`;
  }
}

/** The audit actor for a caller. */
export function actorOf(c: Caller) {
  switch (c.kind) {
    case "member":
      return { actorType: "member" as const, actorId: c.userId, actorLabel: c.email };
    case "api_key":
      return { actorType: "api_key" as const, actorId: c.apiKeyId, actorLabel: c.name };
    case "end_user":
      return { actorType: "end_user" as const, actorId: c.endUserId, actorLabel: c.username };
    // The end user acts, through the browser: OAuth flows it starts finish as that end user.
    case "connect_session":
      return { actorType: "end_user" as const, actorId: c.endUserId, actorLabel: c.username };
  }
}
