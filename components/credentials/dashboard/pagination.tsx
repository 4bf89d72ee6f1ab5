import { Pagination } from "@/components/ui/pagination";
import { dashboardHref, type DashboardQuery } from "./query";

/**
 * Paging for the credentials dashboard, keeping its filters. The grouped list pages over
 * apps (`groups` is how many), one app's list ("Show all") over its credentials.
 */
export function DashboardPagination({
  query,
  total,
  totalPages,
  groups,
}: {
  query: DashboardQuery;
  total: number;
  totalPages: number;
  groups?: number;
}) {
  const credentials = `${total} ${total === 1 ? "credential" : "credentials"}`;
  return (
    <Pagination
      page={query.page}
      total={groups ?? total}
      totalPages={totalPages}
      noun={
        groups === undefined ? ["credential", "credentials"] : [`app with ${credentials}`, `apps with ${credentials}`]
      }
      href={(page) => dashboardHref({ ...query, page })}
    />
  );
}
