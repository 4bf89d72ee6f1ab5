// DELETE /api/v1/api-keys/{id} – revoke a key at once
import { route } from "@/lib/api/routes";
import { noContent, withApi } from "@/lib/api/with-api";
import { revokeApiKey } from "@/lib/auth/api-keys";

export const DELETE = withApi<{ id: string }>(async ({ db, caller, params, requestId }) => {
  await revokeApiKey(db, { tenantId: caller.tenantId, id: params.id, audit: { caller, requestId } });
  return noContent();
}, route("DELETE /api/v1/api-keys/{id}"));
