// POST /api/v1/impersonate – a user token for an end user (created on first use)
import { NextResponse } from "next/server";
import { parseBody } from "@/lib/api/body";
import { route } from "@/lib/api/routes";
import { withApi } from "@/lib/api/with-api";
import { impersonate } from "@/lib/auth/impersonate";
import { publicImpersonation } from "@/lib/auth/public";
import { limit } from "@/lib/rate-limit/limit";
import { impersonationsByKey } from "@/lib/rate-limit/policies";
import { impersonateSchema } from "@/lib/secrets/schemas";

export const POST = withApi(async ({ req, db, caller, requestId }) => {
  if (caller.kind !== "api_key") throw new Error("unreachable: API keys only");
  await limit(db, impersonationsByKey(caller.apiKeyId));
  const { username, expiresIn } = await parseBody(req, impersonateSchema);
  const { endUser, token, expiresAt } = await impersonate(db, {
    tenantId: caller.tenantId,
    username,
    expiresIn,
    audit: { caller, requestId },
  });
  // FlowMate shape: a bare object, not wrapped in "data".
  return NextResponse.json(publicImpersonation({ token, endUserId: endUser.id, expiresAt }));
}, route("POST /api/v1/impersonate"));
