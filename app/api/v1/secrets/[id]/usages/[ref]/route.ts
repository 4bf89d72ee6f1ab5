// DELETE /api/v1/secrets/{id}/usages/{ref} – remove a usage
import { route } from "@/lib/api/routes";
import { noContent, withApi } from "@/lib/api/with-api";
import { audit } from "@/lib/audit";
import { resolveScope, usernameParam } from "@/lib/secrets/scope";
import { getSecretMeta } from "@/lib/secrets/store";
import { removeUsage } from "@/lib/secrets/usages";

export const DELETE = withApi<{ id: string; ref: string }>(
  async (ctx) => {
    const { req, db, caller, params } = ctx;
    const secret = await getSecretMeta(db, await resolveScope(db, caller, usernameParam(req)), params.id);
    const ref = params.ref;
    await removeUsage(db, { tenantId: caller.tenantId, secretId: secret.id, ref });
    await audit(ctx, { action: "secret.usage_removed", targetType: "secret", targetId: secret.id, metadata: { ref } });
    return noContent();
  },
  route("DELETE /api/v1/secrets/{id}/usages/{ref}"),
);
