// GET /api/v1/api-keys – list the tenant's keys; POST – create one (plaintext shown once)
import { parseBody } from "@/lib/api/body";
import { route } from "@/lib/api/routes";
import { created, ok, withApi } from "@/lib/api/with-api";
import { createApiKey, listApiKeys } from "@/lib/auth/api-keys";
import { createdApiKey, publicApiKey } from "@/lib/tenants/public";
import { createApiKeySchema } from "@/lib/tenants/schemas";

export const GET = withApi(
  async ({ db, caller }) => ok((await listApiKeys(db, { tenantId: caller.tenantId })).map(publicApiKey)),
  route("GET /api/v1/api-keys"),
);

export const POST = withApi(async ({ req, db, caller, requestId }) => {
  const { name } = await parseBody(req, createApiKeySchema);
  const createdBy = caller.kind === "member" ? caller.userId : undefined;
  const { key, apiKey } = await createApiKey(db, {
    tenantId: caller.tenantId,
    name,
    createdBy,
    audit: { caller, requestId },
  });
  return created(createdApiKey(apiKey, key));
}, route("POST /api/v1/api-keys"));
