import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { Table, TBody, Td, Th, THead } from "@/components/ui/table";
import { Time } from "@/components/ui/time";

export type UsageView = { ref: string; label: string | null; active: boolean; createdAt: Date };

/** Which flows or connections use the credential; active ones block a plain delete. */
export function UsagesList({ usages }: { usages: UsageView[] }) {
  return (
    <Card aria-labelledby="usages-title">
      <CardHeader
        titleId="usages-title"
        title="Usages"
        description={`${usages.length} ${usages.length === 1 ? "usage" : "usages"}, reported by your flows through the API.`}
      />
      {usages.length === 0 ? (
        <p className="px-5 py-4 text-sm text-slate-600">Nothing uses this credential yet.</p>
      ) : (
        <Table caption="Usages">
          <THead>
            <tr>
              <Th>Label</Th>
              <Th>Reference</Th>
              <Th>State</Th>
              <Th>Added</Th>
            </tr>
          </THead>
          <TBody>
            {usages.map((u) => (
              <tr key={u.ref}>
                <Td className="font-medium">{u.label ?? <span className="text-slate-500">—</span>}</Td>
                <Td>
                  <code className="font-mono text-xs break-all">{u.ref}</code>
                </Td>
                <Td>{u.active ? <Badge tone="brand">Active</Badge> : <Badge>Inactive</Badge>}</Td>
                <Td>
                  <Time value={u.createdAt} />
                </Td>
              </tr>
            ))}
          </TBody>
        </Table>
      )}
    </Card>
  );
}
