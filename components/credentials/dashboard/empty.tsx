import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { LinkButton } from "@/components/ui/link-button";
import { dashboardHref, hasFilters, type DashboardQuery } from "./query";

const linkClass = "font-medium text-brand-600 hover:text-brand-700";

/** Why the list is empty: nothing stored yet, nothing matching the filters, or a page past the end. */
export function DashboardEmpty({
  query,
  total,
  totalPages,
  canWrite,
}: {
  query: DashboardQuery;
  total: number;
  totalPages: number;
  canWrite: boolean;
}) {
  if (total > 0) {
    return (
      <EmptyState title="No credentials on this page">
        <p>
          There {total === 1 ? "is 1 credential" : `are ${total} credentials`} on{" "}
          {totalPages === 1 ? "1 page" : `${totalPages} pages`}.{" "}
          <Link href={dashboardHref({ ...query, page: totalPages })} className={linkClass}>
            Go to the last page
          </Link>
        </p>
      </EmptyState>
    );
  }
  if (
    query.attention &&
    query.component === undefined &&
    !query.workspace &&
    !query.q &&
    !query.owner &&
    !query.status &&
    !query.type
  ) {
    return (
      <EmptyState title="Nothing needs attention">
        <p>
          No credential is expired, failing or about to expire.{" "}
          <Link href="/" className={linkClass}>
            Show all credentials
          </Link>
        </p>
      </EmptyState>
    );
  }
  if (hasFilters(query)) {
    return (
      <EmptyState title="No credentials match these filters">
        <p>
          Try another name, owner, app, status or type, or look in all workspaces.{" "}
          <Link href="/" className={linkClass}>
            Clear filters
          </Link>
        </p>
      </EmptyState>
    );
  }
  return (
    <EmptyState
      title="No credentials yet"
      action={canWrite ? <LinkButton href="/credentials/new">Add credential</LinkButton> : undefined}
    >
      <p>
        Credentials appear here when your team adds one, your customers connect an app, or your backend passes them in
        through the API. Secret values are never shown; you see only masked hints.
      </p>
    </EmptyState>
  );
}
