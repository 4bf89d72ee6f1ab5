import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { secrets } from "@/db/schema";
import { runJobOnce } from "@/lib/jobs";
import { api, newTenant, uniq } from "./api";
import { testServerUrl } from "./support/test-servers";
import { allowOutboundForFile } from "./support/native-checks";

/*
 * A native connector credential (a database, a cache, …) stored without a component carries
 * its server in its value, so it is proved like one with a component: the type's own check,
 * against the real redis-server and PostgreSQL the test runner starts. A missing variable
 * fails the tests: a skipped check would hide a broken CI.
 */
const need = testServerUrl;

allowOutboundForFile();

const cases: { type: "REDIS" | "POSTGRES"; value: () => Record<string, unknown> }[] = [
  {
    type: "REDIS",
    value: () => {
      const u = need("TEST_REDIS_URL");
      return { host: u.hostname, port: Number(u.port), password: decodeURIComponent(u.password), tls: "disable" };
    },
  },
  {
    type: "POSTGRES",
    value: () => {
      const u = need("TEST_PG_URL");
      return {
        host: u.hostname,
        port: Number(u.port),
        database: u.pathname.slice(1),
        username: decodeURIComponent(u.username),
        password: decodeURIComponent(u.password),
        sslMode: "disable",
      };
    },
  },
];

const wrong = () => `wrong-${Math.random().toString(36).slice(2)}`;
const row = async (id: string) => {
  const db = await getDb();
  const [r] = await db.select().from(secrets).where(eq(secrets.id, id));
  return r;
};
const dueNow = async (id: string) => {
  const db = await getDb();
  await db
    .update(secrets)
    .set({ nextVerifyAt: sql`now() - interval '1 second'` as never })
    .where(eq(secrets.id, id));
};

describe.each(cases)("$type without a component is proved by its type's own check", (c) => {
  const create = (apiKey: string, value: Record<string, unknown>, extra: object = {}) =>
    api("POST", "/api/v1/secrets", {
      token: apiKey,
      body: { name: uniq(c.type), type: c.type, value, ...extra },
    });

  it("a wrong password is 422 verification_failed (auth_failed) and nothing is stored", async () => {
    const t = await newTenant();
    const password = wrong();
    const bad = await create(t.apiKey, { ...c.value(), password });
    expect(bad.status, JSON.stringify(bad.body)).toBe(422);
    expect(bad.body.error.code).toBe("verification_failed");
    expect(bad.body.error.verification).toMatchObject({ ok: false, class: "auth_failed" });
    expect(JSON.stringify(bad.body)).not.toContain(password);
    expect((await api("GET", "/api/v1/secrets", { token: t.apiKey })).body.meta.total).toBe(0);
  });

  it("a good one is 201, verified; /verify checks it again; a PATCH to a wrong password is refused", async () => {
    const t = await newTenant();
    const value = c.value();
    const created = await create(t.apiKey, value);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.data).toMatchObject({ status: "active", componentId: null });
    expect(created.body.data.lastVerifiedAt).not.toBeNull();
    const id = created.body.data.id;

    const verified = await api("POST", `/api/v1/secrets/${id}/verify`, { token: t.apiKey });
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    expect(verified.body.data).toMatchObject({ ok: true, class: "ok" });

    const password = wrong();
    const patched = await api("PATCH", `/api/v1/secrets/${id}`, {
      token: t.apiKey,
      body: { value: { ...value, password } },
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(422);
    expect(patched.body.error.verification).toMatchObject({ class: "auth_failed" });
    expect((await api("GET", `/api/v1/secrets/${id}`, { token: t.apiKey })).body.data.value).toEqual(value);
  });

  it("verify: false still stores it unchecked (an API caller); /verify then finds it refused", async () => {
    const t = await newTenant();
    const password = wrong();
    const created = await create(t.apiKey, { ...c.value(), password }, { verify: false });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.data.lastVerifiedAt).toBeNull();
    const id = created.body.data.id;

    const verified = await api("POST", `/api/v1/secrets/${id}/verify`, { token: t.apiKey });
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    expect(verified.body.data).toMatchObject({ ok: false, class: "auth_failed" });
    const read = await api("GET", `/api/v1/secrets/${id}`, { token: t.apiKey });
    expect(read.body.data).toMatchObject({ status: "error" });
    expect(read.body.data.lastVerifiedAt).not.toBeNull();
  });

  it("the scheduled re-verification checks it like a component's credential", async () => {
    const t = await newTenant();
    const good = await create(t.apiKey, c.value(), { verify: false });
    const bad = await create(t.apiKey, { ...c.value(), password: wrong() }, { verify: false });
    expect([good.status, bad.status]).toEqual([201, 201]);
    await dueNow(good.body.data.id);
    await dueNow(bad.body.data.id);
    expect(await runJobOnce("reverify", { tenantId: t.tenantId })).toBe(2);
    const [g, b] = [await row(good.body.data.id), await row(bad.body.data.id)];
    expect(g).toMatchObject({ status: "active", verifyFailures: 0 });
    expect(g.lastVerifiedAt).not.toBeNull();
    expect(b).toMatchObject({ status: "error", verifyFailures: 1 });
    expect(b.lastVerifiedAt).not.toBeNull();
  });
});

describe("an HTTP credential without a component", () => {
  it("has nothing to be sent to: stored unverified, and /verify is 400", async () => {
    const t = await newTenant();
    const created = await api("POST", "/api/v1/secrets", {
      token: t.apiKey,
      body: { name: "plain", type: "BEARER", value: { token: uniq("tok") } },
    });
    expect(created.status).toBe(201);
    expect(created.body.data.lastVerifiedAt).toBeNull();
    const verified = await api("POST", `/api/v1/secrets/${created.body.data.id}/verify`, { token: t.apiKey });
    expect(verified.status).toBe(400);
  });
});
