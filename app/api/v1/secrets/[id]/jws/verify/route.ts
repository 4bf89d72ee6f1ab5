// POST /api/v1/secrets/{id}/jws/verify – verify a JWS or JWT against the key; {valid, payload, header} or {valid: false, reason}
import { parseBody } from "@/lib/api/body";
import { route } from "@/lib/api/routes";
import { ok, withApi } from "@/lib/api/with-api";
import { resolveScope, usernameParam } from "@/lib/secrets/scope";
import { verifyWithSecret } from "@/lib/signing/operations";
import { verifySchema } from "@/lib/signing/schemas";

export const POST = withApi<{ id: string }>(async ({ req, db, caller, params }) => {
  const input = await parseBody(req, verifySchema);
  const scope = await resolveScope(db, caller, usernameParam(req));
  return ok(await verifyWithSecret(db, { scope, id: params.id, input }));
}, route("POST /api/v1/secrets/{id}/jws/verify"));
