// POST /api/v1/secrets/{id}/jwe/decrypt – decrypt a compact JWE made for an RS256 key
import { parseBody } from "@/lib/api/body";
import { route } from "@/lib/api/routes";
import { ok, withApi } from "@/lib/api/with-api";
import { resolveScope, usernameParam } from "@/lib/secrets/scope";
import { decryptWithSecret } from "@/lib/signing/operations";
import { decryptSchema } from "@/lib/signing/schemas";

export const POST = withApi<{ id: string }>(async ({ req, db, caller, params, requestId }) => {
  const { jwe } = await parseBody(req, decryptSchema);
  const scope = await resolveScope(db, caller, usernameParam(req));
  return ok(await decryptWithSecret(db, { scope, id: params.id, jwe, audit: { caller, requestId } }));
}, route("POST /api/v1/secrets/{id}/jwe/decrypt"));
