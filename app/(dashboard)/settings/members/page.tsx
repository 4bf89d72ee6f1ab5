import type { Metadata } from "next";
import { AddMemberForm } from "@/components/members/add-member-client";
import { MemberRoleForm } from "@/components/members/member-role-client";
import { RemoveMemberButton } from "@/components/members/remove-member-client";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TBody, Td, Th, THead } from "@/components/ui/table";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/auth/session";
import { listMembers } from "@/lib/tenants/members";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage() {
  const me = await requireRole("admin");
  const members = await listMembers(await getDb(), { tenantId: me.tenantId });

  return (
    <>
      <PageHeader title="Members" description="People who can sign in to this dashboard, and what they may do." />
      <div className="space-y-8">
        <Card>
          <CardHeader title="Team" description={`${members.length} ${members.length === 1 ? "member" : "members"}`} />
          <Table caption="Members" stack>
            <THead>
              <tr>
                <Th>Email</Th>
                <Th>Name</Th>
                <Th>Role</Th>
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </THead>
            <TBody>
              {members.map((m) => (
                <tr key={m.id}>
                  <Td className="font-medium wrap-anywhere">{m.email}</Td>
                  <Td label="Name" className="wrap-anywhere">
                    {m.name}
                  </Td>
                  <Td label="Role">
                    <MemberRoleForm memberId={m.id} email={m.email} role={m.role} />
                  </Td>
                  <Td className="text-right">
                    {m.userId === me.userId ? (
                      <span className="text-xs text-slate-500">You</span>
                    ) : (
                      <RemoveMemberButton memberId={m.id} email={m.email} />
                    )}
                  </Td>
                </tr>
              ))}
            </TBody>
          </Table>
        </Card>
        <AddMemberForm />
      </div>
    </>
  );
}
