import type { Metadata } from "next";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TBody, Td, Th, THead } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { CreateWorkspaceForm } from "@/components/workspaces/create-workspace-client";
import { DeleteWorkspaceButton } from "@/components/workspaces/delete-workspace-client";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/auth/session";
import { credentialCounts, listWorkspaces } from "@/lib/tenants/workspaces";

export const metadata: Metadata = { title: "Workspaces" };

export default async function WorkspacesPage() {
  const me = await requireRole("admin");
  const db = await getDb();
  const [workspaces, counts] = await Promise.all([
    listWorkspaces(db, { tenantId: me.tenantId }),
    credentialCounts(db, { tenantId: me.tenantId }),
  ]);
  const lastOne = workspaces.length <= 1;

  return (
    <>
      <PageHeader
        title="Workspaces"
        description="Environments inside your organisation. A credential is stored in one workspace and used only there."
      />
      <div className="space-y-8">
        <Card>
          <CardHeader title="All workspaces" />
          <Table caption="Workspaces">
            <THead>
              <tr>
                <Th>Name</Th>
                <Th>Slug</Th>
                <Th>Created</Th>
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </THead>
            <TBody>
              {workspaces.map((w) => (
                <tr key={w.id}>
                  <Td className="font-medium">{w.name}</Td>
                  <Td className="font-mono text-xs">{w.slug}</Td>
                  <Td>
                    <Time value={w.createdAt} />
                  </Td>
                  <Td className="text-right">
                    {lastOne ? (
                      <span className="text-xs text-slate-500">Last workspace</span>
                    ) : (
                      <DeleteWorkspaceButton id={w.id} slug={w.slug} credentials={counts.get(w.id) ?? 0} />
                    )}
                  </Td>
                </tr>
              ))}
            </TBody>
          </Table>
        </Card>
        <CreateWorkspaceForm />
      </div>
    </>
  );
}
