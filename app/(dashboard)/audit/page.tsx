import type { Metadata } from "next";
import Link from "next/link";
import { AuditFilters } from "@/components/audit/audit-filters";
import { AuditPagination } from "@/components/audit/audit-pagination";
import {
  auditHref,
  auditPage,
  AUDIT_PAGE_SIZE,
  parseAuditQuery,
  type AuditQuery,
} from "@/components/audit/audit-query";
import { AuditTable } from "@/components/audit/audit-table";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { listAuditEvents, publicAuditEvent } from "@/lib/audit";
import { requireRole } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Audit log" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const linkClass = "font-medium text-brand-600 hover:text-brand-700";

export default async function AuditPage({ searchParams }: Props) {
  const me = await requireRole("admin");
  const query = parseAuditQuery(await searchParams);
  const { rows, total } = await listAuditEvents(await getDb(), {
    tenantId: me.tenantId,
    page: auditPage(query),
    action: query.action,
    targetId: query.targetId,
  });
  const events = rows.map(publicAuditEvent);
  const totalPages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Who did what in this organisation, newest first. Entries record ids and names, never secret values."
      />
      <div className="space-y-6">
        <AuditFilters query={query} />
        {events.length > 0 ? (
          <Card>
            <AuditTable events={events} />
            <div className="border-t border-slate-200">
              <AuditPagination query={query} total={total} totalPages={totalPages} />
            </div>
          </Card>
        ) : (
          <Empty query={query} total={total} totalPages={totalPages} />
        )}
      </div>
    </>
  );
}

function Empty({ query, total, totalPages }: { query: AuditQuery; total: number; totalPages: number }) {
  if (total > 0) {
    return (
      <EmptyState title="No events on this page">
        <p>
          There {total === 1 ? "is 1 event" : `are ${total} events`} on{" "}
          {totalPages === 1 ? "1 page" : `${totalPages} pages`}.{" "}
          <Link href={auditHref({ ...query, page: totalPages })} className={linkClass}>
            Go to the last page
          </Link>
        </p>
      </EmptyState>
    );
  }
  if (query.action || query.targetId) {
    return (
      <EmptyState title="No events match these filters">
        <p>
          Check the action name (for example <code className="font-mono">secret.created</code>) or the target id.{" "}
          <Link href="/audit" className={linkClass}>
            Clear filters
          </Link>
        </p>
      </EmptyState>
    );
  }
  return (
    <EmptyState title="No audit events yet">
      <p>
        Events appear here when your team or your backend creates keys, stores or reads credentials, or changes
        settings.
      </p>
    </EmptyState>
  );
}
