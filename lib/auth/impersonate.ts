import "server-only";
import type { Db } from "@/db/client";
import type { EndUser } from "@/db/schema";
import { recordAudit, type AuditContext } from "@/lib/audit";
import { ensureEndUser } from "@/lib/secrets/end-users";
import { getSettings } from "@/lib/tenants/settings";
import { signUserToken } from "./user-tokens";

/**
 * A user token for the end user `username` (created on first use), valid for `expiresIn`
 * seconds or the tenant's `userTokenTtl`. The end user and the `end_user.impersonated` event
 * are one transaction, and the token is signed inside it: no token leaves without its event
 * committed, and no event or end user is left behind by a call that failed.
 */
export async function impersonate(
  db: Db,
  opts: { tenantId: string; username: string; expiresIn?: number; audit: AuditContext },
): Promise<{ endUser: EndUser; token: string; expiresAt: Date }> {
  const { tenantId, username } = opts;
  const ttl = opts.expiresIn ?? (await getSettings(db, { tenantId })).userTokenTtl;
  return db.transaction(async (tx) => {
    const endUser = await ensureEndUser(tx, { tenantId, username });
    const { token, expiresAt } = await signUserToken({ endUserId: endUser.id, tenantId, username }, ttl);
    await recordAudit(tx, {
      ...opts.audit,
      tenantId,
      action: "end_user.impersonated",
      targetType: "end_user",
      targetId: endUser.id,
      metadata: { username, expiresIn: ttl },
    });
    return { endUser, token, expiresAt };
  });
}
