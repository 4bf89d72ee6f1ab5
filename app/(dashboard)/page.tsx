import type { Metadata } from "next";
import { AttentionSummaryBanner } from "@/components/credentials/dashboard/attention-summary";
import { DashboardEmpty } from "@/components/credentials/dashboard/empty";
import { CredentialGroups } from "@/components/credentials/dashboard/groups";
import { DashboardPagination } from "@/components/credentials/dashboard/pagination";
import {
  DASHBOARD_PAGE_SIZE,
  dashboardFilters,
  dashboardPage,
  hasFilters,
  parseDashboardQuery,
} from "@/components/credentials/dashboard/query";
import { DashboardToolbar } from "@/components/credentials/dashboard/toolbar";
import { LinkButton } from "@/components/ui/link-button";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { requireMember } from "@/lib/auth/session";
import { attentionSummary } from "@/lib/secrets/attention-summary";
import { componentCounts, listSecrets } from "@/lib/secrets/store";
import { listWorkspaces } from "@/lib/tenants/workspaces";

export const metadata: Metadata = { title: "Credentials" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/**
 * Credentials grouped by component, one page of 50 at a time: the page and the counts
 * are separate bounded queries, so thousands of credentials cost the same as fifty.
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
  const filters = dashboardFilters(query);
  const [{ rows, total }, counts, attention] = await Promise.all([
    listSecrets(db, scope, filters, dashboardPage(query), { byComponent: true }),
    componentCounts(db, scope, filters),
    attentionSummary(db, scope),
  ]);
  const totalPages = Math.max(1, Math.ceil(total / DASHBOARD_PAGE_SIZE));
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
        {nothingStored ? null : <DashboardToolbar query={query} workspaces={workspaces} />}
        {rows.length > 0 ? (
          <>
            <CredentialGroups rows={rows} counts={new Map(counts.map((c) => [c.componentId, c.count]))} />
            <DashboardPagination query={query} total={total} totalPages={totalPages} />
          </>
        ) : (
          <DashboardEmpty query={query} total={total} totalPages={totalPages} canWrite={canWrite} />
        )}
      </div>
    </>
  );
}
