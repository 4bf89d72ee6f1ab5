// POST /api/v1/impersonate – a user token for an end user (created on first use)
import { NextResponse } from "next/server";
import { parseBody } from "@/lib/api/body";
import { route } from "@/lib/api/routes";
import { withApi } from "@/lib/api/with-api";
import { audit } from "@/lib/audit";
import { signUserToken } from "@/lib/auth/user-tokens";
import { limit } from "@/lib/rate-limit/limit";
import { impersonationsByKey } from "@/lib/rate-limit/policies";
import { ensureEndUser } from "@/lib/secrets/end-users";
import { impersonateSchema } from "@/lib/secrets/schemas";
import { getSettings } from "@/lib/tenants/settings";

export const POST = withApi(
  async (ctx) => {
    const { req, db, caller } = ctx;
    if (caller.kind !== "api_key") throw new Error("unreachable: API keys only");
    await limit(db, impersonationsByKey(caller.apiKeyId));
    const { username, expiresIn } = await parseBody(req, impersonateSchema);
    const ttl = expiresIn ?? (await getSettings(db, { tenantId: caller.tenantId })).userTokenTtl;
    const user = await ensureEndUser(db, { tenantId: caller.tenantId, username });
    const { token, expiresAt } = await signUserToken({ endUserId: user.id, tenantId: caller.tenantId, username }, ttl);
    await audit(ctx, { action: "end_user.impersonated", targetType: "end_user", targetId: user.id, metadata: { username, expiresIn: ttl } });
    // FlowMate shape: a bare object, not wrapped in "data".
    return NextResponse.json({ token, id: user.id, expiresAt: expiresAt.toISOString() });
  },
  route("POST /api/v1/impersonate"),
);
