// POST /api/v1/secrets/{id}/authorize-request – should the tenant's endpoint accept this incoming request? {allowed, reason}
import { parseBody } from "@/lib/api/body";
import { route } from "@/lib/api/routes";
import { ok, withApi } from "@/lib/api/with-api";
import { resolveScope, usernameParam } from "@/lib/secrets/scope";
import { authorizeWithSecret } from "@/lib/signing/operations";
import { authorizeRequestSchema } from "@/lib/signing/schemas";

export const POST = withApi<{ id: string }>(async ({ req, db, caller, params }) => {
  const input = await parseBody(req, authorizeRequestSchema);
  const scope = await resolveScope(db, caller, usernameParam(req));
  return ok(await authorizeWithSecret(db, { scope, id: params.id, input }));
}, route("POST /api/v1/secrets/{id}/authorize-request"));
