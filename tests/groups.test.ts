import { desc, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb, getDbHandle, type Db } from "@/db/client";
import * as schema from "@/db/schema";
import { secrets, workspaces } from "@/db/schema";
import { firstRowsQuery, listComponentRows, listGroups, type GroupFilters } from "@/lib/secrets/groups";
import { listSecrets } from "@/lib/secrets/store";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { DashboardPagination } from "@/components/credentials/dashboard/pagination";
import { parseDashboardQuery } from "@/components/credentials/dashboard/query";
import { api, newTenant, uniq } from "./api";

/*
 * The dashboard's grouped list (issue 15 › Grouping that scales): pages over groups so a group
 * is never split, counts exact under every filter, a search that also finds the end user, a
 * stable order, and a bounded number of index-backed queries per page.
 */

type Made = { id: string; componentId: string | null; username: string | null; name: string };

async function make(apiKey: string, opts: { componentId?: string; username?: string; name?: string }): Promise<Made> {
  const name = opts.name ?? uniq("cred");
  const path = opts.username ? `/api/v1/secrets?username=${opts.username}` : "/api/v1/secrets";
  const r = await api("POST", path, {
    token: apiKey,
    body: {
      name,
      type: "BEARER",
      value: { token: uniq("tok") },
      verify: false,
      ...(opts.componentId && { componentId: opts.componentId }),
    },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return { id: r.body.data.id, componentId: opts.componentId ?? null, username: opts.username ?? null, name };
}

const paging = (page: number) => ({ page, groupsPerPage: 2, rowsPerGroup: 5 });

describe("listGroups", () => {
  let db: Db;
  let t: Awaited<ReturnType<typeof newTenant>>;
  let made: Made[];
  // Usernames that do not occur in any name, so a match on them is the end-user match.
  const alice = uniq("alice");
  const bob = uniq("bob");

  beforeAll(async () => {
    db = await getDb();
    t = await newTenant();
    made = [];
    // Mistral is large (12), Cohere small (3), OpenAI has 2, and 2 have no component.
    for (let i = 0; i < 12; i++)
      made.push(await make(t.apiKey, { componentId: "mistral", username: i % 3 === 0 ? alice : undefined }));
    for (let i = 0; i < 3; i++) made.push(await make(t.apiKey, { componentId: "cohere", username: bob }));
    made.push(await make(t.apiKey, { componentId: "openai", name: "Prod key", username: alice }));
    made.push(await make(t.apiKey, { componentId: "openai", name: "Prod key" }));
    made.push(await make(t.apiKey, {}));
    made.push(await make(t.apiKey, { username: alice }));
  }, 60_000);

  const scope = () => ({ tenantId: t.tenantId });
  const countOf = (pred: (m: Made) => boolean) => made.filter(pred).length;

  it("pages over groups in name order, Other last, and never splits a group", async () => {
    const p1 = await listGroups(db, scope(), {}, paging(1));
    const p2 = await listGroups(db, scope(), {}, paging(2));
    const p3 = await listGroups(db, scope(), {}, paging(3));
    expect(p1.groups.map((g) => g.componentId)).toEqual(["cohere", "mistral"]);
    expect(p2.groups.map((g) => g.componentId)).toEqual(["openai", null]);
    expect(p3.groups).toEqual([]);
    for (const p of [p1, p2]) {
      expect(p).toMatchObject({ total: 19, totalGroups: 4, totalPages: 2 });
    }
    // OpenAI's two are both on its page, and its count says 2.
    const openai = p2.groups[0];
    expect(openai.count).toBe(2);
    expect(openai.rows.map((r) => r.id).sort()).toEqual(
      made
        .filter((m) => m.componentId === "openai")
        .map((m) => m.id)
        .sort(),
    );
    // The large group shows its newest five, with its full count.
    const mistral = p1.groups[1];
    expect(mistral.count).toBe(12);
    expect(mistral.rows.map((r) => r.id)).toEqual(
      made
        .filter((m) => m.componentId === "mistral")
        .map((m) => m.id)
        .reverse()
        .slice(0, 5),
    );
    // Every component shows on exactly one page.
    const seen = [...p1.groups, ...p2.groups].map((g) => g.componentId);
    expect(new Set(seen).size).toBe(seen.length);
    for (const g of [...p1.groups, ...p2.groups]) {
      expect(g.rows.every((r) => r.componentId === g.componentId)).toBe(true);
      expect(g.rows.length).toBe(Math.min(g.count, 5));
    }
  });

  it("counts exactly under the store's filters, as the store's list does", async () => {
    // One verified credential: the displayed status now differs between rows.
    const verified = made.find((m) => m.componentId === "mistral")!;
    await db.update(secrets).set({ lastVerifiedAt: new Date() }).where(eq(secrets.id, verified.id));
    const filters: GroupFilters[] = [
      {},
      { shown: "unverified" },
      { shown: "active" },
      { type: "BEARER" },
      { workspace: "production" },
      { type: "API_KEY" },
    ];
    for (const f of filters) {
      const { groups, total } = await listGroups(db, scope(), f, { page: 1, groupsPerPage: 10, rowsPerGroup: 5 });
      const listed = await listSecrets(db, scope(), f, { page: 1, perPage: 100, offset: 0 });
      expect(total, JSON.stringify(f)).toBe(listed.total);
      for (const g of groups) {
        expect(g.count, `${JSON.stringify(f)} ${g.componentId}`).toBe(
          listed.rows.filter((r) => r.componentId === g.componentId).length,
        );
      }
    }
    const active = await listGroups(db, scope(), { shown: "active" }, paging(1));
    expect(active.groups).toEqual([expect.objectContaining({ componentId: "mistral", count: 1 })]);
    await db.update(secrets).set({ lastVerifiedAt: null }).where(eq(secrets.id, verified.id));
  });

  it("search matches the end user's username as well as the name, with exact counts", async () => {
    const byUser = await listGroups(
      db,
      scope(),
      { search: alice.toUpperCase() },
      { page: 1, groupsPerPage: 10, rowsPerGroup: 5 },
    );
    expect(byUser.total).toBe(countOf((m) => m.username === alice));
    expect(byUser.groups.map((g) => [g.componentId, g.count])).toEqual([
      ["mistral", countOf((m) => m.componentId === "mistral" && m.username === alice)],
      ["openai", 1],
      [null, 1],
    ]);
    expect(byUser.groups.flatMap((g) => g.rows).every((r) => r.username === alice)).toBe(true);

    const byName = await listGroups(db, scope(), { search: "prod KEY" }, paging(1));
    expect(byName.groups).toEqual([expect.objectContaining({ componentId: "openai", count: 2 })]);
    // LIKE's wildcards are text, not patterns.
    expect((await listGroups(db, scope(), { search: "%" }, paging(1))).total).toBe(0);
    expect((await listGroups(db, scope(), { search: "_" }, paging(1))).total).toBe(0);
  });

  it("the owner filter is that end user's credentials; an unknown one matches nothing", async () => {
    const mine = await listGroups(db, scope(), { owner: bob }, paging(1));
    expect(mine.groups.map((g) => [g.componentId, g.count])).toEqual([["cohere", 3]]);
    expect(mine.groups[0].rows.every((r) => r.username === bob)).toBe(true);
    expect((await listGroups(db, scope(), { owner: bob.toUpperCase() }, paging(1))).total).toBe(0);
    expect(await listGroups(db, scope(), { owner: uniq("nobody") }, paging(1))).toMatchObject({
      groups: [],
      total: 0,
      totalPages: 1,
    });
    // Another tenant's end user of that name is not this tenant's.
    const other = await newTenant();
    await make(other.apiKey, { componentId: "cohere", username: bob });
    expect((await listGroups(db, { tenantId: other.tenantId }, { owner: bob }, paging(1))).total).toBe(1);
    expect((await listGroups(db, scope(), { owner: bob }, paging(1))).total).toBe(3);
  });

  it("Show all pages within one component, every row once, in a stable order even when times tie", async () => {
    // Ties on created_at are broken by id, so paging neither repeats nor skips.
    const tie = new Date("2026-01-01T00:00:00Z");
    await db
      .update(secrets)
      .set({ createdAt: tie })
      .where(sql`${secrets.tenantId} = ${t.tenantId} and ${secrets.componentId} = 'mistral'`);
    const ids: string[] = [];
    for (const page of [1, 2, 3]) {
      const r = await listComponentRows(db, scope(), {}, "mistral", { page, perPage: 5, offset: (page - 1) * 5 });
      expect(r).toMatchObject({ total: 12, totalPages: 3 });
      expect(r.group.rows.length).toBe(page < 3 ? 5 : 2);
      ids.push(...r.group.rows.map((row) => row.id));
    }
    expect(ids).toEqual(
      made
        .filter((m) => m.componentId === "mistral")
        .map((m) => m.id)
        .sort()
        .reverse(),
    );
    // The first rows of the grouped page are the same five, in the same order, every time.
    const a = await listGroups(db, scope(), {}, paging(1));
    const b = await listGroups(db, scope(), {}, paging(1));
    expect(a.groups[1].rows.map((r) => r.id)).toEqual(ids.slice(0, 5));
    expect(b).toEqual(a);

    const none = await listComponentRows(db, scope(), {}, null, { page: 1, perPage: 5, offset: 0 });
    expect(none.total).toBe(2);
    expect(none.group.rows.map((r) => r.id).sort()).toEqual(
      made
        .filter((m) => !m.componentId)
        .map((m) => m.id)
        .sort(),
    );
    const searched = await listComponentRows(db, scope(), { search: alice }, "mistral", {
      page: 1,
      perPage: 50,
      offset: 0,
    });
    expect(searched.total).toBe(countOf((m) => m.componentId === "mistral" && m.username === alice));
    expect(searched.group.rows.length).toBe(searched.total);
  });

  it("caps a search's count at 10,000 as the API does, and says so; below the cap it is exact", async () => {
    const big = await newTenant();
    const [ws] = await db.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.tenantId, big.tenantId));
    await db.execute(sql`insert into secrets (tenant_id, workspace_id, name, type, component_id, value_ciphertext, masked_value)
      select ${big.tenantId}, ${ws.id}, 'bulk ' || g, 'BEARER', (array['mistral', 'cohere'])[g % 2 + 1], 'x', '{}'::jsonb
      from generate_series(1, 10005) g`);
    const bigScope = { tenantId: big.tenantId };
    const capped = await listGroups(db, bigScope, { search: "BULK" }, paging(1));
    expect(capped).toMatchObject({ total: 10_000, totalIsAtLeast: true });
    // The groups are those of the first matches found, never more than the cap in all.
    expect(capped.groups.reduce((n, g) => n + g.count, 0)).toBeLessThanOrEqual(10_001);
    expect(capped.groups.map((g) => g.componentId)).toEqual(["cohere", "mistral"]);
    const one = await listComponentRows(db, bigScope, { search: "bulk" }, "mistral", {
      page: 1,
      perPage: 5,
      offset: 0,
    });
    expect(one.group.rows.map((r) => r.componentId)).toEqual(Array(5).fill("mistral"));
    // 5,002 mistral rows (the even ones) match: below the cap, exact.
    expect(one).toMatchObject({ total: 5002, totalIsAtLeast: false, totalPages: 1001 });
    // A narrower search is exact again: bulk 1000..1009, 10000..10005 and bulk 100.
    expect(await listGroups(db, bigScope, { search: "bulk 100" }, paging(1))).toMatchObject({
      total: 17,
      totalIsAtLeast: false,
    });
    // And a deep "Show all" page is the right slice of the newest-first order.
    const deep = await listComponentRows(db, bigScope, {}, "cohere", { page: 300, perPage: 5, offset: 1495 });
    const expected = await db
      .select({ id: secrets.id })
      .from(secrets)
      .where(sql`${secrets.tenantId} = ${big.tenantId} and ${secrets.componentId} = 'cohere'`)
      .orderBy(desc(secrets.createdAt), desc(secrets.id))
      .limit(5)
      .offset(1495);
    expect(expected).toHaveLength(5);
    expect(deep.group.rows.map((r) => r.id)).toEqual(expected.map((r) => r.id));
  }, 60_000);

  it("a page costs at most three queries, however many groups and rows it shows", async () => {
    const handle = await getDbHandle();
    let queries = 0;
    // A search's `set local enable_seqscan = off` is a setting, not one of the page's queries.
    const logger = { logQuery: (q: string) => void (/^set local /.test(q) || queries++) };
    const client = (db as unknown as { $client: unknown }).$client;
    const counted = (handle.kind === "postgres"
      ? (await import("drizzle-orm/postgres-js")).drizzle(client as never, { schema, casing: "snake_case", logger })
      : (await import("drizzle-orm/pglite")).drizzle(client as never, {
          schema,
          casing: "snake_case",
          logger,
        })) as unknown as Db;
    const cases: [GroupFilters, number, number][] = [
      [{}, 2, 2],
      [{}, 10, 2],
      [{ search: alice }, 10, 2],
      [{ owner: alice }, 10, 3],
      [{ owner: uniq("nobody") }, 10, 1],
    ];
    for (const [filters, groupsPerPage, expected] of cases) {
      queries = 0;
      const r = await listGroups(counted, scope(), filters, { page: 1, groupsPerPage, rowsPerGroup: 5 });
      expect(queries, JSON.stringify(filters)).toBe(expected);
      if (expected > 1) expect(r.groups.length).toBeGreaterThan(0);
    }
  });

  it("reads each group's first rows from the (tenant, component, created_at) index, not a table scan", async () => {
    // Enough rows in another tenant that a scan would cost: the planner must then take the index.
    const filler = await newTenant();
    const [ws] = await db
      .select({ id: workspaces.id })
      .from(workspaces)
      .where(eq(workspaces.tenantId, filler.tenantId));
    await db.execute(sql`insert into secrets (tenant_id, workspace_id, name, type, component_id, value_ciphertext, masked_value)
      select ${filler.tenantId}, ${ws.id}, 'filler ' || g, 'BEARER', (array['mistral', 'cohere', 'openai'])[g % 3 + 1], 'x', '{}'::jsonb
      from generate_series(1, 5000) g`);
    await db.execute(sql`analyze secrets`);
    const { raw } = await getDbHandle();
    const where = sql`${secrets.tenantId} = ${t.tenantId}`;
    const query = firstRowsQuery(db, where, ["cohere", "mistral", "openai", null], 5).toSQL();
    const [plan] = await raw<Record<string, unknown>>(`explain (format json) ${query.sql}`, query.params);
    const text = JSON.stringify(plan);
    expect(text).toContain("secrets_tenant_component_created");
    expect(text).not.toMatch(/"Node Type":\s*"Seq Scan",[^}]*"Relation Name":\s*"secrets"/);
    // One index walk per branch; the branch without a component walks its own partial index.
    expect(text.match(/secrets_tenant_component_created/g)!.length).toBeGreaterThanOrEqual(3);
    expect(text).toContain("secrets_tenant_no_component");
  });
});

describe("DashboardPagination", () => {
  const text = (props: { total: number; totalIsAtLeast?: boolean; groups?: number }) =>
    renderToStaticMarkup(
      createElement(DashboardPagination, { query: parseDashboardQuery({ q: "bulk" }, []), totalPages: 3, ...props }),
    ).replace(/<[^>]+>/g, " ");

  it("reads a capped search count as 10,000+, an exact one as it is", () => {
    expect(text({ total: 10_000, totalIsAtLeast: true })).toContain("10,000+ credentials");
    expect(text({ total: 10_000, totalIsAtLeast: true, groups: 2 })).toContain("2 apps with 10,000+ credentials");
    expect(text({ total: 17 })).toContain("17 credentials");
    expect(text({ total: 17 })).not.toContain("+");
  });
});
