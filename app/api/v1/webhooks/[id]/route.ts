// PATCH /api/v1/webhooks/{id} – change, disable or re-enable an endpoint; DELETE – remove it with its log
import { parseBody } from "@/lib/api/body";
import { route } from "@/lib/api/routes";
import { noContent, ok, withApi } from "@/lib/api/with-api";
import { deleteWebhookEndpoint, updateWebhookEndpoint } from "@/lib/webhooks/endpoints";
import { publicWebhookEndpoint } from "@/lib/webhooks/public";
import { patchWebhookSchema } from "@/lib/webhooks/schemas";

export const PATCH = withApi<{ id: string }>(async ({ req, db, caller, params, requestId }) => {
  const patch = await parseBody(req, patchWebhookSchema);
  const endpoint = await updateWebhookEndpoint(db, {
    tenantId: caller.tenantId,
    id: params.id,
    patch,
    audit: { caller, requestId },
  });
  return ok(publicWebhookEndpoint(endpoint));
}, route("PATCH /api/v1/webhooks/{id}"));

export const DELETE = withApi<{ id: string }>(async ({ db, caller, params, requestId }) => {
  await deleteWebhookEndpoint(db, { tenantId: caller.tenantId, id: params.id, audit: { caller, requestId } });
  return noContent();
}, route("DELETE /api/v1/webhooks/{id}"));
