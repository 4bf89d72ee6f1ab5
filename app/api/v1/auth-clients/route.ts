// GET /api/v1/auth-clients – list the tenant's OAuth apps; POST – create one (catalogue pre-fill)
import { parseBody, parseQuery } from "@/lib/api/body";
import { pageMeta, parsePage } from "@/lib/api/paging";
import { route } from "@/lib/api/routes";
import { created, ok, withApi } from "@/lib/api/with-api";
import { createAuthClient, listAuthClients, publicAuthClient } from "@/lib/oauth/clients";
import { createAuthClientSchema, listAuthClientsQuery } from "@/lib/oauth/schemas";

export const GET = withApi(async ({ req, db, caller }) => {
  const { component } = parseQuery(req, listAuthClientsQuery);
  const page = parsePage(req);
  const { rows, total } = await listAuthClients(db, { tenantId: caller.tenantId, page, componentId: component });
  return ok(rows.map(publicAuthClient), pageMeta(page, total));
}, route("GET /api/v1/auth-clients"));

export const POST = withApi(async ({ req, db, caller, requestId }) => {
  const input = await parseBody(req, createAuthClientSchema);
  const client = await createAuthClient(db, { tenantId: caller.tenantId, input, audit: { caller, requestId } });
  return created(publicAuthClient(client));
}, route("POST /api/v1/auth-clients"));
