// POST /api/v1/secrets/{id}/refresh – refresh OAuth2 tokens now; answers the masked secret with the new expires
import { route } from "@/lib/api/routes";
import { ok, withApi } from "@/lib/api/with-api";
import { refreshSecretNow } from "@/lib/oauth/refresh-now";
import { maskedSecret } from "@/lib/secrets/present";
import { resolveScope, usernameParam } from "@/lib/secrets/scope";

export const POST = withApi<{ id: string }>(async ({ req, db, caller, params, requestId }) => {
  const scope = await resolveScope(db, caller, usernameParam(req));
  const secret = await refreshSecretNow(db, { scope, id: params.id, audit: { caller, requestId } });
  return ok(maskedSecret(secret));
}, route("POST /api/v1/secrets/{id}/refresh"));
