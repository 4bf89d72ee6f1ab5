// GET /api/v1/secrets/{id}/request-auth – headers, query and cookies to apply to an outgoing request
import { route } from "@/lib/api/routes";
import { ok, withApi } from "@/lib/api/with-api";
import type { RequestAuthView } from "@/lib/secrets/public";
import { renderRequestAuth } from "@/lib/secrets/render";
import { resolveScope, usernameParam } from "@/lib/secrets/scope";
import { readSecret } from "@/lib/secrets/store";
import { storedComponent } from "@/lib/secrets/verify";

export const GET = withApi<{ id: string }>(
  async ({ req, db, caller, params, requestId }) => {
    const scope = await resolveScope(db, caller, usernameParam(req));
    const { row, value } = await readSecret(db, { scope, id: params.id, audit: { caller, requestId } });
    const { entry, config } = storedComponent(row);
    // Typed, not parsed: the headers carry the credential (lib/api/public.ts).
    return ok(renderRequestAuth({ type: row.type, value, entry, config }) satisfies RequestAuthView);
  },
  { ...route("GET /api/v1/secrets/{id}/request-auth"), deferEndUserCheck: true },
);
