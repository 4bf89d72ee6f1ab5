import { Pagination } from "@/components/ui/pagination";
import { dashboardHref, type DashboardQuery } from "./query";

/** Paging for the credentials dashboard, keeping its filters. */
export function DashboardPagination({
  query,
  total,
  totalPages,
}: {
  query: DashboardQuery;
  total: number;
  totalPages: number;
}) {
  return (
    <Pagination
      page={query.page}
      total={total}
      totalPages={totalPages}
      noun={["credential", "credentials"]}
      href={(page) => dashboardHref({ ...query, page })}
    />
  );
}
