// POST /api/v1/secrets/{id}/jwe/encrypt – a compact JWE (RSA-OAEP-256, A256GCM) to an RS256 key
import { parseBody } from "@/lib/api/body";
import { route } from "@/lib/api/routes";
import { ok, withApi } from "@/lib/api/with-api";
import { resolveScope, usernameParam } from "@/lib/secrets/scope";
import { encryptWithSecret } from "@/lib/signing/operations";
import { encryptSchema } from "@/lib/signing/schemas";

export const POST = withApi<{ id: string }>(async ({ req, db, caller, params }) => {
  const { plaintext } = await parseBody(req, encryptSchema);
  const scope = await resolveScope(db, caller, usernameParam(req));
  return ok(await encryptWithSecret(db, { scope, id: params.id, plaintext }));
}, route("POST /api/v1/secrets/{id}/jwe/encrypt"));
