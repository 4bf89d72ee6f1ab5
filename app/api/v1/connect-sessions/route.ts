// POST /api/v1/connect-sessions – mint a connect session (ics_ token and /embed URL) for an end user
import { parseBody } from "@/lib/api/body";
import { route } from "@/lib/api/routes";
import { created, withApi } from "@/lib/api/with-api";
import { createConnectSessionSchema } from "@/lib/auth/connect-session-schemas";
import { createConnectSession } from "@/lib/auth/connect-sessions";
import { limit } from "@/lib/rate-limit/limit";
import { connectSessionsByKey } from "@/lib/rate-limit/policies";

export const POST = withApi(async ({ req, db, caller, requestId }) => {
  if (caller.kind !== "api_key") throw new Error("unreachable: API keys only");
  await limit(db, connectSessionsByKey(caller.apiKeyId));
  const input = await parseBody(req, createConnectSessionSchema);
  const session = await createConnectSession(db, {
    tenantId: caller.tenantId,
    input,
    createdBy: caller.apiKeyId,
    audit: { caller, requestId },
  });
  return created(session);
}, route("POST /api/v1/connect-sessions"));
