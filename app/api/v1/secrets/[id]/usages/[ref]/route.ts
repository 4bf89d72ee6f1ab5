// DELETE /api/v1/secrets/{id}/usages/{ref} – remove a usage
import { route } from "@/lib/api/routes";
import { noContent, withApi } from "@/lib/api/with-api";
import { resolveScope, usernameParam } from "@/lib/secrets/scope";
import { getSecretMeta } from "@/lib/secrets/store";
import { removeUsage } from "@/lib/secrets/usages";

export const DELETE = withApi<{ id: string; ref: string }>(async ({ req, db, caller, params, requestId }) => {
  const secret = await getSecretMeta(db, await resolveScope(db, caller, usernameParam(req)), params.id);
  await removeUsage(db, {
    tenantId: caller.tenantId,
    secretId: secret.id,
    ref: params.ref,
    audit: { caller, requestId },
  });
  return noContent();
}, route("DELETE /api/v1/secrets/{id}/usages/{ref}"));
