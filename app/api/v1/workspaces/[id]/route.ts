// DELETE /api/v1/workspaces/{id} – delete an empty workspace
import { route } from "@/lib/api/routes";
import { noContent, withApi } from "@/lib/api/with-api";
import { deleteWorkspace } from "@/lib/tenants/workspaces";

export const DELETE = withApi<{ id: string }>(async ({ db, caller, params, requestId }) => {
  await deleteWorkspace(db, { tenantId: caller.tenantId, id: params.id, audit: { caller, requestId } });
  return noContent();
}, route("DELETE /api/v1/workspaces/{id}"));
