import "server-only";
import type { Db } from "@/db/client";
import { ApiError } from "@/lib/api/errors";
import type { Caller } from "@/lib/auth/caller";
import { ensureEndUser, findEndUser } from "./end-users";

/**
 * Which secrets a request may touch. `endUserId` undefined means the whole tenant;
 * null means "nobody" (an unknown `?username=`), so every lookup answers 404.
 * A connect session's limits narrow it further: only secrets of `componentIds` and in
 * `workspaceId` (undefined: no limit), so anything outside them is 404 like another user's.
 */
export type SecretScope = {
  tenantId: string;
  endUserId?: string | null;
  componentIds?: readonly string[];
  workspaceId?: string;
};

/**
 * Resolves the scope for a caller. End users see only their own secrets; tenant-wide
 * callers see all, or act as `?username=`. With `create`, an unknown username is created
 * (credential passing); otherwise it matches nothing.
 */
export async function resolveScope(
  db: Db,
  caller: Caller,
  username: string | null | undefined,
  opts: { create?: boolean } = {},
): Promise<SecretScope> {
  if (caller.kind === "end_user") {
    if (username && username !== caller.username) {
      throw new ApiError("forbidden", "A user token acts only as its own end user");
    }
    return { tenantId: caller.tenantId, endUserId: caller.endUserId };
  }
  if (caller.kind === "connect_session") {
    if (username && username !== caller.username) {
      throw new ApiError("forbidden", "A connect session acts only as its own end user");
    }
    return {
      tenantId: caller.tenantId,
      endUserId: caller.endUserId,
      ...(caller.components && { componentIds: caller.components }),
      ...(caller.workspaceId && { workspaceId: caller.workspaceId }),
    };
  }
  if (!username) return { tenantId: caller.tenantId };
  if (username.length > 200) throw new ApiError("bad_request", "username is too long");
  const user = opts.create
    ? await ensureEndUser(db, { tenantId: caller.tenantId, username })
    : await findEndUser(db, { tenantId: caller.tenantId, username });
  return { tenantId: caller.tenantId, endUserId: user?.id ?? null };
}

export const usernameParam = (req: Request) => new URL(req.url).searchParams.get("username");

/**
 * Refuses, for a connect session, a new credential or OAuth flow outside its limits: a
 * component not in its `components` (a generic credential with no component included,
 * when it has a limit) or a workspace other than its own. Returns the workspace slug to
 * use: the session's own when the request names none. Other callers pass through unchanged.
 */
export function sessionTarget(caller: Caller, target: { componentId?: string | null; workspace?: string }) {
  if (caller.kind !== "connect_session") return { workspace: target.workspace };
  if (caller.components && !(target.componentId && caller.components.includes(target.componentId))) {
    throw new ApiError("forbidden", "This connect session may not use this component");
  }
  if (caller.workspace && target.workspace !== undefined && target.workspace !== caller.workspace) {
    throw new ApiError("forbidden", "This connect session acts only in its own workspace");
  }
  return { workspace: target.workspace ?? caller.workspace ?? undefined };
}
