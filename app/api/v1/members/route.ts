// GET /api/v1/members – list dashboard members; POST – add one with a role and initial password
import { parseBody } from "@/lib/api/body";
import { route } from "@/lib/api/routes";
import { created, ok, withApi } from "@/lib/api/with-api";
import { addMember, listMembers } from "@/lib/tenants/members";
import { addMemberSchema } from "@/lib/tenants/schemas";

export const GET = withApi(async ({ db, caller }) => ok(await listMembers(db, { tenantId: caller.tenantId })), route("GET /api/v1/members"));

export const POST = withApi(
  async ({ req, db, caller, requestId }) => {
    const input = await parseBody(req, addMemberSchema);
    const m = await addMember(db, { tenantId: caller.tenantId, input, audit: { caller, requestId } });
    return created({ id: m.id, _id: m.id, email: m.email, name: m.name, role: m.role, createdAt: m.createdAt });
  },
  route("POST /api/v1/members"),
);
