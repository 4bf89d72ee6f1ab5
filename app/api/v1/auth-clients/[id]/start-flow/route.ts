// POST /api/v1/auth-clients/{id}/start-flow – start an OAuth authorization-code flow; returns the provider URL
import { parseBody } from "@/lib/api/body";
import { ApiError } from "@/lib/api/errors";
import { route } from "@/lib/api/routes";
import { ok, withApi } from "@/lib/api/with-api";
import { getAuthClient } from "@/lib/oauth/clients";
import { startFlow } from "@/lib/oauth/flow";
import { startFlowSchema } from "@/lib/oauth/flow-schemas";
import { limit } from "@/lib/rate-limit/limit";
import { oauthStartsByCaller } from "@/lib/rate-limit/policies";
import { resolveScope, sessionTarget, usernameParam } from "@/lib/secrets/scope";
import { getSecretMeta } from "@/lib/secrets/store";

export const POST = withApi<{ id: string }>(async ({ req, db, caller, params, requestId }) => {
  // Counted first: each start stores a flow row.
  await limit(db, oauthStartsByCaller(caller));
  const body = await parseBody(req, startFlowSchema);
  const client = await getAuthClient(db, { tenantId: caller.tenantId, id: params.id });
  // A connect session starts flows only for its components, into its own workspace.
  const { workspace } = sessionTarget(caller, { componentId: client.componentId, workspace: body.workspace });
  const input = { ...body, workspace: body.secretId ? body.workspace : workspace };
  // The owner of the new secret: a user token's end user, the API key's ?username= (created
  // on first use, as credential passing does), or, for a dashboard member, the workspace.
  const username = usernameParam(req);
  if (caller.kind === "api_key" && !username) {
    throw new ApiError("bad_request", "An API key starts a flow for an end user: add ?username=");
  }
  const scope = await resolveScope(db, caller, username, { create: true });
  // Re-authorising: the secret must be inside the session's limits too (404 otherwise).
  if (caller.kind === "connect_session" && input.secretId) await getSecretMeta(db, scope, input.secretId);
  const flow = await startFlow(db, {
    tenantId: caller.tenantId,
    client,
    endUserId: scope.endUserId ?? null,
    caller,
    input,
    requestId,
  });
  return ok({ authUrl: flow.authUrl, expiresAt: flow.expiresAt.toISOString() });
}, route("POST /api/v1/auth-clients/{id}/start-flow"));
