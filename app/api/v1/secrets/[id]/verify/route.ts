// POST /api/v1/secrets/{id}/verify – run the dry run now; updates status and lastVerifiedAt
import { route } from "@/lib/api/routes";
import { ok, withApi } from "@/lib/api/with-api";
import { resolveScope, usernameParam } from "@/lib/secrets/scope";
import { verifyStoredSecret } from "@/lib/secrets/verify";
import { publicVerifyResult } from "@/lib/verify/public";

export const POST = withApi<{ id: string }>(async ({ req, db, caller, params, requestId }) => {
  const scope = await resolveScope(db, caller, usernameParam(req));
  const result = await verifyStoredSecret(db, { scope, id: params.id, audit: { caller, requestId } });
  return ok(publicVerifyResult(result));
}, route("POST /api/v1/secrets/{id}/verify"));
