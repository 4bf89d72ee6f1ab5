import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { getDb, getDbHandle } from "@/db/client";
import { sql } from "drizzle-orm";
import { componentCounts, listSecrets } from "@/lib/secrets/store";
import { api, newTenant, uniq, userToken } from "./api";
import { counters, endUser, expectNoDrift, insertRows, q, workspaceId } from "./support/secret-counts";

// The exact counters behind meta.total and the dashboard's badges (docs/architecture.md ›
// Lists at scale): kept by triggers on secrets, so every insert, delete and move through any
// path must leave them equal to count(*) per key. Sequential here; tests/secret-counts.pg.test.ts
// races the same writes on PostgreSQL.

const page = { page: 1, perPage: 30, offset: 0 };

async function create(apiKey: string, body: Record<string, unknown>, username?: string) {
  const r = await api("POST", `/api/v1/secrets${username ? `?username=${username}` : ""}`, {
    token: apiKey,
    body: { name: uniq("s"), type: "NO_AUTH", value: {}, verify: false, ...body },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.data.id as string;
}

describe("secret counters", () => {
  it("start empty and stay equal to count(*) per key through API creates, patches and deletes", async () => {
    const t = await newTenant();
    await api("POST", "/api/v1/workspaces", { token: t.apiKey, body: { slug: "staging" } });
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      ids.push(
        await create(
          t.apiKey,
          {
            type: i % 2 ? "BEARER" : "NO_AUTH",
            value: i % 2 ? { token: `tok-${i}-abcdefghijkl` } : {},
            ...(i % 3 === 0 && { workspace: "staging" }),
          },
          i < 4 ? `cust-${i % 2}` : undefined,
        ),
      );
    }
    await expectNoDrift(t.tenantId);
    expect((await counters(t.tenantId)).tenant.stored.length).toBeGreaterThan(1);

    // A patch that changes no key (a rename) leaves the counters as they are.
    const before = await counters(t.tenantId);
    await api("PATCH", `/api/v1/secrets/${ids[0]}`, { token: t.apiKey, body: { name: "renamed" } });
    expect(await counters(t.tenantId)).toEqual(before);

    for (const id of ids.slice(0, 3)) {
      expect((await api("DELETE", `/api/v1/secrets/${id}`, { token: t.apiKey })).status).toBe(204);
    }
    await expectNoDrift(t.tenantId);
  });

  it("follow every kind of move: status, workspace, end user, component and type, one row or many at once", async () => {
    const t = await newTenant();
    await api("POST", "/api/v1/workspaces", { token: t.apiKey, body: { slug: "staging" } });
    const prod = await workspaceId(t.tenantId);
    const staging = await workspaceId(t.tenantId, "staging");
    const alice = await endUser(t.tenantId, uniq("alice"));
    const bob = await endUser(t.tenantId, uniq("bob"));
    await insertRows(t.tenantId, 20, { workspaceId: prod, endUserId: alice, componentId: "github", type: "BEARER" });
    await insertRows(t.tenantId, 10, { workspaceId: prod, componentId: null, type: "API_KEY" });
    await insertRows(t.tenantId, 5, { workspaceId: staging, endUserId: bob, componentId: "slack", status: "error" });
    await expectNoDrift(t.tenantId);

    const moves = [
      "update secrets set status = 'expired' where tenant_id = $1 and component_id = 'github' and name like 'bulk-1%'",
      "update secrets set workspace_id = (select id from workspaces where tenant_id = $1 and slug = 'staging') where tenant_id = $1 and type = 'API_KEY' and name like 'bulk-2%'",
      `update secrets set end_user_id = '${bob}' where tenant_id = $1 and end_user_id = '${alice}' and name like 'bulk-3%'`,
      `update secrets set end_user_id = null where tenant_id = $1 and end_user_id = '${bob}' and status = 'error' and name = 'bulk-1'`,
      `update secrets set end_user_id = '${alice}' where tenant_id = $1 and end_user_id is null and name = 'bulk-4'`,
      "update secrets set component_id = 'gitlab' where tenant_id = $1 and component_id = 'github' and name like 'bulk-5%'",
      "update secrets set component_id = null where tenant_id = $1 and component_id = 'slack' and name = 'bulk-2'",
      "update secrets set type = 'SIMPLE' where tenant_id = $1 and type = 'API_KEY' and name = 'bulk-6'",
      // Two key columns at once, and a row moved back to where it was.
      "update secrets set status = 'active', component_id = 'github' where tenant_id = $1 and status = 'error' and name = 'bulk-3'",
      "update secrets set status = 'active' where tenant_id = $1 and status = 'expired' and name = 'bulk-1'",
      // Not a key column: no change.
      "update secrets set last_used_at = now() where tenant_id = $1",
    ];
    for (const sqlText of moves) {
      await q(sqlText, [t.tenantId]);
      await expectNoDrift(t.tenantId);
    }

    await q("delete from secrets where tenant_id = $1 and name like 'bulk-1%'", [t.tenantId]);
    await expectNoDrift(t.tenantId);
  });

  it("stay right through an end user's cascade, an empty workspace's delete and a tenant's delete", async () => {
    const t = await newTenant();
    const other = await newTenant();
    for (let i = 0; i < 3; i++)
      await create(t.apiKey, { componentId: "http-api", config: { baseUrl: "http://127.0.0.1:9" } }, "leaving");
    await create(t.apiKey, {}, "staying");
    await create(other.apiKey, {}, "leaving");
    await expectNoDrift(t.tenantId);

    expect((await api("DELETE", "/api/v1/end-users/leaving", { token: t.apiKey })).status).toBe(204);
    await expectNoDrift(t.tenantId);
    const [{ n: left }] = await q<{ n: string }>("select count(*) n from secret_user_counts where tenant_id = $1", [
      t.tenantId,
    ]);
    expect(Number(left)).toBe(1);

    // An empty workspace goes with its (zero) counters.
    await api("POST", "/api/v1/workspaces", { token: t.apiKey, body: { slug: "scratch" } });
    const scratch = await workspaceId(t.tenantId, "scratch");
    await insertRows(t.tenantId, 2, { workspaceId: scratch });
    await q("delete from secrets where workspace_id = $1", [scratch]);
    expect((await api("DELETE", `/api/v1/workspaces/${scratch}`, { token: t.apiKey })).status).toBe(204);
    expect(await q("select 1 from secret_counts where workspace_id = $1", [scratch])).toHaveLength(0);
    await expectNoDrift(t.tenantId);

    await q("delete from tenants where id = $1", [t.tenantId]);
    expect(await q("select 1 from secret_counts where tenant_id = $1", [t.tenantId])).toHaveLength(0);
    expect(await q("select 1 from secret_user_counts where tenant_id = $1", [t.tenantId])).toHaveLength(0);
    // The other tenant's counters are untouched.
    await expectNoDrift(other.tenantId);
    expect((await counters(other.tenantId)).tenant.stored).toHaveLength(1);
  });

  it("answer meta.total and the badges for every stored-dimension filter and scope exactly", async () => {
    const t = await newTenant();
    await api("POST", "/api/v1/workspaces", { token: t.apiKey, body: { slug: "staging" } });
    const prod = await workspaceId(t.tenantId);
    const staging = await workspaceId(t.tenantId, "staging");
    const alice = await endUser(t.tenantId, "alice");
    await insertRows(t.tenantId, 7, { workspaceId: prod, endUserId: alice, componentId: "github", type: "BEARER" });
    await insertRows(t.tenantId, 4, { workspaceId: staging, endUserId: alice, componentId: "slack", status: "error" });
    await insertRows(t.tenantId, 3, { workspaceId: prod, componentId: "github", status: "expired" });
    await insertRows(t.tenantId, 2, { workspaceId: prod });

    const total = async (query: string, token = t.apiKey) => {
      const r = await api("GET", `/api/v1/secrets?${query}`, { token });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body.meta.total as number;
    };
    expect(await total("")).toBe(16);
    expect(await total("component=github")).toBe(10);
    expect(await total("component=github&status=active")).toBe(7);
    expect(await total("status=error")).toBe(4);
    expect(await total("type=NO_AUTH")).toBe(9);
    expect(await total("workspace=staging")).toBe(4);
    expect(await total("workspace=nowhere")).toBe(0);
    expect(await total("username=alice")).toBe(11);
    expect(await total("username=alice&workspace=production")).toBe(7);
    expect(await total("username=nobody")).toBe(0);
    expect(await total("", await userToken(t.apiKey, "alice"))).toBe(11);
    expect(await total("component=slack", await userToken(t.apiKey, "alice"))).toBe(4);

    const db = await getDb();
    const badges = await componentCounts(db, { tenantId: t.tenantId }, {});
    expect(new Map(badges.map((b) => [b.componentId, b.count]))).toEqual(
      new Map([
        ["github", 10],
        ["slack", 4],
        [null, 2],
      ]),
    );
    expect(await componentCounts(db, { tenantId: t.tenantId }, { workspace: "staging" })).toEqual([
      { componentId: "slack", count: 4 },
    ]);
    // Filters outside the counters' keys are counted over the rows, and agree.
    const shown = await listSecrets(db, { tenantId: t.tenantId }, { shown: "expired" }, page);
    expect(shown.total).toBe(3);
    expect((await listSecrets(db, { tenantId: t.tenantId }, { attention: true }, page)).total).toBe(7);
    expect(await total(`name=bulk-1`)).toBe(4);
  });

  it("are rebuilt exactly from the rows by the migration's backfill (drizzle/0011)", async () => {
    const t = await newTenant();
    const ws = await workspaceId(t.tenantId);
    const bob = await endUser(t.tenantId, uniq("bob"));
    await insertRows(t.tenantId, 6, { workspaceId: ws, endUserId: bob, componentId: "github", status: "error" });
    await insertRows(t.tenantId, 4, { workspaceId: ws, type: "BEARER" });
    const before = await counters(t.tenantId);
    // The statements after the table lock are the backfill; run them as the migration did, on
    // empty counters, in one transaction (rolled back if anything differs, so other tenants keep theirs).
    const migration = readFileSync(path.join(process.cwd(), "drizzle/0011_secret_counts.sql"), "utf8");
    const backfill = migration
      .slice(migration.indexOf("LOCK TABLE"))
      .split("--> statement-breakpoint")
      .map((x) => x.trim())
      .filter((x) => x.startsWith("INSERT INTO"));
    expect(backfill).toHaveLength(2);
    const { db } = await getDbHandle();
    await db.transaction(async (tx) => {
      await tx.execute(sql.raw("delete from secret_counts"));
      await tx.execute(sql.raw("delete from secret_user_counts"));
      for (const statement of backfill) await tx.execute(sql.raw(statement));
    });
    expect(await counters(t.tenantId)).toEqual(before);
    await expectNoDrift(t.tenantId);
  });
});
