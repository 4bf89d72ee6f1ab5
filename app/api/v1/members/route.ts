// GET /api/v1/members – list dashboard members; POST – add one with a role and initial password
import { parseBody } from "@/lib/api/body";
import { route } from "@/lib/api/routes";
import { created, ok, withApi } from "@/lib/api/with-api";
import { addMember, listMembers } from "@/lib/tenants/members";
import { publicMember } from "@/lib/tenants/public";
import { addMemberSchema } from "@/lib/tenants/schemas";

export const GET = withApi(
  async ({ db, caller }) => ok((await listMembers(db, { tenantId: caller.tenantId })).map(publicMember)),
  route("GET /api/v1/members"),
);

export const POST = withApi(async ({ req, db, caller, requestId }) => {
  const input = await parseBody(req, addMemberSchema);
  const m = await addMember(db, { tenantId: caller.tenantId, input, audit: { caller, requestId } });
  return created(publicMember(m));
}, route("POST /api/v1/members"));
