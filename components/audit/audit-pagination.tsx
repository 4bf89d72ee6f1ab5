import { Pagination } from "@/components/ui/pagination";
import { auditHref, type AuditQuery } from "./audit-query";

/** Paging for the audit log, keeping its filters. */
export function AuditPagination({
  query,
  total,
  totalPages,
}: {
  query: AuditQuery;
  total: number;
  totalPages: number;
}) {
  return (
    <Pagination
      page={query.page}
      total={total}
      totalPages={totalPages}
      noun={["event", "events"]}
      href={(page) => auditHref({ ...query, page })}
      className="px-5 py-3"
    />
  );
}
