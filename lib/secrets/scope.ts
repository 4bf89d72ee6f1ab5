import "server-only";
import type { Db } from "@/db/client";
import { ApiError } from "@/lib/api/errors";
import type { Caller } from "@/lib/auth/caller";
import { ensureEndUser, findEndUser } from "./end-users";

/**
 * Which secrets a request may touch. `endUserId` undefined means the whole tenant;
 * null means "nobody" (an unknown `?username=`), so every lookup answers 404.
 */
export type SecretScope = { tenantId: string; endUserId?: string | null };

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
  if (!username) return { tenantId: caller.tenantId };
  if (username.length > 200) throw new ApiError("bad_request", "username is too long");
  const user = opts.create
    ? await ensureEndUser(db, { tenantId: caller.tenantId, username })
    : await findEndUser(db, { tenantId: caller.tenantId, username });
  return { tenantId: caller.tenantId, endUserId: user?.id ?? null };
}

export const usernameParam = (req: Request) => new URL(req.url).searchParams.get("username");
