import type { Metadata } from "next";
import Link from "next/link";
import { AttentionSummaryBanner } from "@/components/credentials/dashboard/attention-summary";
import { DashboardEmpty } from "@/components/credentials/dashboard/empty";
import { CredentialGroups } from "@/components/credentials/dashboard/groups";
import { DashboardPagination } from "@/components/credentials/dashboard/pagination";
import {
  dashboardFilters,
  dashboardHref,
  dashboardPage,
  groupPage,
  hasFilters,
  parseDashboardQuery,
  type DashboardQuery,
} from "@/components/credentials/dashboard/query";
import { DashboardToolbar } from "@/components/credentials/dashboard/toolbar";
import { LinkButton } from "@/components/ui/link-button";
import { PageHeader } from "@/components/ui/page-header";
import { getDb, type Db } from "@/db/client";
import { requireMember } from "@/lib/auth/session";
import { attentionSummary } from "@/lib/secrets/attention-summary";
import { componentsInUse, listComponentRows, listGroups } from "@/lib/secrets/groups";
import { listWorkspaces } from "@/lib/tenants/workspaces";

export const metadata: Metadata = { title: "Credentials" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/**
 * One component's credentials ("Show all"), paged within it, as a page of one group; or a page
 * of groups (lib/secrets/groups.ts), so a group is never split across pages.
 */
async function loadView(db: Db, scope: { tenantId: string }, query: DashboardQuery) {
  const filters = dashboardFilters(query);
  if (query.component === undefined) return listGroups(db, scope, filters, groupPage(query));
  const one = await listComponentRows(db, scope, filters, query.component, dashboardPage(query));
  return {
    groups: one.group.rows.length > 0 ? [one.group] : [],
    total: one.total,
    totalIsAtLeast: one.totalIsAtLeast,
    totalPages: one.totalPages,
    totalGroups: one.total > 0 ? 1 : 0,
  };
}

/**
 * Credentials grouped by component, ten components a page, each with its exact count and
 * newest rows: the counts and the rows are two bounded queries, so thousands of credentials
 * cost the same as fifty.
 */
export default async function CredentialsPage({ searchParams }: Props) {
  const me = await requireMember();
  const db = await getDb();
  const scope = { tenantId: me.tenantId };
  const workspaces = await listWorkspaces(db, scope);
  const query = parseDashboardQuery(
    await searchParams,
    workspaces.map((w) => w.slug),
  );
  const [{ groups, total, totalIsAtLeast, totalPages, totalGroups }, apps, attention] = await Promise.all([
    loadView(db, scope, query),
    componentsInUse(db, scope),
    attentionSummary(db, scope),
  ]);
  const canWrite = me.role !== "viewer";
  const nothingStored = total === 0 && !hasFilters(query);

  return (
    <>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <PageHeader
          title="Credentials"
          description="Connections your customers and your team hold for third-party apps, grouped by app."
        />
        {canWrite && !nothingStored ? <LinkButton href="/credentials/new">Add credential</LinkButton> : null}
      </div>
      <div className="space-y-6">
        <AttentionSummaryBanner summary={attention} />
        {nothingStored ? null : <DashboardToolbar query={query} workspaces={workspaces} apps={apps} />}
        {query.component !== undefined ? (
          <Link
            href={dashboardHref({ ...query, component: undefined, page: 1 })}
            className="inline-block text-sm font-medium text-brand-600 hover:text-brand-700"
          >
            ← All apps
          </Link>
        ) : null}
        {groups.length > 0 ? (
          <>
            <CredentialGroups groups={groups} query={query} />
            <DashboardPagination
              query={query}
              total={total}
              totalIsAtLeast={totalIsAtLeast}
              totalPages={totalPages}
              groups={query.component === undefined ? totalGroups : undefined}
            />
          </>
        ) : (
          <DashboardEmpty query={query} total={total} totalPages={totalPages} canWrite={canWrite} />
        )}
      </div>
    </>
  );
}
