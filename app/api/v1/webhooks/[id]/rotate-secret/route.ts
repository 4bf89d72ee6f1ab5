// POST /api/v1/webhooks/{id}/rotate-secret – a new signing secret (shown once); the old one signs alongside for a while
import { parseBody } from "@/lib/api/body";
import { route } from "@/lib/api/routes";
import { ok, withApi } from "@/lib/api/with-api";
import { rotateWebhookSecret } from "@/lib/webhooks/endpoints";
import { createdWebhookEndpoint } from "@/lib/webhooks/public";
import { rotateWebhookSecretSchema } from "@/lib/webhooks/schemas";

export const POST = withApi<{ id: string }>(async ({ req, db, caller, params, requestId }) => {
  const { overlapSeconds } = await parseBody(req, rotateWebhookSecretSchema);
  const { endpoint, secret } = await rotateWebhookSecret(db, {
    tenantId: caller.tenantId,
    id: params.id,
    overlapSeconds,
    audit: { caller, requestId },
  });
  return ok(createdWebhookEndpoint(endpoint, secret));
}, route("POST /api/v1/webhooks/{id}/rotate-secret"));
