import "server-only";
import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { secretCounts, secretUserCounts, workspaces } from "@/db/schema";
import type { SecretScope } from "./scope";

/*
 * Totals from the counter tables (db/schema/secret-counts.ts;
 * docs/architecture.md › Lists at scale) instead of count(*) over the rows: a sum of at most a few thousand counter rows for a
 * whole tenant, a few dozen for one end user, however many secrets there are. Exact, because
 * triggers keep the counters in each write's own transaction.
 */

/** The filters the counters are keyed by; any other filter is counted over the rows (lib/secrets/store.ts). */
export type CountableFilters = { type?: string; component?: string; workspace?: string; status?: string };

const DIMENSIONS = new Set(["type", "component", "workspace", "status"]);

/** Whether every filter given is a stored dimension of the counters (an empty one counts as not given). */
export function countable(filters: Record<string, unknown>): boolean {
  return Object.entries(filters).every(([k, v]) => !v || DIMENSIONS.has(k));
}

type Counter = typeof secretCounts | typeof secretUserCounts;

function counterWhere(t: Counter, scope: SecretScope, filters: CountableFilters): SQL {
  return and(
    eq(t.tenantId, scope.tenantId),
    scope.endUserId ? eq(secretUserCounts.endUserId, scope.endUserId) : undefined,
    scope.componentIds ? inArray(t.componentId, [...scope.componentIds]) : undefined,
    scope.workspaceId ? eq(t.workspaceId, scope.workspaceId) : undefined,
    filters.type ? eq(t.type, filters.type) : undefined,
    filters.component ? eq(t.componentId, filters.component) : undefined,
    filters.status ? eq(t.status, filters.status as "active") : undefined,
    filters.workspace
      ? eq(
          t.workspaceId,
          sql`(select ${workspaces.id} from ${workspaces} where ${workspaces.tenantId} = ${scope.tenantId}
            and ${workspaces.slug} = ${filters.workspace})`,
        )
      : undefined,
  )!;
}

/** A tenant-wide scope reads `secret_counts`; an end user's reads `secret_user_counts`. */
const counterFor = (scope: SecretScope): Counter => (scope.endUserId ? secretUserCounts : secretCounts);

/** How many secrets the scope holds under stored-dimension filters, from the counters. */
export async function countByCounters(db: Db, scope: SecretScope, filters: CountableFilters): Promise<number> {
  if (scope.endUserId === null) return 0;
  const t = counterFor(scope);
  const [row] = await db
    .select({ n: sql<string | number>`coalesce(sum(${t.n}), 0)::bigint` })
    .from(t)
    .where(counterWhere(t, scope, filters));
  return Number(row?.n ?? 0);
}

/**
 * The same total as `countByCounters`, as a scalar subquery with named placeholders (tenantId,
 * and endUserId, type, component where `key` says), for a prepared list statement to return
 * with its rows: one statement, one snapshot, so the page and its total always agree.
 */
export function counterTotalPlaceholders(key: { user: boolean; type: boolean; component: boolean }): SQL<string> {
  const t: Counter = key.user ? secretUserCounts : secretCounts;
  const where = and(
    eq(t.tenantId, sql.placeholder("tenantId")),
    key.user ? eq(secretUserCounts.endUserId, sql.placeholder("endUserId")) : undefined,
    key.type ? eq(t.type, sql.placeholder("type")) : undefined,
    key.component ? eq(t.componentId, sql.placeholder("component")) : undefined,
  );
  return sql<string>`(select coalesce(sum(${t.n}), 0)::bigint from ${t} where ${where})`;
}

/** Per-component totals (the dashboard's badges) from the counters; `componentId` null is no component. */
export async function componentCountsByCounters(
  db: Db,
  scope: SecretScope,
  filters: CountableFilters,
): Promise<{ componentId: string | null; count: number }[]> {
  if (scope.endUserId === null) return [];
  const t = counterFor(scope);
  const rows = await db
    .select({ componentId: t.componentId, n: sql<string | number>`sum(${t.n})::bigint` })
    .from(t)
    .where(counterWhere(t, scope, filters))
    .groupBy(t.componentId)
    .having(sql`sum(${t.n}) > 0`);
  return rows.map((r) => ({ componentId: r.componentId === "" ? null : r.componentId, count: Number(r.n) }));
}
