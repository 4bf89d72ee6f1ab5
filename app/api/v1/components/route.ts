// GET /api/v1/components – the component catalogue (public fields only, with the tenant's auth clients and login forms)
import { route } from "@/lib/api/routes";
import { ok, withApi } from "@/lib/api/with-api";
import { catalogue, toPublicComponent } from "@/lib/components";
import { componentClients } from "@/lib/oauth/clients";

export const GET = withApi(async ({ db, caller }) => {
  const clients = await componentClients(db, { tenantId: caller.tenantId });
  // A connect session sees only the components it was minted for.
  const allowed = caller.kind === "connect_session" ? caller.components : null;
  const entries = allowed ? catalogue.filter((c) => allowed.includes(c.id)) : catalogue;
  return ok(
    entries.map((c) => {
      const mine = clients.get(c.id);
      return toPublicComponent(c, {
        authClientId: mine?.code,
        clientCredentialsClientId: mine?.clientCredentials,
        session: mine?.session,
      });
    }),
  );
}, route("GET /api/v1/components"));
