import { z } from "zod";
import type { Page } from "@/lib/api/paging";
import type { GroupFilters, GroupPaging } from "@/lib/secrets/groups";
import { secretTypeNames, type SecretType } from "@/lib/secrets/types";
import { statusFilters } from "../display-status";

/** Rows per page when one component's credentials are listed ("Show all"). */
export const DASHBOARD_PAGE_SIZE = 50;
/** The grouped list: components per page, and the newest rows each shows before "Show all". */
export const GROUPS_PER_PAGE = 10;
export const ROWS_PER_GROUP = 5;
/** `?component=` for the credentials stored without a component (no catalogue id starts with `_`). */
export const NO_COMPONENT = "_none";

// Each parameter falls back on its own: a typo in one never throws away the others.
const optional = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);
const blankToUndefined = (v: string) => v.trim() || undefined;
// Postgres text cannot hold U+0000: `?q=%00` reaching the name search would be a 500 page.
const noNul = (v: string) => !v.includes("\u0000");

/**
 * The dashboard's query string: `?component=&workspace=&q=&owner=&status=&type=&attention=1&page=`.
 * Bad values become the defaults.
 */
export const dashboardQuerySchema = z.object({
  /** One component's credentials, paged within it; `null` (`_none`) is those without one. */
  component: optional(
    z.union([
      z.literal(NO_COMPONENT).transform(() => null),
      // The catalogue's id rule (lib/secrets/schemas.ts).
      z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/),
    ]),
  ),
  workspace: optional(z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/)),
  /** Part of the name or of the end user's username. */
  q: optional(z.string().max(200).refine(noNul).transform(blankToUndefined)),
  /** Exactly this end user's username (the tenant's external id). */
  owner: optional(z.string().max(200).refine(noNul).transform(blankToUndefined)),
  /** The displayed status (../display-status.ts), not the stored column; or `expiring` (expires soon). */
  status: optional(z.enum(statusFilters)),
  type: optional(z.enum(secretTypeNames as [SecretType, ...SecretType[]])),
  /** "Needs attention": expired, failing, or expiring soon (lib/jobs/attention.ts). */
  attention: optional(z.literal("1").transform(() => true as const)),
  // The upper bound keeps the offset a sane integer however the URL is edited.
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

export type DashboardQuery = z.output<typeof dashboardQuerySchema>;

/** Parses the search params; a workspace the tenant does not have counts as "all workspaces". */
export function parseDashboardQuery(
  searchParams: Record<string, string | string[] | undefined>,
  workspaceSlugs: readonly string[],
): DashboardQuery {
  const query = dashboardQuerySchema.parse(searchParams);
  if (query.workspace && !workspaceSlugs.includes(query.workspace)) query.workspace = undefined;
  return query;
}

export function dashboardPage(query: DashboardQuery): Page {
  return { page: query.page, perPage: DASHBOARD_PAGE_SIZE, offset: (query.page - 1) * DASHBOARD_PAGE_SIZE };
}

/** The grouped list's paging: groups per page, never rows, so no group is split. */
export function groupPage(query: DashboardQuery): GroupPaging {
  return { page: query.page, groupsPerPage: GROUPS_PER_PAGE, rowsPerGroup: ROWS_PER_GROUP };
}

export function hasFilters(query: DashboardQuery): boolean {
  return Boolean(
    query.component !== undefined ||
    query.workspace ||
    query.q ||
    query.owner ||
    query.status ||
    query.type ||
    query.attention,
  );
}

/**
 * The filters set among those a phone folds behind its "Filters" button: all but the search
 * box, which stays in view (toolbar.tsx).
 */
export function foldedFilterCount(query: DashboardQuery): number {
  return [
    query.component !== undefined,
    query.workspace,
    query.owner,
    query.status,
    query.type,
    query.attention,
  ].filter(Boolean).length;
}

/** The list's filters for this query (`q` searches names and end users; lib/secrets/groups.ts). */
export function dashboardFilters(query: DashboardQuery): GroupFilters {
  return {
    workspace: query.workspace,
    search: query.q,
    owner: query.owner,
    shown: query.status,
    type: query.type,
    attention: query.attention,
  };
}

/** A link to the dashboard with `query`; defaults are left out so URLs stay short. */
export function dashboardHref(query: Partial<DashboardQuery>): string {
  const q = new URLSearchParams();
  if (query.component !== undefined) q.set("component", query.component ?? NO_COMPONENT);
  if (query.workspace) q.set("workspace", query.workspace);
  if (query.q) q.set("q", query.q);
  if (query.owner) q.set("owner", query.owner);
  if (query.status) q.set("status", query.status);
  if (query.type) q.set("type", query.type);
  if (query.attention) q.set("attention", "1");
  if (query.page && query.page > 1) q.set("page", String(query.page));
  const s = q.toString();
  return s ? `/?${s}` : "/";
}
