// GET /api/v1/secrets/{id}/request-auth – headers, query and cookies to apply to an outgoing request
import { ApiError } from "@/lib/api/errors";
import { ok, withApi } from "@/lib/api/with-api";
import { resolveScope, usernameParam } from "@/lib/secrets/scope";
import { readSecret } from "@/lib/secrets/store";
import { typeDef } from "@/lib/secrets/types";

export const GET = withApi<{ id: string }>(
  async ({ req, db, caller, params, requestId }) => {
    const scope = await resolveScope(db, caller, usernameParam(req));
    const { row, value } = await readSecret(db, { scope, id: params.id, audit: { caller, requestId } });
    const apply = typeDef(row.type).apply;
    if (!apply) throw new ApiError("bad_request", `${row.type} credentials are not applied to HTTP requests`);
    return ok(apply(value as never));
  },
  { allow: ["api_key", "end_user"] },
);
