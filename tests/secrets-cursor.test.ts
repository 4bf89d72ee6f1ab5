import { describe, expect, it } from "vitest";
import { encodeCursor } from "@/lib/api/cursor";
import { api, newTenant, userToken } from "./api";
import { endUser, insertRows, workspaceId } from "./support/secret-counts";

// Keyset paging on GET /secrets (docs/architecture.md › Lists at scale): `page[after]` takes
// the previous page's meta.nextCursor and never skips or repeats a row, however many rows are
// created meanwhile, including rows that share one created_at (one statement's inserts).

async function walk(token: string, query = "", size = 30, during?: () => Promise<unknown>) {
  const seen: string[] = [];
  let after: string | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const r = await api("GET", `/api/v1/secrets?page[size]=${size}${query}${after ? `&page[after]=${after}` : ""}`, {
      token,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    seen.push(...r.body.data.map((s: { id: string }) => s.id));
    if (after) expect(r.body.meta.page).toBeUndefined();
    await during?.();
    after = r.body.meta.nextCursor;
    if (!after) return { seen, pages: pages + 1 };
  }
  throw new Error("the walk did not end");
}

describe("GET /api/v1/secrets with page[after]", () => {
  it("walks 250 rows exactly once each while rows are created between pages", async () => {
    const t = await newTenant();
    const ws = await workspaceId(t.tenantId);
    // 150 rows with one created_at (ties broken by id) and 100 more in 10 statements.
    await insertRows(t.tenantId, 150, { workspaceId: ws, name: "tie" });
    for (let i = 0; i < 10; i++) await insertRows(t.tenantId, 10, { workspaceId: ws, name: `batch${i}` });
    const first = await api("GET", "/api/v1/secrets?page[size]=100", { token: t.apiKey });
    expect(first.body.meta).toMatchObject({ page: 1, perPage: 100, total: 250, totalPages: 3 });
    expect(typeof first.body.meta.nextCursor).toBe("string");

    let made = 0;
    const { seen, pages } = await walk(t.apiKey, "", 30, async () => {
      made++;
      await insertRows(t.tenantId, 3, { workspaceId: ws, name: `late${made}` });
    });
    expect(pages).toBe(9);
    expect(seen).toHaveLength(250);
    expect(new Set(seen).size).toBe(250);
    // Rows created during the walk are newer than every cursor, so the walk never meets them.
    const all = await walk(t.apiKey, "", 100);
    expect(all.seen).toHaveLength(250 + made * 3);
    expect(new Set(all.seen.slice(made * 3))).toEqual(new Set(seen));
  });

  it("keeps the filters and the scope, and ends without a nextCursor", async () => {
    const t = await newTenant();
    const ws = await workspaceId(t.tenantId);
    const alice = await endUser(t.tenantId, "alice");
    await insertRows(t.tenantId, 45, { workspaceId: ws, endUserId: alice, componentId: "github" });
    await insertRows(t.tenantId, 20, { workspaceId: ws, componentId: "github", status: "error" });
    await insertRows(t.tenantId, 20, { workspaceId: ws, componentId: "slack" });
    const token = await userToken(t.apiKey, "alice");
    expect((await walk(token, "", 10)).seen).toHaveLength(45);
    expect((await walk(t.apiKey, "&component=github&status=error", 7)).seen).toHaveLength(20);
    const last = await api("GET", "/api/v1/secrets?component=slack&page[size]=20", { token: t.apiKey });
    expect(last.body.data).toHaveLength(20);
    expect(last.body.meta.nextCursor).toBeUndefined();
  });

  it("answers 400 bad_request for a cursor it did not give out", async () => {
    const t = await newTenant();
    const bad = [
      "not-base64!",
      Buffer.from("not json").toString("base64url"),
      Buffer.from(JSON.stringify({ t: "2026-01-01", i: "x" })).toString("base64url"),
      Buffer.from(JSON.stringify({ t: "2026-01-01T00:00:00.000000Z", i: "not-a-uuid" })).toString("base64url"),
      Buffer.from(JSON.stringify({ t: "2026-01-01T00:00:00.000000Z", i: crypto.randomUUID(), x: 1 })).toString(
        "base64url",
      ),
      "a".repeat(201),
      "",
    ];
    for (const cursor of bad) {
      const r = await api("GET", `/api/v1/secrets?page[after]=${encodeURIComponent(cursor)}`, { token: t.apiKey });
      expect(r.status, cursor).toBe(400);
      expect(r.body.error.code).toBe("bad_request");
      expect(r.body.error.message).toMatch(/page\[after\]/);
    }
    const good = encodeCursor({ createdAt: "2999-01-01T00:00:00.000000Z", id: crypto.randomUUID() });
    expect((await api("GET", `/api/v1/secrets?page[after]=${good}`, { token: t.apiKey })).status).toBe(200);
  });

  it("caps the total of a name search past 10,000 matches with meta.totalIsAtLeast", async () => {
    const t = await newTenant();
    const ws = await workspaceId(t.tenantId);
    await insertRows(t.tenantId, 10_005, { workspaceId: ws, name: "needle" });
    await insertRows(t.tenantId, 5, { workspaceId: ws, name: "hay" });
    const search = await api("GET", "/api/v1/secrets?search=needle", { token: t.apiKey });
    expect(search.body.meta).toMatchObject({ total: 10_000, totalIsAtLeast: true, totalPages: 334 });
    const few = await api("GET", "/api/v1/secrets?search=hay", { token: t.apiKey });
    expect(few.body.meta.total).toBe(5);
    expect(few.body.meta.totalIsAtLeast).toBeUndefined();
    // Without a search, the counters answer the exact total.
    const all = await api("GET", "/api/v1/secrets", { token: t.apiKey });
    expect(all.body.meta.total).toBe(10_010);
    expect(all.body.meta.totalIsAtLeast).toBeUndefined();
  });
});
