// GET /api/v1/components – the component catalogue (public fields only, with the tenant's auth client ids)
import { route } from "@/lib/api/routes";
import { ok, withApi } from "@/lib/api/with-api";
import { catalogue, toPublicComponent } from "@/lib/components";
import { authClientIdsByComponent } from "@/lib/oauth/clients";

export const GET = withApi(async ({ db, caller }) => {
  const clients = await authClientIdsByComponent(db, { tenantId: caller.tenantId });
  // A connect session sees only the components it was minted for.
  const allowed = caller.kind === "connect_session" ? caller.components : null;
  const entries = allowed ? catalogue.filter((c) => allowed.includes(c.id)) : catalogue;
  return ok(entries.map((c) => toPublicComponent(c, { authClientId: clients.get(c.id) })));
}, route("GET /api/v1/components"));
