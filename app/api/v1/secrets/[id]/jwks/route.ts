// GET /api/v1/secrets/{id}/jwks – an RS256 key's public JWK set; public material, so cacheable by the caller
import { route } from "@/lib/api/routes";
import { ok, withApi } from "@/lib/api/with-api";
import { resolveScope, usernameParam } from "@/lib/secrets/scope";
import { secretJwks } from "@/lib/signing/operations";

export const GET = withApi<{ id: string }>(
  async ({ req, db, caller, params }) => {
    const scope = await resolveScope(db, caller, usernameParam(req));
    return ok(await secretJwks(db, { scope, id: params.id }));
  },
  // Private: the answer depends on who asks (404 outside their scope), so no shared cache may keep it.
  { ...route("GET /api/v1/secrets/{id}/jwks"), cacheControl: "private, max-age=300" },
);
