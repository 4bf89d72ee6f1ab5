import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TBody, Td, Th, THead } from "@/components/ui/table";
import type { SecretRow } from "@/lib/secrets/present";
import { ComponentLogo } from "../component-logo";
import { componentView, ownerLabel, typeLabel } from "../labels";
import { StatusBadge } from "../status-badge";
import { displayStatus } from "../display-status";
import { AttentionNotes } from "./attention";

export type DashboardRow = SecretRow & { username?: string | null; usageCount?: number };

type Group = { componentId: string | null; rows: DashboardRow[] };

/** Consecutive rows of one component; the store orders the page by component. */
function groupRows(rows: DashboardRow[]): Group[] {
  const groups: Group[] = [];
  for (const row of rows) {
    const last = groups.at(-1);
    if (last && last.componentId === row.componentId) last.rows.push(row);
    else groups.push({ componentId: row.componentId, rows: [row] });
  }
  return groups;
}

/**
 * One card per component on this page. The count badge is the component's total under
 * the current filters (all pages), so a group split across pages still shows its size.
 */
export function CredentialGroups({ rows, counts }: { rows: DashboardRow[]; counts: Map<string | null, number> }) {
  return (
    <div className="space-y-6">
      {groupRows(rows).map((group) => {
        const component = componentView(group.componentId);
        const count = counts.get(group.componentId) ?? group.rows.length;
        const headingId = `group-${group.componentId ?? "none"}`;
        return (
          <Card key={headingId} aria-labelledby={headingId}>
            <div className="flex items-center gap-3 border-b border-slate-200 px-5 py-3">
              <ComponentLogo name={component.name} logo={component.logo} />
              <h2 id={headingId} className="text-base font-semibold text-slate-900">
                {component.name}
              </h2>
              <Badge tone="brand">
                {count}
                <span className="sr-only"> {count === 1 ? "credential" : "credentials"}</span>
              </Badge>
            </div>
            <GroupTable name={component.name} rows={group.rows} />
          </Card>
        );
      })}
    </div>
  );
}

function GroupTable({ name, rows }: { name: string; rows: DashboardRow[] }) {
  return (
    <Table caption={`${name} credentials`}>
      <THead>
        <tr>
          <Th>Name</Th>
          <Th>Type</Th>
          <Th>Owner</Th>
          <Th>Workspace</Th>
          <Th>Status</Th>
          <Th>Last used</Th>
          <Th className="text-right">Usages</Th>
        </tr>
      </THead>
      <TBody>
        {rows.map((row) => (
          <tr key={row.id} className="align-top">
            <Td className="font-medium">
              <Link href={`/credentials/${row.id}`} className="text-brand-600 hover:text-brand-700">
                {row.name}
              </Link>
            </Td>
            <Td>{typeLabel(row.type)}</Td>
            <Td>{ownerLabel(row)}</Td>
            <Td>
              <code className="font-mono text-xs">{row.workspace}</code>
            </Td>
            <Td>
              <StatusBadge status={displayStatus(row)} detail={row.statusDetail} />
              <AttentionNotes secret={row} />
            </Td>
            <Td>
              <RelativeTime value={row.lastUsedAt} />
            </Td>
            <Td className="text-right tabular-nums">{row.usageCount ?? 0}</Td>
          </tr>
        ))}
      </TBody>
    </Table>
  );
}
