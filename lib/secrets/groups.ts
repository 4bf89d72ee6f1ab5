import "server-only";
import { and, count, desc, eq, ilike, inArray, isNull, not, or, sql, type SQL } from "drizzle-orm";
import { unionAll } from "drizzle-orm/pg-core";
import type { Db } from "@/db/client";
import { endUsers, secrets, secretUsages, workspaces } from "@/db/schema";
import type { Page } from "@/lib/api/paging";
import { getComponent } from "@/lib/components";
import { expiresSoonSql } from "@/lib/jobs/attention";
import type { StatusFilter } from "@/components/credentials/display-status";
import type { SecretScope } from "./scope";
import { autoRenewsSql, isFlaggedFilter, shownNeedsAttentionSql, shownStatusSql } from "./shown-status";
import {
  COUNT_CAP,
  componentCounts,
  flaggedCandidateSql,
  idsOfPage,
  scopeFilter,
  withoutSeqScans,
  type ListTotal,
  type SecretFilters,
} from "./store";

/*
 * The dashboard's credentials, grouped by component and paged over groups (issue 15 › Grouping
 * that scales): a page is up to `groupsPerPage` components, each with its exact count and its
 * newest `rowsPerGroup` rows, so a group is never split across pages. The counts come from
 * componentCounts() (the store's, however it answers them); the rows from one query, one
 * index-ordered branch per component on the page (secrets_tenant_component_created), so a
 * page costs the same however large its groups are.
 */

/** The dashboard's filters: the store's, plus an owner and a search that also matches the end user. */
export type GroupFilters = {
  workspace?: string;
  type?: string;
  /** The displayed status (components/credentials/display-status.ts). */
  shown?: StatusFilter;
  attention?: boolean;
  /** A case-insensitive part of the name or of the end user's username. */
  search?: string;
  /** Exactly this end user's username (the tenant's external id, as the API's `?username=`). */
  owner?: string;
};

export type GroupCount = { componentId: string | null; count: number };

/** What a dashboard row shows; never a value, not even masked. */
const groupRowColumns = {
  id: secrets.id,
  name: secrets.name,
  type: secrets.type,
  componentId: secrets.componentId,
  endUserId: secrets.endUserId,
  username: endUsers.username,
  workspace: workspaces.slug,
  status: secrets.status,
  statusDetail: secrets.statusDetail,
  expires: secrets.expires,
  lastUsedAt: secrets.lastUsedAt,
  lastVerifiedAt: secrets.lastVerifiedAt,
  createdAt: secrets.createdAt,
  failingSince: secrets.failingSince,
  expiresSoon: expiresSoonSql,
  autoRenews: autoRenewsSql,
  usageCount: sql<number>`(select count(*)::int from ${secretUsages} where ${secretUsages.secretId} = ${secrets.id})`,
};

export type GroupRow = {
  id: string;
  name: string;
  type: string;
  componentId: string | null;
  endUserId: string | null;
  username: string | null;
  workspace: string;
  status: string;
  statusDetail: string | null;
  expires: Date | null;
  lastUsedAt: Date | null;
  lastVerifiedAt: Date | null;
  createdAt: Date;
  failingSince: Date | null;
  expiresSoon: boolean;
  autoRenews: boolean;
  usageCount: number;
};

export type Group = GroupCount & { rows: GroupRow[] };

const escapeLike = (s: string) => s.replace(/[%_\\]/g, "\\$&");

/** The filters componentCounts() understands; a search is left to groupCounts() below. */
const storeFilters = (f: GroupFilters): SecretFilters => ({
  workspace: f.workspace,
  type: f.type,
  shown: f.shown,
  attention: f.attention,
});

const searchPattern = (search: string) => `%${escapeLike(search)}%`;

/** The tenant's end users whose username contains the search: the end-user half of a search. */
const usersMatching = (db: Db, scope: SecretScope, search: string) =>
  db
    .select({ id: endUsers.id })
    .from(endUsers)
    .where(and(eq(endUsers.tenantId, scope.tenantId), ilike(endUsers.username, searchPattern(search))));

/*
 * The store's list filter (lib/secrets/store.ts listWhere) for the dashboard's filters except
 * the search, on secrets columns only (the workspace by id, not by a join), so the id-only
 * walks below can read it from an index. Keep it in step with listWhere (tests/groups.test.ts
 * compares the counts of both).
 */
function filterWhere(scope: SecretScope, f: GroupFilters): SQL {
  const flagged = f.attention || isFlaggedFilter(f.shown);
  return and(
    scopeFilter(scope),
    f.type ? eq(secrets.type, f.type) : undefined,
    f.workspace
      ? eq(
          secrets.workspaceId,
          sql`(select ${workspaces.id} from ${workspaces} where ${workspaces.tenantId} = ${scope.tenantId} and ${workspaces.slug} = ${f.workspace})`,
        )
      : undefined,
    f.attention ? shownNeedsAttentionSql : undefined,
    f.shown ? shownStatusSql(f.shown) : undefined,
    // A necessary condition that lets the planner read the flagged rows' partial indexes only.
    flagged ? flaggedCandidateSql : undefined,
  )!;
}

/**
 * The dashboard's filters with the search matching the name OR the end user's username; the
 * username half as `end_user_id in (…)`, so no join is needed and each half has its index.
 */
function groupWhere(db: Db, scope: SecretScope, f: GroupFilters): SQL {
  return and(
    filterWhere(scope, f),
    f.search
      ? or(ilike(secrets.name, searchPattern(f.search)), inArray(secrets.endUserId, usersMatching(db, scope, f.search)))
      : undefined,
  )!;
}

/**
 * The components of the rows a search matches under the filters, as two halves that never
 * overlap, so UNION ALL needs no de-duplication and the whole can stop at a LIMIT: the names
 * (secrets_tenant_name, as the store's search), and the matching end users' rows whose name
 * does not match (secrets_tenant_end_user, per end user). Each half applies every filter.
 */
function searchMatches(db: Db, scope: SecretScope, f: GroupFilters & { search: string }, componentId?: string | null) {
  const within = and(filterWhere(scope, f), componentId !== undefined ? componentIs(componentId) : undefined);
  const name = ilike(secrets.name, searchPattern(f.search));
  return unionAll(
    db.select({ componentId: secrets.componentId }).from(secrets).where(and(within, name)),
    db
      .select({ componentId: secrets.componentId })
      .from(secrets)
      .where(and(within, inArray(secrets.endUserId, usersMatching(db, scope, f.search)), not(name))),
  ).as("found");
}

const componentIs = (componentId: string | null) =>
  componentId === null ? isNull(secrets.componentId) : eq(secrets.componentId, componentId);

/**
 * The owner filter as a scope: the end user with that username, or nobody. One primary-key
 * sized lookup (end_users_tenant_username) instead of a join on every row.
 */
async function ownerScope(db: Db, scope: SecretScope, owner: string | undefined): Promise<SecretScope> {
  if (owner === undefined || scope.endUserId === null) return scope;
  const [user] = await db
    .select({ id: endUsers.id })
    .from(endUsers)
    .where(and(eq(endUsers.tenantId, scope.tenantId), eq(endUsers.username, owner)));
  // A scope already bound to one end user sees another's name as nobody.
  const match = user && (scope.endUserId === undefined || scope.endUserId === user.id);
  return { ...scope, endUserId: match ? user.id : null };
}

type Counted = { counts: GroupCount[]; totalIsAtLeast: boolean };

/**
 * Each component's count under the filters: componentCounts() for what the store filters
 * (exact, or capped as the store caps them); a search matches the end user too, which the
 * store's `search` does not, so it is counted here, as the API counts a search: the first
 * COUNT_CAP + 1 matches (searchMatches: each half filtered and read for its component), and
 * `totalIsAtLeast` past COUNT_CAP.
 */
async function groupCounts(
  db: Db,
  scope: SecretScope,
  f: GroupFilters,
  only?: { componentId: string | null },
): Promise<Counted> {
  if (scope.endUserId === null) return { counts: [], totalIsAtLeast: false };
  if (!f.search) {
    const counts = await componentCounts(db, scope, {
      ...storeFilters(f),
      ...(only?.componentId ? { component: only.componentId } : {}),
    });
    const n = counts.reduce((sum, c) => sum + Number(c.count), 0);
    // The store caps shown Active/Unverified at COUNT_CAP (+1 row read, so more is visible as such).
    return {
      counts: counts.map((c) => ({ componentId: c.componentId, count: Number(c.count) })),
      totalIsAtLeast: (f.shown === "active" || f.shown === "unverified") && n > COUNT_CAP,
    };
  }
  // Each half applies every filter itself: a join from the matched ids back to secrets let
  // the planner, with fresh rows and stale statistics, re-run the union once per row (minutes).
  const found = searchMatches(db, scope, { ...f, search: f.search }, only?.componentId);
  const matches = db
    .select({ componentId: found.componentId })
    .from(found)
    .limit(COUNT_CAP + 1)
    .as("matches");
  const rows = await db
    .select({ componentId: matches.componentId, count: count() })
    .from(matches)
    .groupBy(matches.componentId);
  const counts = rows.map((c) => ({ componentId: c.componentId, count: Number(c.count) }));
  return { counts, totalIsAtLeast: counts.reduce((n, c) => n + c.count, 0) > COUNT_CAP };
}

/** A capped total as the API answers it: COUNT_CAP and `totalIsAtLeast` past the cap. */
const cappedTotal = (n: number, atLeast: boolean): ListTotal =>
  atLeast ? { total: COUNT_CAP, totalIsAtLeast: true } : { total: n, totalIsAtLeast: false };

/** A component's display name for ordering: the catalogue's name, else the stored id. */
const sortName = (componentId: string) => (getComponent(componentId)?.name ?? componentId).toLowerCase();

/** Groups by component name (then id, so equal names keep one order), secrets without a component last. */
export function orderGroups<T extends GroupCount>(groups: T[]): T[] {
  return [...groups].sort((a, b) => {
    if (a.componentId === null || b.componentId === null) return a.componentId === null ? 1 : -1;
    return sortName(a.componentId).localeCompare(sortName(b.componentId)) || a.componentId.localeCompare(b.componentId);
  });
}

/**
 * One component's rows, newest first: walks the (tenant, component, created_at) index
 * backwards. A deep page (`offset`) takes its ids from an id-only walk of that index first
 * (the store's idsOfPage), so it skips index entries rather than full rows.
 */
function componentRows(db: Db, where: SQL, componentId: string | null, limit: number, offset = 0) {
  const order = [desc(secrets.createdAt), desc(secrets.id)];
  const inComponent = and(where, componentIs(componentId));
  return db
    .select(groupRowColumns)
    .from(secrets)
    .innerJoin(workspaces, eq(workspaces.id, secrets.workspaceId))
    .leftJoin(endUsers, eq(endUsers.id, secrets.endUserId))
    .where(offset > 0 ? idsOfPage(db, inComponent, order, limit, offset) : inComponent)
    .orderBy(...order)
    .limit(limit);
}

const newestFirst = (a: GroupRow, b: GroupRow) =>
  b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/**
 * The first `limit` rows of each listed component in ONE query: a UNION ALL of one
 * `order by created_at desc limit n` branch per component, each an index walk that stops
 * after n rows (a window function would read every row of the component first).
 */
export function firstRowsQuery(db: Db, where: SQL, componentIds: (string | null)[], limit: number) {
  const [first, second, ...rest] = componentIds.map((id) => componentRows(db, where, id, limit));
  return second ? unionAll(first, second, ...rest) : first;
}

export type GroupPaging = { page: number; groupsPerPage: number; rowsPerGroup: number };

/**
 * A page of groups: up to `groupsPerPage` components in name order ("no component" last), each
 * with its count under the filters and its newest `rowsPerGroup` rows. `total` counts
 * credentials, `totalGroups` components; `totalPages` pages over groups. The counts are exact
 * except where the API caps them too (a search, shown Active/Unverified): past COUNT_CAP
 * matches `total` is COUNT_CAP with `totalIsAtLeast`, and the groups are those of the first
 * matches found. At most three queries (the owner lookup, the counts, the rows), whatever the
 * page or the size of its groups.
 */
export async function listGroups(db: Db, scope: SecretScope, filters: GroupFilters, paging: GroupPaging) {
  return searching(db, filters, (q) => groupsPage(q, scope, filters, paging));
}

/** A search's reads run with sequential scans priced out (the store's withoutSeqScans: why). */
const searching = <T>(db: Db, f: GroupFilters, fn: (q: Db) => Promise<T>) =>
  f.search ? withoutSeqScans(db, fn) : fn(db);

async function groupsPage(db: Db, scope: SecretScope, filters: GroupFilters, paging: GroupPaging) {
  const scoped = await ownerScope(db, scope, filters.owner);
  const counted = await groupCounts(db, scoped, filters);
  const counts = orderGroups(counted.counts.filter((c) => c.count > 0));
  const start = (paging.page - 1) * paging.groupsPerPage;
  const onPage = counts.slice(start, start + paging.groupsPerPage);
  const rows: GroupRow[] =
    onPage.length > 0
      ? await firstRowsQuery(
          db,
          groupWhere(db, scoped, filters),
          onPage.map((c) => c.componentId),
          paging.rowsPerGroup,
        )
      : [];
  const groups: Group[] = onPage.map((c) => ({
    ...c,
    rows: rows.filter((r) => r.componentId === c.componentId).sort(newestFirst),
  }));
  return {
    groups,
    ...cappedTotal(
      counts.reduce((n, c) => n + c.count, 0),
      counted.totalIsAtLeast,
    ),
    totalGroups: counts.length,
    totalPages: Math.max(1, Math.ceil(counts.length / paging.groupsPerPage)),
  };
}

/**
 * "Show all": one component's rows under the filters, paged within it (newest first), with its
 * count (capped as listGroups' counts are). `componentId` null is the credentials stored
 * without a component.
 */
export async function listComponentRows(
  db: Db,
  scope: SecretScope,
  filters: GroupFilters,
  componentId: string | null,
  page: Page,
) {
  return searching(db, filters, (q) => componentPage(q, scope, filters, componentId, page));
}

async function componentPage(
  db: Db,
  scope: SecretScope,
  filters: GroupFilters,
  componentId: string | null,
  page: Page,
) {
  const scoped = await ownerScope(db, scope, filters.owner);
  if (scoped.endUserId === null)
    return {
      group: { componentId, count: 0, rows: [] } as Group,
      total: 0,
      totalIsAtLeast: false,
      totalPages: 1,
    };
  const [counted, rows] = await Promise.all([
    groupCounts(db, scoped, filters, { componentId }),
    componentRows(db, groupWhere(db, scoped, filters), componentId, page.perPage, page.offset),
  ]);
  const { total, totalIsAtLeast } = cappedTotal(
    counted.counts.find((c) => c.componentId === componentId)?.count ?? 0,
    counted.totalIsAtLeast,
  );
  return {
    group: { componentId, count: total, rows } as Group,
    total,
    totalIsAtLeast,
    totalPages: Math.max(1, Math.ceil(total / page.perPage)),
  };
}

/** The components the tenant holds credentials for, in group order: the dashboard's app filter. */
export async function componentsInUse(db: Db, scope: SecretScope): Promise<(string | null)[]> {
  const counts = await componentCounts(db, scope, {});
  return orderGroups(counts.filter((c) => Number(c.count) > 0)).map((c) => c.componentId);
}
