// GET /api/v1/workspaces – list workspaces; POST – create one
import { parseBody } from "@/lib/api/body";
import { route } from "@/lib/api/routes";
import { created, ok, withApi } from "@/lib/api/with-api";
import { createWorkspaceSchema } from "@/lib/tenants/schemas";
import { publicWorkspace } from "@/lib/tenants/public";
import { createWorkspace, listWorkspaces } from "@/lib/tenants/workspaces";

export const GET = withApi(
  async ({ db, caller }) => ok((await listWorkspaces(db, { tenantId: caller.tenantId })).map(publicWorkspace)),
  route("GET /api/v1/workspaces"),
);

export const POST = withApi(async ({ req, db, caller, requestId }) => {
  const input = await parseBody(req, createWorkspaceSchema);
  const w = await createWorkspace(db, { tenantId: caller.tenantId, ...input, audit: { caller, requestId } });
  return created(publicWorkspace(w));
}, route("POST /api/v1/workspaces"));
