// GET|PATCH|DELETE /api/v1/auth-clients/{id} – read, change or delete one auth client (OAuth app or login recipe)
import { parseBody } from "@/lib/api/body";
import { route } from "@/lib/api/routes";
import { noContent, ok, withApi } from "@/lib/api/with-api";
import { deleteAuthClient, getAuthClient, publicAuthClient, updateAuthClient } from "@/lib/oauth/clients";
import { patchSchemaFor } from "@/lib/oauth/schemas";

export const GET = withApi<{ id: string }>(
  async ({ db, caller, params }) =>
    ok(publicAuthClient(await getAuthClient(db, { tenantId: caller.tenantId, id: params.id }))),
  route("GET /api/v1/auth-clients/{id}"),
);

export const PATCH = withApi<{ id: string }>(async ({ req, db, caller, params, requestId }) => {
  // The body's shape depends on the client's type: an OAuth app's fields, or a session-auth recipe.
  const current = await getAuthClient(db, { tenantId: caller.tenantId, id: params.id });
  const input = await parseBody(req, patchSchemaFor(current.type));
  const client = await updateAuthClient(db, {
    tenantId: caller.tenantId,
    id: params.id,
    input,
    audit: { caller, requestId },
  });
  return ok(publicAuthClient(client));
}, route("PATCH /api/v1/auth-clients/{id}"));

export const DELETE = withApi<{ id: string }>(async ({ db, caller, params, requestId }) => {
  await deleteAuthClient(db, { tenantId: caller.tenantId, id: params.id, audit: { caller, requestId } });
  return noContent();
}, route("DELETE /api/v1/auth-clients/{id}"));
