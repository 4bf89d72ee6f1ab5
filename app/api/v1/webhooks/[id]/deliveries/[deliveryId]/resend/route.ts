// POST /api/v1/webhooks/{id}/deliveries/{deliveryId}/resend – queue the event again, due now
import { route } from "@/lib/api/routes";
import { created, withApi } from "@/lib/api/with-api";
import { resendDelivery } from "@/lib/webhooks/endpoints";
import { publicWebhookDelivery } from "@/lib/webhooks/public";

export const POST = withApi<{ id: string; deliveryId: string }>(async ({ db, caller, params, requestId }) => {
  const delivery = await resendDelivery(db, {
    tenantId: caller.tenantId,
    endpointId: params.id,
    deliveryId: params.deliveryId,
    audit: { caller, requestId },
  });
  return created(publicWebhookDelivery(delivery, []));
}, route("POST /api/v1/webhooks/{id}/deliveries/{deliveryId}/resend"));
