// GET /api/v1/secrets/{id}/usages – list usages; POST – add or update one by ref
import { parseBody } from "@/lib/api/body";
import { route } from "@/lib/api/routes";
import { created, ok, withApi } from "@/lib/api/with-api";
import { resolveScope, usernameParam } from "@/lib/secrets/scope";
import { getSecretMeta } from "@/lib/secrets/store";
import { publicUsage } from "@/lib/secrets/public";
import { listUsages, upsertUsage } from "@/lib/secrets/usages";
import { usageSchema } from "@/lib/secrets/schemas";

type P = { id: string };

export const GET = withApi<P>(async ({ req, db, caller, params }) => {
  const secret = await getSecretMeta(db, await resolveScope(db, caller, usernameParam(req)), params.id);
  return ok((await listUsages(db, { tenantId: caller.tenantId, secretId: secret.id })).map(publicUsage));
}, route("GET /api/v1/secrets/{id}/usages"));

export const POST = withApi<P>(async ({ req, db, caller, params, requestId }) => {
  const input = await parseBody(req, usageSchema);
  const secret = await getSecretMeta(db, await resolveScope(db, caller, usernameParam(req)), params.id);
  const usage = await upsertUsage(db, {
    tenantId: caller.tenantId,
    secretId: secret.id,
    ...input,
    audit: { caller, requestId },
  });
  return created(publicUsage(usage));
}, route("POST /api/v1/secrets/{id}/usages"));
