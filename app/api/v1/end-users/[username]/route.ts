// DELETE /api/v1/end-users/{username} – delete an end user, their secrets and (in effect) their tokens; 409 in_use unless ?force=true
import { route } from "@/lib/api/routes";
import { noContent, withApi } from "@/lib/api/with-api";
import { deleteEndUser } from "@/lib/secrets/end-users";
import { forceParam } from "@/lib/secrets/permissions";

export const DELETE = withApi<{ username: string }>(async ({ req, db, caller, params, requestId }) => {
  const force = forceParam(req, caller);
  await deleteEndUser(db, {
    tenantId: caller.tenantId,
    username: params.username,
    force,
    audit: { caller, requestId },
  });
  return noContent();
}, route("DELETE /api/v1/end-users/{username}"));
