// GET /api/v1/components/{id} – one catalogue entry, with the tenant's auth clients and login form for it
import { notFound } from "@/lib/api/errors";
import { route } from "@/lib/api/routes";
import { ok, withApi } from "@/lib/api/with-api";
import { getComponent, toPublicComponent } from "@/lib/components";
import { componentClients } from "@/lib/oauth/clients";

export const GET = withApi<{ id: string }>(async ({ db, caller, params }) => {
  const entry = getComponent(params.id);
  // Outside a connect session's components, as if it did not exist.
  const hidden = caller.kind === "connect_session" && caller.components && !caller.components.includes(params.id);
  if (!entry || hidden) throw notFound("Component");
  const mine = (await componentClients(db, { tenantId: caller.tenantId, componentIds: [entry.id] })).get(entry.id);
  return ok(
    toPublicComponent(entry, {
      authClientId: entry.oauth ? mine?.code : undefined,
      clientCredentialsClientId: mine?.clientCredentials,
      session: mine?.session,
    }),
  );
}, route("GET /api/v1/components/{id}"));
