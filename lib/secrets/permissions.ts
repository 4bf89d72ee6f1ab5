import "server-only";
import { ApiError } from "@/lib/api/errors";
import type { Caller } from "@/lib/auth/caller";

/**
 * Whether the caller may delete past an active usage: a dashboard admin or a tenant API key.
 * A usage means some flow depends on the credential, so breaking it is a tenant-level call
 * that neither a developer nor the end user's own token may make.
 */
export function mayForceDelete(caller: Caller): boolean {
  return caller.kind === "api_key" || (caller.kind === "member" && caller.role === "admin");
}

/**
 * Reads `?force=true` from a delete request. Asking for it without the right is `403`,
 * whether or not a usage would have blocked the delete, so the answer does not depend on
 * state the caller may not see.
 */
export function forceParam(req: Request, caller: Caller): boolean {
  const force = new URL(req.url).searchParams.get("force") === "true";
  if (force && !mayForceDelete(caller))
    throw new ApiError("forbidden", "Only an admin or an API key may force a delete");
  return force;
}
