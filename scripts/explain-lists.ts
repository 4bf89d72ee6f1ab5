/**
 * The query plans of every list, filter and count the API and the dashboard make, at scale
 * (docs/architecture.md › Lists at scale). Runs the real lib functions (lib/secrets/store.ts,
 * counts.ts, attention-summary.ts, groups.ts) against a filled tenant through a drizzle
 * instance that records each statement, then runs `EXPLAIN (ANALYZE, BUFFERS)` on each with
 * its parameters, and writes them all to one file (tests/fixtures/list-plans-1m.txt, which
 * tests/list-plans.test.ts reads: no `Seq Scan on secrets` anywhere).
 *
 *   DATABASE_URL=postgres://… tsx --conditions=react-server scripts/explain-lists.ts [tenant id] [out file]
 *
 * Without a tenant id it takes the tenant with the most secrets (scripts/fill-million.ts makes one).
 */
import { writeFileSync } from "node:fs";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import type { Db } from "@/db/client";
import * as schema from "@/db/schema";
import { attentionSummary } from "@/lib/secrets/attention-summary";
import { componentsInUse, listComponentRows, listGroups } from "@/lib/secrets/groups";
import type { SecretScope } from "@/lib/secrets/scope";
import { componentCounts, listSecrets, type SecretFilters } from "@/lib/secrets/store";

export const PLANS_FILE = "tests/fixtures/list-plans-1m.txt";

type Recorded = { query: string; params: unknown[] };

const api = (page: number, perPage = 30) => ({ page, perPage, offset: (page - 1) * perPage });

/** Every list, filter and count, by who makes it; each runs once and its statements are explained. */
function cases(t: {
  tenantId: string;
  endUserId: string;
  username: string;
  componentId: string;
  after: string;
  afterId: string;
}) {
  const tenant: SecretScope = { tenantId: t.tenantId };
  const user: SecretScope = { tenantId: t.tenantId, endUserId: t.endUserId };
  const session: SecretScope = { ...user, componentIds: [t.componentId, "slack"] };
  const cursor = { createdAt: t.after, id: t.afterId };
  const list =
    (scope: SecretScope, f: SecretFilters, page = api(1), after?: typeof cursor) =>
    (db: Db) =>
      listSecrets(db, scope, f, page, { after });
  const dash = { page: 1, groupsPerPage: 10, rowsPerGroup: 5 };
  return {
    "API GET /secrets: first page": list(tenant, {}),
    "API GET /secrets: page[number]=300": list(tenant, {}, api(300)),
    "API GET /secrets: page[after] 9,000 rows deep": list(tenant, {}, api(1), cursor),
    "API GET /secrets: component + status=active": list(tenant, { component: t.componentId, status: "active" }),
    "API GET /secrets: component + status=error": list(tenant, { component: t.componentId, status: "error" }),
    "API GET /secrets: component + status, page 30": list(
      tenant,
      { component: t.componentId, status: "active" },
      api(30),
    ),
    "API GET /secrets: type=BEARER": list(tenant, { type: "BEARER" }),
    "API GET /secrets: status=expired": list(tenant, { status: "expired" }),
    "API GET /secrets: workspace=staging": list(tenant, { workspace: "staging" }),
    "API GET /secrets: name= (exact)": list(tenant, { name: `${t.componentId} 7` }),
    "API GET /secrets: search=": list(tenant, { search: "slack 12" }),
    "API GET /secrets: end user (user token), first page": list(user, {}),
    "API GET /secrets: end user (user token), page 3": list(user, {}, api(3)),
    "API GET /secrets: end user, component": list(user, { component: t.componentId }),
    "API GET /secrets: connect session (components limit)": list(session, {}),
    "dashboard: grouped list page 1 (listSecrets byComponent)": (db: Db) =>
      listSecrets(db, tenant, {}, api(1, 50), { byComponent: true }),
    "dashboard: grouped list page 300 (listSecrets byComponent)": (db: Db) =>
      listSecrets(db, tenant, {}, api(300, 50), { byComponent: true }),
    "dashboard: badges (componentCounts)": (db: Db) => componentCounts(db, tenant, {}),
    "dashboard: badges, workspace": (db: Db) => componentCounts(db, tenant, { workspace: "staging" }),
    "dashboard: badges, shown=expired": (db: Db) => componentCounts(db, tenant, { shown: "expired" }),
    "dashboard: badges, attention": (db: Db) => componentCounts(db, tenant, { attention: true }),
    "dashboard: attention summary": (db: Db) => attentionSummary(db, tenant),
    "dashboard: shown=expired": list(tenant, { shown: "expired" }),
    "dashboard: shown=error": list(tenant, { shown: "error" }),
    "dashboard: shown=unverified": list(tenant, { shown: "unverified" }),
    "dashboard: shown=active": list(tenant, { shown: "active" }),
    "dashboard: attention": list(tenant, { attention: true }),
    "dashboard: groups page 1 (listGroups)": (db: Db) => listGroups(db, tenant, {}, dash),
    "dashboard: groups, attention": (db: Db) => listGroups(db, tenant, { attention: true }, dash),
    "dashboard: groups, owner": (db: Db) => listGroups(db, tenant, { owner: t.username }, dash),
    "dashboard: groups, search": (db: Db) => listGroups(db, tenant, { search: "slack 12" }, dash),
    "dashboard: groups, search matching names": (db: Db) =>
      listGroups(db, tenant, { search: `${t.componentId} 12` }, dash),
    "dashboard: groups, search matching a username": (db: Db) => listGroups(db, tenant, { search: t.username }, dash),
    "dashboard: groups, search matching most rows": (db: Db) => listGroups(db, tenant, { search: "1" }, dash),
    "dashboard: show all of one component, search": (db: Db) =>
      listComponentRows(db, tenant, { search: t.username }, t.componentId, api(1, 50)),
    "dashboard: show all of one component, page 300 (listComponentRows)": (db: Db) =>
      listComponentRows(db, tenant, {}, t.componentId, api(300, 50)),
    "dashboard: app filter (componentsInUse)": (db: Db) => componentsInUse(db, tenant),
  } satisfies Record<string, (db: Db) => Promise<unknown>>;
}

/** Runs every case against `url` and returns the plans as text, one section per statement. */
export async function explainLists(url: string, tenantId?: string): Promise<string> {
  const client = postgres(url, { onnotice: () => {}, max: 4 });
  let recorded: Recorded[] = [];
  const db = drizzle(client, {
    schema,
    casing: "snake_case",
    logger: { logQuery: (query, params) => void recorded.push({ query, params }) },
  }) as unknown as Db;
  try {
    const [big] = tenantId
      ? [{ tenant_id: tenantId }]
      : await client<
          { tenant_id: string }[]
        >`select tenant_id from secret_counts group by 1 order by sum(n) desc limit 1`;
    const id = big.tenant_id;
    const [{ n }] = await client<
      { n: string }[]
    >`select coalesce(sum(n), 0) n from secret_counts where tenant_id = ${id}`;
    const [u] = await client<{ end_user_id: string; username: string }[]>`
      select c.end_user_id, e.username from secret_user_counts c join end_users e on e.id = c.end_user_id
      where c.tenant_id = ${id} group by 1, 2 order by sum(n) desc limit 1`;
    const [comp] = await client<{ component_id: string }[]>`select component_id from secret_counts
      where tenant_id = ${id} and status = 'error' group by 1 order by sum(n) desc limit 1`;
    const [deep] = await client<{ t: string; id: string }[]>`select to_char(created_at at time zone 'UTC',
      'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') t, id from secrets where tenant_id = ${id}
      order by created_at desc, id desc offset 9000 limit 1`;
    const all = cases({
      tenantId: id,
      endUserId: u.end_user_id,
      username: u.username,
      componentId: comp.component_id,
      after: deep.t,
      afterId: deep.id,
    });
    const out: string[] = [
      `# Query plans of every secrets list, filter and count (scripts/explain-lists.ts)`,
      `# One tenant of ${Number(n).toLocaleString("en")} secrets; PostgreSQL ${(await client`show server_version`)[0].server_version}.`,
      `# tests/list-plans.test.ts fails on any sequential scan of secrets here.`,
      "",
    ];
    for (const [name, run] of Object.entries(all)) {
      recorded = [];
      await run(db);
      const statements = recorded;
      recorded = [];
      // A search's reads run after `set local enable_seqscan = off` in one transaction
      // (lib/secrets/store.ts withoutSeqScans): its statements are explained under that setting.
      const settings = statements.filter((s) => /^set local /i.test(s.query)).map((s) => s.query);
      const explained = statements.filter((s) => !/^set local /i.test(s.query));
      for (const [i, s] of explained.entries()) {
        const plan = await client.begin(async (tx) => {
          for (const set of settings) await tx.unsafe(set);
          return tx.unsafe(`explain (analyze, buffers) ${s.query}`, s.params as never[]);
        });
        out.push(`=== ${name} [${i + 1}/${explained.length}]${settings.length ? ` (${settings.join("; ")})` : ""}`);
        const text = s.query.replace(/\s+/g, " ");
        out.push(`-- ${text.length > 400 ? `${text.slice(0, 400)} …` : text}`);
        out.push(...plan.map((r) => String(r["QUERY PLAN"])));
        out.push("");
      }
    }
    return out.join("\n");
  } finally {
    await client.end();
  }
}

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url?.startsWith("postgres")) throw new Error("Set DATABASE_URL to a filled PostgreSQL database");
  const text = await explainLists(url, process.argv[2] || undefined);
  const file = process.argv[3] ?? PLANS_FILE;
  writeFileSync(file, text + "\n");
  const seq = text.split("\n").filter((l) => /Seq Scan on secrets\b/.test(l)).length;
  process.stdout.write(`${file}: ${text.split("\n=== ").length - 1} statements, ${seq} sequential scans of secrets\n`);
}

if (process.argv[1]?.endsWith("explain-lists.ts")) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
