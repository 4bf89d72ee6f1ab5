import Link from "next/link";
import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import { Time } from "@/components/ui/time";
import { cn } from "@/components/ui/cn";
import type { Group, GroupRow } from "@/lib/secrets/groups";
import { ComponentLogo } from "../component-logo";
import { componentView, typeLabel } from "../labels";
import { StatusBadge } from "../status-badge";
import { displayStatus } from "../display-status";
import { AttentionNotes } from "./attention";
import { GroupDisclosure } from "./group-disclosure-client";
import { dashboardHref, type DashboardQuery } from "./query";

export type DashboardRow = GroupRow;

/** A group's display name and logo; credentials without a component are "Other". */
export function groupView(componentId: string | null) {
  const view = componentView(componentId);
  return componentId === null ? { ...view, name: "Other" } : view;
}

/*
 * Every group's table has the same fixed column widths, so the columns line up from one group
 * to the next. Under 768 px a row is a stacked card: each cell shows its column's name from
 * `data-label` (a CSS pseudo-element, so it is not in the row's text twice).
 */
const columns = [
  { label: "Name", width: "w-[21%]" },
  { label: "Owner", width: "w-[13%]" },
  { label: "Type", width: "w-[12%]" },
  { label: "Workspace", width: "w-[12%]" },
  { label: "Status", width: "w-[13%]" },
  { label: "Last used", width: "w-[10%]" },
  { label: "Created", width: "w-[12%]" },
  { label: "Usages", width: "w-[7%]", className: "md:text-right" },
] as const;

function Cell({ label, className, children }: { label: string; className?: string; children: ReactNode }) {
  return (
    <td
      data-label={label}
      className={cn(
        "py-3 align-top break-words text-slate-800 md:px-3 md:first:pl-5 md:last:pr-5",
        "max-md:flex max-md:items-start max-md:justify-between max-md:gap-4 max-md:py-1",
        "max-md:before:shrink-0 max-md:before:text-xs max-md:before:font-semibold max-md:before:text-slate-500 max-md:before:content-[attr(data-label)]",
        className,
      )}
    >
      {children}
    </td>
  );
}

/** Who holds it: the end user's username, or "Team" for the workspace's own credentials. */
function Owner({ row }: { row: GroupRow }) {
  if (!row.endUserId) return <span>Team</span>;
  return (
    <span className="max-md:text-right">
      <span className="sr-only">End user </span>
      <span className="font-mono text-xs break-all">{row.username ?? row.endUserId}</span>
    </span>
  );
}

function GroupTable({ name, rows }: { name: string; rows: GroupRow[] }) {
  return (
    <table className="w-full text-sm max-md:block md:table-fixed">
      <caption className="sr-only">{name} credentials</caption>
      <colgroup>
        {columns.map((c) => (
          <col key={c.label} className={c.width} />
        ))}
      </colgroup>
      <thead className="bg-slate-50 max-md:sr-only">
        <tr>
          {columns.map((c) => (
            <th
              key={c.label}
              scope="col"
              className={cn(
                "px-3 py-2.5 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase first:pl-5 last:pr-5",
                "className" in c && c.className,
              )}
            >
              {c.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100 bg-white max-md:block">
        {rows.map((row) => (
          <tr key={row.id} className="max-md:block max-md:px-4 max-md:py-3">
            <Cell label="Name" className="font-medium">
              <Link href={`/credentials/${row.id}`} className="text-brand-600 hover:text-brand-700">
                {row.name}
              </Link>
            </Cell>
            <Cell label="Owner">
              <Owner row={row} />
            </Cell>
            <Cell label="Type">{typeLabel(row.type)}</Cell>
            <Cell label="Workspace">
              <code title={row.workspace} className="block truncate font-mono text-xs max-md:text-right">
                {row.workspace}
              </code>
            </Cell>
            <Cell label="Status">
              <div className="max-md:text-right">
                <StatusBadge status={displayStatus(row)} detail={row.statusDetail} />
                <AttentionNotes secret={row} />
              </div>
            </Cell>
            <Cell label="Last used">
              <RelativeTime value={row.lastUsedAt} />
            </Cell>
            <Cell label="Created" className="text-xs text-slate-600">
              <Time value={row.createdAt} />
            </Cell>
            <Cell label="Usages" className="tabular-nums md:text-right">
              {row.usageCount ?? 0}
            </Cell>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * One card per component. The badge is the component's exact count under the filters; a
 * group with more rows than it shows ends with "Show all N", the list of that component alone
 * (`?component=`), which pages within it. Each group can be collapsed.
 */
export function CredentialGroups({ groups, query }: { groups: Group[]; query: DashboardQuery }) {
  return (
    <div className="space-y-6">
      {groups.map((group) => {
        const component = groupView(group.componentId);
        const headingId = `group-${group.componentId ?? "none"}`;
        const more = group.count > group.rows.length && query.component === undefined;
        return (
          <Card key={headingId} aria-labelledby={headingId}>
            <GroupDisclosure
              headingId={headingId}
              name={component.name}
              icon={<ComponentLogo name={component.name} logo={component.logo} />}
              badge={
                <Badge tone="brand">
                  {group.count}
                  <span className="sr-only"> {group.count === 1 ? "credential" : "credentials"}</span>
                </Badge>
              }
            >
              <GroupTable name={component.name} rows={group.rows} />
              {more ? (
                <div className="flex flex-wrap items-center justify-between gap-2 border-t border-slate-200 px-4 py-2.5 text-sm text-slate-600 md:px-5">
                  <span>
                    Showing the newest {group.rows.length} of {group.count}
                  </span>
                  <Link
                    href={dashboardHref({ ...query, component: group.componentId, page: 1 })}
                    className="font-medium text-brand-600 hover:text-brand-700"
                  >
                    Show all {group.count}
                    <span className="sr-only"> {component.name} credentials</span>
                  </Link>
                </div>
              ) : null}
            </GroupDisclosure>
          </Card>
        );
      })}
    </div>
  );
}
