// PATCH /api/v1/members/{id} – change a role; DELETE – remove a member
import { parseBody } from "@/lib/api/body";
import { route } from "@/lib/api/routes";
import { noContent, ok, withApi } from "@/lib/api/with-api";
import { audit } from "@/lib/audit";
import { removeMember, updateMemberRole } from "@/lib/tenants/members";
import { updateMemberSchema } from "@/lib/tenants/schemas";

export const PATCH = withApi<{ id: string }>(
  async (ctx) => {
    const { req, db, caller, params } = ctx;
    const { role } = await parseBody(req, updateMemberSchema);
    const m = await updateMemberRole(db, { tenantId: caller.tenantId, id: params.id, role });
    await audit(ctx, {
      action: "member.role_changed",
      targetType: "member",
      targetId: m.id,
      metadata: { role },
    });
    return ok({ id: m.id, _id: m.id, role: m.role, updatedAt: m.updatedAt });
  },
  route("PATCH /api/v1/members/{id}"),
);

export const DELETE = withApi<{ id: string }>(
  async (ctx) => {
    const { db, caller, params } = ctx;
    const actingUserId = caller.kind === "member" ? caller.userId : undefined;
    const m = await removeMember(db, { tenantId: caller.tenantId, id: params.id, actingUserId });
    await audit(ctx, {
      action: "member.removed",
      targetType: "member",
      targetId: m.id,
    });
    return noContent();
  },
  route("DELETE /api/v1/members/{id}"),
);
