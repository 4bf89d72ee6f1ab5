import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { idempotencyKeys } from "@/db/schema";
import { pruneIdempotencyKeys } from "@/lib/api/idempotency";
import { api, newTenant, uniq, userToken } from "./api";
import { startSlowApi, type SlowApi } from "./support/slow-api";
import { allowOutboundForFile } from "./support/native-checks";

// Idempotency-Key on POST /api/v1/secrets: a retried create answers the first result and
// stores nothing new. Runs on PGlite and PostgreSQL; the many-connection race is in
// idempotency.pg.test.ts.

allowOutboundForFile();

const bearer = (name: string, token = `tok-${uniq()}`) => ({
  name,
  type: "BEARER",
  value: { token },
  componentId: "http-api",
  config: { baseUrl: "http://127.0.0.1:9" },
  verify: false,
});
const create = (token: string, body: unknown, key?: string) =>
  api("POST", "/api/v1/secrets", { token, body, headers: key ? { "Idempotency-Key": key } : {} });
const total = async (token: string) => (await api("GET", "/api/v1/secrets", { token })).body.meta.total;

describe("Idempotency-Key on POST /api/v1/secrets", () => {
  it("answers a retry with the same key and body with the first result and stores nothing new", async () => {
    const t = await newTenant();
    const key = uniq("key");
    const token = `tok-${uniq()}`;
    const body = bearer("first", token);
    const first = await create(t.apiKey, body, key);
    expect(first.status).toBe(201);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const again = await create(t.apiKey, body, key);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.headers.get("cache-control")).toBe("no-store");
    expect(await total(t.apiKey)).toBe(1);

    // Without a key, the same body is a second credential.
    expect((await create(t.apiKey, body)).status).toBe(201);
    expect(await total(t.apiKey)).toBe(2);

    // What is kept is the masked answer and an HMAC: never the value.
    const db = await getDb();
    const rows = await db.select().from(idempotencyKeys).where(eq(idempotencyKeys.tenantId, t.tenantId));
    expect(rows).toHaveLength(1);
    expect(rows[0].status).toBe(201);
    expect(JSON.stringify(rows[0])).not.toContain(token);
  });

  it("refuses the same key with a different body with 409 conflict, storing nothing", async () => {
    const t = await newTenant();
    const key = uniq("key");
    expect((await create(t.apiKey, bearer("a"), key)).status).toBe(201);
    const other = await create(t.apiKey, bearer("b"), key);
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe("conflict");
    expect(await total(t.apiKey)).toBe(1);
  });

  it("scopes keys per tenant and per caller", async () => {
    const [a, b] = await Promise.all([newTenant(), newTenant()]);
    const key = uniq("key");
    const body = bearer("shared");
    const fromA = await create(a.apiKey, body, key);
    const fromB = await create(b.apiKey, body, key);
    expect(fromB.status).toBe(201);
    expect(fromB.body.data.id).not.toBe(fromA.body.data.id);
    expect(fromB.headers.get("idempotent-replayed")).toBeNull();

    // An end user of tenant A with the same key is another caller: its own create, not A's answer.
    const user = await userToken(a.apiKey, uniq("user"));
    const fromUser = await create(user, body, key);
    expect(fromUser.status).toBe(201);
    expect(fromUser.body.data.id).not.toBe(fromA.body.data.id);
    expect(fromUser.headers.get("idempotent-replayed")).toBeNull();
  });

  it("keeps no error: after a refused create the key runs again", async () => {
    const t = await newTenant();
    const key = uniq("key");
    const bad = await create(t.apiKey, { ...bearer("bad"), value: {} }, key);
    expect(bad.status).toBe(400);
    const good = await create(t.apiKey, bearer("good"), key);
    expect(good.status).toBe(201);
    expect(good.headers.get("idempotent-replayed")).toBeNull();
    expect(await total(t.apiKey)).toBe(1);
  });

  it("refuses an invalid key", async () => {
    const t = await newTenant();
    for (const key of ["has space", "x".repeat(256)]) {
      const r = await create(t.apiKey, bearer("k"), key);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe("validation_failed");
    }
    expect(await total(t.apiKey)).toBe(0);
  });

  it("forgets keys after 24 hours: an expired key runs again, and pruning deletes it", async () => {
    const t = await newTenant();
    const key = uniq("key");
    const first = await create(t.apiKey, bearer("old"), key);
    const db = await getDb();
    const mine = and(eq(idempotencyKeys.tenantId, t.tenantId), eq(idempotencyKeys.key, key));
    await db
      .update(idempotencyKeys)
      .set({ createdAt: sql`now() - interval '24 hours 1 minute'` })
      .where(mine);
    const later = await create(t.apiKey, bearer("new"), key);
    expect(later.status).toBe(201);
    expect(later.body.data.id).not.toBe(first.body.data.id);
    expect(await total(t.apiKey)).toBe(2);

    await db
      .update(idempotencyKeys)
      .set({ createdAt: sql`now() - interval '25 hours'` })
      .where(mine);
    expect(await pruneIdempotencyKeys(db)).toBeGreaterThanOrEqual(1);
    expect(await db.select().from(idempotencyKeys).where(mine)).toHaveLength(0);
  });

  describe("while the first request still runs", () => {
    let slow: SlowApi;
    beforeAll(async () => {
      slow = await startSlowApi();
    });
    afterAll(() => slow.close());

    it("answers a second request with the key 409 conflict with Retry-After, then replays the result", async () => {
      const t = await newTenant();
      const key = uniq("key");
      const body = { ...bearer("slow"), verify: undefined, config: { baseUrl: slow.url } };
      const before = slow.count();
      const first = create(t.apiKey, body, key);
      await slow.arrived(before + 1);

      const second = await create(t.apiKey, body, key);
      expect(second.status).toBe(409);
      expect(second.body.error.code).toBe("conflict");
      expect(Number(second.headers.get("retry-after"))).toBeGreaterThan(0);

      slow.release();
      const done = await first;
      expect(done.status).toBe(201);
      const retry = await create(t.apiKey, body, key);
      expect(retry.status).toBe(201);
      expect(retry.body).toEqual(done.body);
      expect(slow.count()).toBe(before + 1); // the dry run ran once
      expect(await total(t.apiKey)).toBe(1);
    });
  });
});
