import Link from "next/link";
import { dashboardHref, type DashboardQuery } from "./query";

const linkClass =
  "rounded-md bg-white px-3 py-1.5 text-sm font-medium text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50";
const disabledClass = "rounded-md px-3 py-1.5 text-sm font-medium text-slate-400 ring-1 ring-inset ring-slate-200";

/** Previous/Next links that keep the filters. A missing neighbour is plain text, not a dead link. */
export function DashboardPagination({ query, total, totalPages }: { query: DashboardQuery; total: number; totalPages: number }) {
  const prev = query.page > 1 ? Math.min(query.page - 1, totalPages) : null;
  const next = query.page < totalPages ? query.page + 1 : null;
  return (
    <nav aria-label="Pagination" className="flex flex-wrap items-center justify-between gap-3">
      <p className="text-sm text-slate-600">
        Page {query.page} of {totalPages} · {total} {total === 1 ? "credential" : "credentials"}
      </p>
      <div className="flex gap-2">
        {prev ? (
          <Link href={dashboardHref({ ...query, page: prev })} rel="prev" className={linkClass}>
            Previous
          </Link>
        ) : (
          <span aria-disabled="true" className={disabledClass}>
            Previous
          </span>
        )}
        {next ? (
          <Link href={dashboardHref({ ...query, page: next })} rel="next" className={linkClass}>
            Next
          </Link>
        ) : (
          <span aria-disabled="true" className={disabledClass}>
            Next
          </span>
        )}
      </div>
    </nav>
  );
}
