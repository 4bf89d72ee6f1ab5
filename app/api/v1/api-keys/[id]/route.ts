// DELETE /api/v1/api-keys/{id} – revoke a key at once
import { route } from "@/lib/api/routes";
import { noContent, withApi } from "@/lib/api/with-api";
import { revokeApiKey } from "@/lib/auth/api-keys";
import { audit } from "@/lib/audit";

export const DELETE = withApi<{ id: string }>(
  async (ctx) => {
    const { db, caller, params } = ctx;
    const key = await revokeApiKey(db, { tenantId: caller.tenantId, id: params.id });
    await audit(ctx, {
      action: "api_key.revoked",
      targetType: "api_key",
      targetId: key.id,
      metadata: { name: key.name, prefix: key.prefix },
    });
    return noContent();
  },
  route("DELETE /api/v1/api-keys/{id}"),
);
