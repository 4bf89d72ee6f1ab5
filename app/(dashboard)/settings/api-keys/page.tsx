import type { Metadata } from "next";
import { CreateApiKeyForm } from "@/components/api-keys/create-api-key-client";
import { RevokeApiKeyButton } from "@/components/api-keys/revoke-api-key-client";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TBody, Td, Th, THead } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { getDb } from "@/db/client";
import { listApiKeys, publicApiKey } from "@/lib/auth/api-keys";
import { requireRole } from "@/lib/auth/session";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  const me = await requireRole("admin");
  // publicApiKey drops the hash: nothing secret reaches the HTML or the RSC payload.
  const keys = (await listApiKeys(await getDb(), { tenantId: me.tenantId })).map(publicApiKey);

  return (
    <>
      <PageHeader
        title="API keys"
        description="Keys let your backend call the Integration Center API for this organisation. Only a hash is stored."
      />
      <div className="space-y-8">
        <CreateApiKeyForm />
        <Card>
          <CardHeader title="Keys" />
          {keys.length === 0 ? (
            <p className="px-5 py-6 text-sm text-slate-600">No API keys yet. Create one above.</p>
          ) : (
            <Table caption="API keys" stack>
              <THead>
                <tr>
                  <Th>Name</Th>
                  <Th>Key</Th>
                  <Th>Created</Th>
                  <Th>Last used</Th>
                  <Th>Status</Th>
                  <Th>
                    <span className="sr-only">Actions</span>
                  </Th>
                </tr>
              </THead>
              <TBody>
                {keys.map((k) => (
                  <tr key={k.id}>
                    <Td className="font-medium wrap-anywhere">{k.name}</Td>
                    <Td label="Key" className="font-mono text-xs">
                      {k.prefix}…
                    </Td>
                    <Td label="Created">
                      <Time value={k.createdAt} />
                    </Td>
                    <Td label="Last used">
                      <Time value={k.lastUsedAt} fallback="Never" />
                    </Td>
                    <Td label="Status">
                      {k.revokedAt ? <Badge tone="danger">Revoked</Badge> : <Badge tone="success">Active</Badge>}
                    </Td>
                    <Td className="text-right">
                      {k.revokedAt ? null : <RevokeApiKeyButton id={k.id} name={k.name} />}
                    </Td>
                  </tr>
                ))}
              </TBody>
            </Table>
          )}
        </Card>
      </div>
    </>
  );
}
