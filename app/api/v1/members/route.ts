// GET /api/v1/members – list dashboard members; POST – add one with a role and initial password
import { parseBody } from "@/lib/api/body";
import { route } from "@/lib/api/routes";
import { created, ok, withApi } from "@/lib/api/with-api";
import { audit } from "@/lib/audit";
import { addMember, listMembers } from "@/lib/tenants/members";
import { addMemberSchema } from "@/lib/tenants/schemas";

export const GET = withApi(async ({ db, caller }) => ok(await listMembers(db, { tenantId: caller.tenantId })), route("GET /api/v1/members"));

export const POST = withApi(
  async (ctx) => {
    const { req, db, caller } = ctx;
    const input = await parseBody(req, addMemberSchema);
    const m = await addMember(db, { tenantId: caller.tenantId, input });
    await audit(ctx, {
      action: "member.added",
      targetType: "member",
      targetId: m.id,
      metadata: { email: m.email, role: m.role },
    });
    return created({ id: m.id, _id: m.id, email: m.email, name: m.name, role: m.role, createdAt: m.createdAt });
  },
  route("POST /api/v1/members"),
);
