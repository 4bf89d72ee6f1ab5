// GET /api/v1/components/{id} – one catalogue entry, with the tenant's auth client id for it
import { notFound } from "@/lib/api/errors";
import { route } from "@/lib/api/routes";
import { ok, withApi } from "@/lib/api/with-api";
import { getComponent, toPublicComponent } from "@/lib/components";
import { authClientForComponent } from "@/lib/oauth/clients";

export const GET = withApi<{ id: string }>(async ({ db, caller, params }) => {
  const entry = getComponent(params.id);
  // Outside a connect session's components, as if it did not exist.
  const hidden = caller.kind === "connect_session" && caller.components && !caller.components.includes(params.id);
  if (!entry || hidden) throw notFound("Component");
  const client = entry.oauth
    ? await authClientForComponent(db, { tenantId: caller.tenantId, componentId: entry.id })
    : undefined;
  return ok(toPublicComponent(entry, { authClientId: client?.id }));
}, route("GET /api/v1/components/{id}"));
