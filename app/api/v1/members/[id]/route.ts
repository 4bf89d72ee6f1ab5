// PATCH /api/v1/members/{id} – change a role; DELETE – remove a member
import { parseBody } from "@/lib/api/body";
import { route } from "@/lib/api/routes";
import { noContent, ok, withApi } from "@/lib/api/with-api";
import { removeMember, updateMemberRole } from "@/lib/tenants/members";
import { publicMemberRole } from "@/lib/tenants/public";
import { updateMemberSchema } from "@/lib/tenants/schemas";

export const PATCH = withApi<{ id: string }>(async ({ req, db, caller, params, requestId }) => {
  const { role } = await parseBody(req, updateMemberSchema);
  const m = await updateMemberRole(db, {
    tenantId: caller.tenantId,
    id: params.id,
    role,
    audit: { caller, requestId },
  });
  return ok(publicMemberRole(m));
}, route("PATCH /api/v1/members/{id}"));

export const DELETE = withApi<{ id: string }>(async ({ db, caller, params, requestId }) => {
  const actingUserId = caller.kind === "member" ? caller.userId : undefined;
  await removeMember(db, { tenantId: caller.tenantId, id: params.id, actingUserId, audit: { caller, requestId } });
  return noContent();
}, route("DELETE /api/v1/members/{id}"));
