import { beforeAll, describe, expect, it } from "vitest";
import { getDb, type Db } from "@/db/client";
import { listSecrets, type SecretFilters } from "@/lib/secrets/store";
import type { SecretScope } from "@/lib/secrets/scope";
import { api, newTenant, uniq } from "./api";

/*
 * The common list (a first page with no filter but type and/or component) runs as a prepared
 * statement (lib/secrets/store.ts commonList); every other list through the query builder. The
 * two must answer the same rows, totals and cursors.
 */

async function make(apiKey: string, body: Record<string, unknown>, username?: string) {
  const path = username ? `/api/v1/secrets?username=${username}` : "/api/v1/secrets";
  const r = await api("POST", path, {
    token: apiKey,
    body: { name: uniq("cred"), value: { token: uniq("tok") }, verify: false, type: "BEARER", ...body },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.data.id as string;
}

describe("listSecrets: the prepared common list", () => {
  let db: Db;
  let t: Awaited<ReturnType<typeof newTenant>>;
  let endUserId: string;
  const alice = uniq("alice");

  beforeAll(async () => {
    db = await getDb();
    t = await newTenant();
    for (let i = 0; i < 4; i++) await make(t.apiKey, { componentId: "mistral" });
    for (let i = 0; i < 3; i++) await make(t.apiKey, { componentId: "cohere" }, alice);
    await make(t.apiKey, { type: "API_KEY", value: { key: uniq("k") } }, alice);
    await make(t.apiKey, { type: "API_KEY", value: { key: uniq("k") } });
    // Another tenant's rows must not appear.
    const other = await newTenant();
    await make(other.apiKey, { componentId: "mistral" });
    const [u] = await db.query.endUsers.findMany({
      where: (e, { and, eq }) => and(eq(e.tenantId, t.tenantId), eq(e.username, alice)),
    });
    endUserId = u.id;
  }, 60_000);

  const cases = (): [SecretScope, SecretFilters, number][] => [
    [{ tenantId: t.tenantId }, {}, 9],
    [{ tenantId: t.tenantId }, { type: "BEARER" }, 7],
    [{ tenantId: t.tenantId }, { component: "mistral" }, 4],
    [{ tenantId: t.tenantId }, { type: "BEARER", component: "cohere" }, 3],
    [{ tenantId: t.tenantId }, { type: "API_KEY", component: "mistral" }, 0],
    [{ tenantId: t.tenantId }, { type: "OA2_CLIENT_CREDENTIALS" }, 0],
    [{ tenantId: t.tenantId, endUserId }, {}, 4],
    [{ tenantId: t.tenantId, endUserId }, { component: "cohere" }, 3],
    [{ tenantId: t.tenantId, endUserId }, { type: "API_KEY" }, 1],
  ];

  it("answers exactly what the general path answers, for each variant and page size", async () => {
    for (const [scope, filters, n] of cases()) {
      for (const perPage of [2, 30]) {
        const page = { page: 1, perPage, offset: 0 };
        const prepared = await listSecrets(db, scope, filters, page);
        const general = await listSecrets(db, scope, filters, page, { general: true });
        const label = `${JSON.stringify(filters)} user=${!!scope.endUserId} perPage=${perPage}`;
        expect(prepared, label).toEqual(general);
        expect(prepared.total, label).toBe(n);
        expect(prepared.rows.length, label).toBe(Math.min(n, perPage));
        expect(!!prepared.nextCursor, label).toBe(n > perPage);
        expect(
          prepared.rows.every((r) => !filters.component || r.componentId === filters.component),
          label,
        ).toBe(true);
      }
    }
  });
});
