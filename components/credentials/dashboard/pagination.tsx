import { Pagination } from "@/components/ui/pagination";
import { dashboardHref, type DashboardQuery } from "./query";

/**
 * Paging for the credentials dashboard, keeping its filters. The grouped list pages over
 * apps (`groups` is how many), one app's list ("Show all") over its credentials. A search's
 * count stops at 10,000 as the API's does (`totalIsAtLeast`): it then reads "10,000+".
 */
export function DashboardPagination({
  query,
  total,
  totalIsAtLeast,
  totalPages,
  groups,
}: {
  query: DashboardQuery;
  total: number;
  totalIsAtLeast?: boolean;
  totalPages: number;
  groups?: number;
}) {
  const shown = totalIsAtLeast ? `${total.toLocaleString("en")}+` : String(total);
  const credentials = `${shown} ${total === 1 ? "credential" : "credentials"}`;
  return (
    <Pagination
      page={query.page}
      total={groups ?? total}
      totalText={groups === undefined ? shown : undefined}
      totalPages={totalPages}
      noun={
        groups === undefined ? ["credential", "credentials"] : [`app with ${credentials}`, `apps with ${credentials}`]
      }
      href={(page) => dashboardHref({ ...query, page })}
    />
  );
}
