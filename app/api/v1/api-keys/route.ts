// GET /api/v1/api-keys – list the tenant's keys; POST – create one (plaintext shown once)
import { parseBody } from "@/lib/api/body";
import { route } from "@/lib/api/routes";
import { created, ok, withApi } from "@/lib/api/with-api";
import { createApiKey, listApiKeys, publicApiKey } from "@/lib/auth/api-keys";
import { audit } from "@/lib/audit";
import { createApiKeySchema } from "@/lib/tenants/schemas";

export const GET = withApi(
  async ({ db, caller }) => ok((await listApiKeys(db, { tenantId: caller.tenantId })).map(publicApiKey)),
  route("GET /api/v1/api-keys"),
);

export const POST = withApi(
  async (ctx) => {
    const { req, db, caller } = ctx;
    const { name } = await parseBody(req, createApiKeySchema);
    const createdBy = caller.kind === "member" ? caller.userId : undefined;
    const { key, apiKey } = await createApiKey(db, { tenantId: caller.tenantId, name, createdBy });
    await audit(ctx, {
      action: "api_key.created",
      targetType: "api_key",
      targetId: apiKey.id,
      metadata: { name, prefix: apiKey.prefix },
    });
    return created({ ...publicApiKey(apiKey), key });
  },
  route("POST /api/v1/api-keys"),
);
