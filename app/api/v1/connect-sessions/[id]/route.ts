// DELETE /api/v1/connect-sessions/{id} – end a connect session at once
import { route } from "@/lib/api/routes";
import { noContent, withApi } from "@/lib/api/with-api";
import { revokeConnectSession } from "@/lib/auth/connect-sessions";

export const DELETE = withApi<{ id: string }>(async ({ db, caller, params, requestId }) => {
  await revokeConnectSession(db, { tenantId: caller.tenantId, id: params.id, audit: { caller, requestId } });
  return noContent();
}, route("DELETE /api/v1/connect-sessions/{id}"));
