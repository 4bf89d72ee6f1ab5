import { describe, expect, it } from "vitest";
import { api, newTenant, uniq } from "./api";
import { counters, endUser, expectNoDrift, insertRows, q, workspaceId } from "./support/secret-counts";

// PostgreSQL only: writes on separate pool connections really run at once, so concurrent
// creates, deletes and moves of secrets race for the same counter rows (secret_counts). The
// counters must come out exactly equal to count(*) per key, and no write may fail on a
// deadlock (every writer locks counter rows in one order).

const ROUNDS = 5;

describe("secret counters under concurrent writes (PostgreSQL)", () => {
  it("equal count(*) per key after concurrent API creates and deletes", async () => {
    const t = await newTenant();
    const create = (i: number) =>
      api("POST", `/api/v1/secrets?username=cust-${i % 4}`, {
        token: t.apiKey,
        body: {
          name: uniq("c"),
          type: i % 3 ? "BEARER" : "NO_AUTH",
          value: i % 3 ? { token: `tok-${i}-abcdefghijkl` } : {},
          verify: false,
        },
      });
    const made = await Promise.all(Array.from({ length: 40 }, (_, i) => create(i)));
    expect(made.map((r) => r.status)).toEqual(Array(40).fill(201));
    await expectNoDrift(t.tenantId);

    // Deletes of half the rows, racing more creates.
    const ids = made.map((r) => r.body.data.id as string);
    const mixed = await Promise.all([
      ...ids.slice(0, 20).map((id) => api("DELETE", `/api/v1/secrets/${id}`, { token: t.apiKey })),
      ...Array.from({ length: 20 }, (_, i) => create(100 + i)),
    ]);
    expect(mixed.map((r) => r.status).sort()).toEqual([...Array(20).fill(201), ...Array(20).fill(204)]);
    await expectNoDrift(t.tenantId);
    const r = await api("GET", "/api/v1/secrets", { token: t.apiKey });
    expect(r.body.meta.total).toBe(40);
  });

  it("equal count(*) per key after concurrent moves in opposite directions, bulk writes and cascades", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const t = await newTenant();
      await api("POST", "/api/v1/workspaces", { token: t.apiKey, body: { slug: "staging" } });
      const prod = await workspaceId(t.tenantId);
      const staging = await workspaceId(t.tenantId, "staging");
      const users = await Promise.all([0, 1, 2, 3].map((i) => endUser(t.tenantId, uniq(`u${i}`))));
      for (const [i, u] of users.entries()) {
        await insertRows(t.tenantId, 25, { workspaceId: i % 2 ? staging : prod, endUserId: u, componentId: "github" });
      }
      await insertRows(t.tenantId, 25, { workspaceId: prod, componentId: "slack", status: "error" });

      // Each statement moves its own rows (one name each, so no two wait for the same secret
      // row) between the same keys the others touch, in both directions.
      const others = `end_user_id is distinct from '${users[3]}'`;
      const writes = [
        `update secrets set status = 'error' where tenant_id = $1 and status = 'active' and name in ('bulk-1', 'bulk-12') and ${others}`,
        `update secrets set status = 'active' where tenant_id = $1 and status = 'error' and name in ('bulk-2', 'bulk-13') and ${others}`,
        `update secrets set workspace_id = (select id from workspaces where tenant_id = $1 and slug = 'staging') where tenant_id = $1 and name in ('bulk-3', 'bulk-14') and ${others}`,
        `update secrets set workspace_id = (select id from workspaces where tenant_id = $1 and slug = 'production') where tenant_id = $1 and name in ('bulk-4', 'bulk-15') and ${others}`,
        `update secrets set component_id = 'slack' where tenant_id = $1 and component_id = 'github' and name in ('bulk-5', 'bulk-16') and ${others}`,
        `update secrets set component_id = 'github' where tenant_id = $1 and component_id = 'slack' and name in ('bulk-6', 'bulk-17') and ${others}`,
        `update secrets set end_user_id = '${users[1]}' where tenant_id = $1 and end_user_id = '${users[0]}' and name in ('bulk-7', 'bulk-18')`,
        `update secrets set end_user_id = '${users[0]}' where tenant_id = $1 and end_user_id = '${users[1]}' and name in ('bulk-8', 'bulk-19')`,
        `update secrets set type = 'API_KEY', status = 'expired' where tenant_id = $1 and name in ('bulk-9', 'bulk-20') and ${others}`,
        `delete from secrets where tenant_id = $1 and name in ('bulk-22', 'bulk-23') and ${others}`,
        `delete from end_users where tenant_id = $1 and id = '${users[3]}'`,
      ];
      const one = (s: string) => q(s, [t.tenantId]);
      const results = await Promise.allSettled([
        ...writes.map(one),
        ...users
          .slice(0, 3)
          .map((u, i) =>
            insertRows(t.tenantId, 10, { workspaceId: i % 2 ? staging : prod, endUserId: u, componentId: "github" }),
          ),
        ...[10, 11, 21, 24, 25].map((k) =>
          one(
            `update secrets set status = case status when 'active' then 'expired' else 'active' end where tenant_id = $1 and name = 'bulk-${k}' and ${others}`,
          ),
        ),
      ]);
      const failed = results
        .filter((x) => x.status === "rejected")
        .map((x) => String((x as PromiseRejectedResult).reason));
      expect(failed, `round ${round}`).toEqual([]);
      await expectNoDrift(t.tenantId);
      expect((await counters(t.tenantId)).user.stored.length).toBeGreaterThan(3);
    }
  });
});
