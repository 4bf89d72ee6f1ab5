// GET /api/v1/secrets/{id}/request-auth – headers, query and cookies to apply to an outgoing request
import { route } from "@/lib/api/routes";
import { ok, withApi } from "@/lib/api/with-api";
import { renderRequestAuth } from "@/lib/secrets/render";
import { resolveScope, usernameParam } from "@/lib/secrets/scope";
import { readSecret } from "@/lib/secrets/store";
import { resolveComponent } from "@/lib/secrets/verify";

export const GET = withApi<{ id: string }>(
  async ({ req, db, caller, params, requestId }) => {
    const scope = await resolveScope(db, caller, usernameParam(req));
    const { row, value } = await readSecret(db, { scope, id: params.id, audit: { caller, requestId } });
    const { entry, config } = resolveComponent({ componentId: row.componentId, type: row.type, config: row.config as Record<string, string> });
    return ok(renderRequestAuth({ type: row.type, value, entry, config }));
  },
  { ...route("GET /api/v1/secrets/{id}/request-auth"), deferEndUserCheck: true },
);
