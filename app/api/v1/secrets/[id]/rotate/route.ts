// POST /api/v1/secrets/{id}/rotate – a new signing key and kid; the old one keeps verifying for a grace period
import { parseBody } from "@/lib/api/body";
import { route } from "@/lib/api/routes";
import { ok, withApi } from "@/lib/api/with-api";
import { maskedSecret } from "@/lib/secrets/present";
import { resolveScope, usernameParam } from "@/lib/secrets/scope";
import { rotateKey } from "@/lib/signing/rotate";
import { rotateSchema } from "@/lib/signing/schemas";

export const POST = withApi<{ id: string }>(async ({ req, db, caller, params, requestId }) => {
  const input = await parseBody(req, rotateSchema);
  const scope = await resolveScope(db, caller, usernameParam(req));
  const secret = await rotateKey(db, { scope, id: params.id, input, audit: { caller, requestId } });
  return ok(maskedSecret(secret));
}, route("POST /api/v1/secrets/{id}/rotate"));
