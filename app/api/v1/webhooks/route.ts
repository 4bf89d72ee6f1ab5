// GET /api/v1/webhooks – list the tenant's endpoints; POST – add one (its signing secret shown once)
import { parseBody } from "@/lib/api/body";
import { route } from "@/lib/api/routes";
import { created, ok, withApi } from "@/lib/api/with-api";
import { createWebhookEndpoint, listWebhookEndpoints } from "@/lib/webhooks/endpoints";
import { createdWebhookEndpoint, publicWebhookEndpoint } from "@/lib/webhooks/public";
import { createWebhookSchema } from "@/lib/webhooks/schemas";

export const GET = withApi(
  async ({ db, caller }) =>
    ok((await listWebhookEndpoints(db, { tenantId: caller.tenantId })).map(publicWebhookEndpoint)),
  route("GET /api/v1/webhooks"),
);

export const POST = withApi(async ({ req, db, caller, requestId }) => {
  const input = await parseBody(req, createWebhookSchema);
  const { endpoint, secret } = await createWebhookEndpoint(db, {
    tenantId: caller.tenantId,
    input,
    audit: { caller, requestId },
  });
  return created(createdWebhookEndpoint(endpoint, secret));
}, route("POST /api/v1/webhooks"));
