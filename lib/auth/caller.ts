import type { Role } from "@/db/schema";

/** Who is calling the API, as established by the wrapper. */
export type Caller =
  | { kind: "member"; tenantId: string; userId: string; email: string; role: Role }
  | { kind: "api_key"; tenantId: string; apiKeyId: string; name: string }
  | { kind: "end_user"; tenantId: string; endUserId: string; username: string };

/**
 * What a route accepts: a caller kind, or a dashboard member with a given role.
 * "end_user" is a user token from POST /impersonate.
 */
export type Allow = "api_key" | "end_user" | Role;

/** True when the caller is a tenant-wide actor (API key or member). */
export const isTenantWide = (c: Caller) => c.kind === "api_key" || c.kind === "member";

/** The audit actor for a caller. */
export function actorOf(c: Caller) {
  switch (c.kind) {
    case "member":
      return { actorType: "member" as const, actorId: c.userId, actorLabel: c.email };
    case "api_key":
      return { actorType: "api_key" as const, actorId: c.apiKeyId, actorLabel: c.name };
    case "end_user":
      return { actorType: "end_user" as const, actorId: c.endUserId, actorLabel: c.username };
  }
}
