// DELETE /api/v1/workspaces/{id} – delete an empty workspace
import { route } from "@/lib/api/routes";
import { noContent, withApi } from "@/lib/api/with-api";
import { audit } from "@/lib/audit";
import { deleteWorkspace } from "@/lib/tenants/workspaces";

export const DELETE = withApi<{ id: string }>(
  async (ctx) => {
    const { db, caller, params } = ctx;
    const w = await deleteWorkspace(db, { tenantId: caller.tenantId, id: params.id });
    await audit(ctx, {
      action: "workspace.deleted",
      targetType: "workspace",
      targetId: w.id,
      metadata: { slug: w.slug },
    });
    return noContent();
  },
  route("DELETE /api/v1/workspaces/{id}"),
);
