import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { secrets } from "@/db/schema";
import { resetEnvCache } from "@/lib/env";
import { api, memberCookie, newTenant, uniq } from "./api";
import { startSlowApi, type SlowApi } from "./support/slow-api";

// Issue 15 part 6: developers and admins may "Save without testing" from the dashboard
// (`verify: false`; the credential is then Unverified), and a dry run the browser cancels
// stores nothing, even when the provider answers after the cancel.

const saved = process.env.OUTBOUND_ALLOW_HOSTS;
const XRW = { "x-requested-with": "fetch" };
// Nothing listens on port 9 of 127.0.0.1: a dry run against it would fail, so a 201 proves it was skipped.
const DEAD = "http://127.0.0.1:9";
const httpApi = (baseUrl: string, extra: Record<string, unknown> = {}) => ({
  name: uniq("c"),
  type: "BEARER",
  componentId: "http-api",
  value: { token: uniq("tok") },
  config: { baseUrl },
  ...extra,
});

let slow: SlowApi;
beforeAll(async () => {
  slow = await startSlowApi();
  process.env.OUTBOUND_ALLOW_HOSTS = "127.0.0.1";
  resetEnvCache();
});
afterAll(async () => {
  if (saved === undefined) delete process.env.OUTBOUND_ALLOW_HOSTS;
  else process.env.OUTBOUND_ALLOW_HOSTS = saved;
  resetEnvCache();
  await slow.close();
});

describe("Save without testing from the dashboard", () => {
  it.each(["developer", "admin"] as const)(
    "a %s may create with verify: false; it is stored unverified",
    async (role) => {
      const t = await newTenant();
      const cookie = await memberCookie(t.tenantId, role);
      const r = await api("POST", "/api/v1/secrets", { cookie, headers: XRW, body: httpApi(DEAD, { verify: false }) });
      expect(r.status).toBe(201);
      expect(r.body.data.lastVerifiedAt).toBeNull();
      // Without verify: false the same credential is tested and refused.
      const tested = await api("POST", "/api/v1/secrets", { cookie, headers: XRW, body: httpApi(DEAD) });
      expect(tested.status).toBe(422);
    },
  );

  it("a developer may patch with verify: false", async () => {
    const t = await newTenant();
    const cookie = await memberCookie(t.tenantId, "developer");
    const c = await api("POST", "/api/v1/secrets", { cookie, headers: XRW, body: httpApi(DEAD, { verify: false }) });
    const r = await api("PATCH", `/api/v1/secrets/${c.body.data.id}`, {
      cookie,
      headers: XRW,
      body: { value: { token: uniq("tok") }, verify: false },
    });
    expect(r.status).toBe(200);
    const refused = await api("PATCH", `/api/v1/secrets/${c.body.data.id}`, {
      cookie,
      headers: XRW,
      body: { value: { token: uniq("tok") } },
    });
    expect(refused.status).toBe(422);
  });

  it("a viewer still may not create at all, and a connect session may still not skip", async () => {
    const t = await newTenant();
    const viewer = await memberCookie(t.tenantId, "viewer");
    const v = await api("POST", "/api/v1/secrets", {
      cookie: viewer,
      headers: XRW,
      body: httpApi(DEAD, { verify: false }),
    });
    expect(v.status).toBe(403);
    const cs = await api("POST", "/api/v1/connect-sessions", { token: t.apiKey, body: { username: uniq("u") } });
    expect(cs.status).toBe(201);
    const s = await api("POST", "/api/v1/secrets", {
      token: cs.body.data.token,
      body: httpApi(DEAD, { verify: false }),
    });
    expect(s.status).toBe(403);
  });
});

describe("a cancelled dry run", () => {
  const stored = async (tenantId: string, name: string) =>
    (await getDb())
      .select({ id: secrets.id })
      .from(secrets)
      .where(and(eq(secrets.tenantId, tenantId), eq(secrets.name, name)));

  it("stores nothing on create, though the provider answers 200 after the cancel", async () => {
    const t = await newTenant();
    const cookie = await memberCookie(t.tenantId, "developer");
    const body = httpApi(slow.url);
    const abort = new AbortController();
    const before = slow.count();
    const pending = api("POST", "/api/v1/secrets", { cookie, headers: XRW, body, signal: abort.signal });
    await slow.arrived(before + 1);
    abort.abort();
    slow.release();
    const r = await pending;
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/cancelled/);
    expect(await stored(t.tenantId, body.name)).toHaveLength(0);
  });

  it("changes nothing on a patch", async () => {
    const t = await newTenant();
    const cookie = await memberCookie(t.tenantId, "developer");
    const c = await api("POST", "/api/v1/secrets", { cookie, headers: XRW, body: httpApi(DEAD, { verify: false }) });
    const abort = new AbortController();
    const before = slow.count();
    const name = uniq("renamed");
    const pending = api("PATCH", `/api/v1/secrets/${c.body.data.id}`, {
      cookie,
      headers: XRW,
      body: { name, config: { baseUrl: slow.url }, value: { token: uniq("tok") } },
      signal: abort.signal,
    });
    await slow.arrived(before + 1);
    abort.abort();
    slow.release();
    expect((await pending).status).toBe(400);
    expect(await stored(t.tenantId, name)).toHaveLength(0);
  });
});
