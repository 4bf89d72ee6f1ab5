// GET /api/v1/webhooks/{id}/deliveries – the endpoint's delivery log, newest first (never a body)
import { pageMeta, parsePage } from "@/lib/api/paging";
import { route } from "@/lib/api/routes";
import { ok, withApi } from "@/lib/api/with-api";
import { listDeliveries } from "@/lib/webhooks/endpoints";
import { publicWebhookDelivery } from "@/lib/webhooks/public";

export const GET = withApi<{ id: string }>(async ({ req, db, caller, params }) => {
  const page = parsePage(req);
  const { rows, total } = await listDeliveries(db, { tenantId: caller.tenantId, endpointId: params.id, page });
  return ok(
    rows.map((r) => publicWebhookDelivery(r.delivery, r.attempts)),
    pageMeta(page, total),
  );
}, route("GET /api/v1/webhooks/{id}/deliveries"));
