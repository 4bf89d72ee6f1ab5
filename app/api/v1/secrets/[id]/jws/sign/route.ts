// POST /api/v1/secrets/{id}/jws/sign – sign a payload with an HS256 or RS256 key (a JWT for an object)
import { parseBody } from "@/lib/api/body";
import { route } from "@/lib/api/routes";
import { ok, withApi } from "@/lib/api/with-api";
import { resolveScope, usernameParam } from "@/lib/secrets/scope";
import { signWithSecret } from "@/lib/signing/operations";
import { signSchema } from "@/lib/signing/schemas";

export const POST = withApi<{ id: string }>(async ({ req, db, caller, params, requestId }) => {
  const input = await parseBody(req, signSchema);
  const scope = await resolveScope(db, caller, usernameParam(req));
  return ok(await signWithSecret(db, { scope, id: params.id, input, audit: { caller, requestId } }));
}, route("POST /api/v1/secrets/{id}/jws/sign"));
