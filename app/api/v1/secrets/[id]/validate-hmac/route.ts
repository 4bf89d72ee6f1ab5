// POST /api/v1/secrets/{id}/validate-hmac – Open Integration Hub's webhook-signature check; {data: true|false}
import { parseBody } from "@/lib/api/body";
import { route } from "@/lib/api/routes";
import { ok, withApi } from "@/lib/api/with-api";
import { resolveScope, usernameParam } from "@/lib/secrets/scope";
import { validateHmacWithSecret } from "@/lib/signing/operations";
import { validateHmacSchema } from "@/lib/signing/schemas";

export const POST = withApi<{ id: string }>(async ({ req, db, caller, params }) => {
  const input = await parseBody(req, validateHmacSchema);
  const scope = await resolveScope(db, caller, usernameParam(req));
  // A bare boolean, as OIH reads it (`body.data`): an object there would always be truthy.
  return ok(await validateHmacWithSecret(db, { scope, id: params.id, input }));
}, route("POST /api/v1/secrets/{id}/validate-hmac"));
