import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { FORBIDDEN_TOKEN, GOOD, startFakeApi, type FakeApi } from "./fakes/fake-api";
import { api, memberCookie, newTenant } from "./api";

let fake: FakeApi;
const saved = process.env.OUTBOUND_ALLOW_HOSTS;
const allowLoopback = (on: boolean) => {
  if (on) process.env.OUTBOUND_ALLOW_HOSTS = "127.0.0.1";
  else delete process.env.OUTBOUND_ALLOW_HOSTS;
  resetEnvCache();
};

beforeAll(async () => {
  fake = await startFakeApi();
  allowLoopback(true);
});
afterAll(async () => {
  await fake.close();
  if (saved === undefined) delete process.env.OUTBOUND_ALLOW_HOSTS;
  else process.env.OUTBOUND_ALLOW_HOSTS = saved;
  resetEnvCache();
});

const httpApi = (type: string, value: object, testPath = "/check") => ({
  name: `HTTP ${type}`,
  type,
  value,
  componentId: "http-api",
  config: { baseUrl: fake.url, testPath },
});

describe("dry runs against a real local HTTP API", () => {
  const good: [string, object][] = [
    ["SIMPLE", GOOD.basic],
    ["BEARER", { token: GOOD.bearer }],
    ["API_KEY", { key: GOOD.apiKey }],
    ["API_KEY", { key: GOOD.apiKey, location: "query" }],
    ["API_KEY", { key: GOOD.apiKey, location: "cookie" }],
    ["HTTP_HEADERS", { headers: { [GOOD.header.name]: GOOD.header.value } }],
  ];
  it.each(good)("good %s %j is verified and stored", async (type, value) => {
    const t = await newTenant();
    const r = await api("POST", "/api/v1/secrets", { token: t.apiKey, body: httpApi(type, value) });
    expect(r.status).toBe(201);
    expect(r.body.data.lastVerifiedAt).not.toBeNull();
    expect(r.body.data.config).toEqual({ baseUrl: fake.url, testPath: "/check" });
  });

  const bad: [string, object, string, number][] = [
    ["SIMPLE", { username: "alice", passphrase: "wrong" }, "auth_failed", 401],
    ["BEARER", { token: "wrong" }, "auth_failed", 401],
    ["BEARER", { token: FORBIDDEN_TOKEN }, "forbidden", 403],
    ["API_KEY", { key: "wrong", location: "query" }, "auth_failed", 401],
    ["API_KEY", { key: "wrong", location: "cookie" }, "auth_failed", 401],
    ["HTTP_HEADERS", { headers: { [GOOD.header.name]: "wrong" } }, "auth_failed", 401],
  ];
  it.each(bad)("bad %s %j → 422 %s and nothing stored", async (type, value, cls, status) => {
    const t = await newTenant();
    const r = await api("POST", "/api/v1/secrets", { token: t.apiKey, body: httpApi(type, value) });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe("verification_failed");
    expect(r.body.error.verification).toMatchObject({ ok: false, class: cls, status });
    expect(r.body.error.message).toContain(String(status));
    expect(JSON.stringify(r.body)).not.toContain('"status":' + status + ',"body"');
    expect((await api("GET", "/api/v1/secrets", { token: t.apiKey })).body.meta.total).toBe(0);
  });

  it("NO_AUTH passes against an open endpoint; a 404 path is not_found", async () => {
    const t = await newTenant();
    expect(
      (await api("POST", "/api/v1/secrets", { token: t.apiKey, body: httpApi("NO_AUTH", {}, "/open") })).status,
    ).toBe(201);
    const r = await api("POST", "/api/v1/secrets", { token: t.apiKey, body: httpApi("NO_AUTH", {}, "/missing") });
    expect(r.body.error.verification.class).toBe("not_found");
  });

  it("verify:false skips the dry run for API callers and dashboard writers (Save without testing)", async () => {
    const t = await newTenant();
    const hits = fake.hits();
    const r = await api("POST", "/api/v1/secrets", {
      token: t.apiKey,
      body: { ...httpApi("BEARER", { token: "wrong" }), verify: false },
    });
    expect(r.status).toBe(201);
    expect(r.body.data.lastVerifiedAt).toBeNull();
    expect(fake.hits()).toBe(hits);
    // Issue 15: admins and developers may "Save without testing"; the credential is then unverified.
    const admin = await api("POST", "/api/v1/secrets", {
      cookie: await memberCookie(t.tenantId, "admin"),
      headers: { "x-requested-with": "fetch" },
      body: { ...httpApi("BEARER", { token: "wrong" }), verify: false },
    });
    expect(admin.status).toBe(201);
    expect(admin.body.data.lastVerifiedAt).toBeNull();
    expect(fake.hits()).toBe(hits);
    const developer = await api("POST", "/api/v1/secrets", {
      cookie: await memberCookie(t.tenantId, "developer"),
      headers: { "x-requested-with": "fetch" },
      body: { ...httpApi("BEARER", { token: "wrong" }), verify: false },
    });
    expect(developer.status).toBe(201);
    expect(fake.hits()).toBe(hits);
    // Viewers write nothing, and connect sessions always test: tests/dry-run-skip-cancel.test.ts.
  });

  it("re-verifies a stored secret and records the status; PATCH re-verifies a new value", async () => {
    const t = await newTenant();
    const c = await api("POST", "/api/v1/secrets", {
      token: t.apiKey,
      body: { ...httpApi("BEARER", { token: "wrong" }), verify: false },
    });
    const id = c.body.data.id;
    const v = await api("POST", `/api/v1/secrets/${id}/verify`, { token: t.apiKey });
    expect(v.body.data).toMatchObject({ ok: false, class: "auth_failed", status: 401 });
    expect(typeof v.body.data.durationMs).toBe("number");
    const after = await api("GET", "/api/v1/secrets", { token: t.apiKey });
    expect(after.body.data[0]).toMatchObject({ status: "error", statusDetail: expect.stringContaining("401") });
    expect(after.body.data[0].lastVerifiedAt).not.toBeNull();

    const badPatch = await api("PATCH", `/api/v1/secrets/${id}`, {
      token: t.apiKey,
      body: { value: { token: "still-wrong" } },
    });
    expect(badPatch.status).toBe(422);
    const goodPatch = await api("PATCH", `/api/v1/secrets/${id}`, {
      token: t.apiKey,
      body: { value: { token: GOOD.bearer } },
    });
    expect(goodPatch.status).toBe(200);
    expect(goodPatch.body.data.status).toBe("active");
    const badConfig = await api("PATCH", `/api/v1/secrets/${id}`, {
      token: t.apiKey,
      body: { config: { baseUrl: fake.url, testPath: "/missing" } },
    });
    expect(badConfig.status).toBe(422);
    expect((await api("GET", `/api/v1/secrets/${id}`, { token: t.apiKey })).body.data.config.testPath).toBe("/check");
  });

  it("a redirect is not followed: the 302 fails the dry run", async () => {
    const t = await newTenant();
    const r = await api("POST", "/api/v1/secrets", { token: t.apiKey, body: httpApi("NO_AUTH", {}, "/redirect") });
    expect(r.status).toBe(422);
    expect(r.body.error.verification.status).toBe(302);
  });

  it("without an allow-list, loopback is blocked before any connection", async () => {
    const t = await newTenant();
    allowLoopback(false);
    try {
      const hits = fake.hits();
      const r = await api("POST", "/api/v1/secrets", {
        token: t.apiKey,
        body: httpApi("BEARER", { token: GOOD.bearer }),
      });
      expect(r.status).toBe(422);
      expect(r.body.error.verification.class).toBe("blocked");
      expect(fake.hits()).toBe(hits);
    } finally {
      allowLoopback(true);
    }
  });
});

describe("catalogue checks on create", () => {
  it.each([
    [{ name: "x", type: "BEARER", value: { token: "t" }, componentId: "no-such-app" }, "componentId"],
    [{ name: "x", type: "BEARER", value: { token: "t" }, componentId: "postgresql" }, "type"],
    [{ name: "x", type: "BEARER", value: { token: "t" }, componentId: "http-api" }, "config.baseUrl"],
    [
      { name: "x", type: "BEARER", value: { token: "t" }, componentId: "http-api", config: { baseUrl: "ftp://x" } },
      "config.baseUrl",
    ],
    [
      {
        name: "x",
        type: "BEARER",
        value: { token: "t" },
        componentId: "http-api",
        config: { baseUrl: "https://a.example", nope: "1" },
      },
      "config.nope",
    ],
  ])("%j → 400 at %s", async (body, path) => {
    const t = await newTenant();
    const r = await api("POST", "/api/v1/secrets", { token: t.apiKey, body });
    expect(r.status).toBe(400);
    expect(r.body.error.issues.map((i: { path: string }) => i.path)).toContain(path);
  });

  it("request-auth follows the component's rules and request defaults", async () => {
    const t = await newTenant();
    const c = await api("POST", "/api/v1/secrets", {
      token: t.apiKey,
      body: { name: "claude", type: "API_KEY", value: { key: "sk-ant-test" }, componentId: "anthropic", verify: false },
    });
    expect(c.status).toBe(201);
    const r = await api("GET", `/api/v1/secrets/${c.body.data.id}/request-auth`, { token: t.apiKey });
    expect(r.body.data.headers).toMatchObject({ "x-api-key": "sk-ant-test", "anthropic-version": expect.any(String) });
  });
});

describe("database dry runs against real servers", () => {
  const fromUrl = (raw: string | undefined, name: string) => {
    if (!raw) throw new Error(`${name} is not set: npm test starts the servers and sets it`);
    const u = new URL(raw);
    return {
      host: u.hostname,
      port: Number(u.port),
      database: u.pathname.slice(1),
      username: decodeURIComponent(u.username),
      password: decodeURIComponent(u.password),
      sslMode: "disable",
    };
  };
  it.each([
    ["postgresql", "POSTGRES", "TEST_PG_URL"],
    ["mysql", "MYSQL", "TEST_MYSQL_URL"],
  ])("%s: good credentials are stored, a wrong password is refused", async (componentId, type, envName) => {
    const value = fromUrl(process.env[envName], envName);
    const t = await newTenant();
    const good = await api("POST", "/api/v1/secrets", {
      token: t.apiKey,
      body: { name: componentId, type, value, componentId },
    });
    expect(good.status).toBe(201);
    expect(good.body.data.lastVerifiedAt).not.toBeNull();
    const bad = await api("POST", "/api/v1/secrets", {
      token: t.apiKey,
      body: { name: componentId, type, value: { ...value, password: "wrong-password" }, componentId },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.verification.class).toBe("auth_failed");
    expect(JSON.stringify(bad.body)).not.toContain("wrong-password");
  });
});

describe("components API", () => {
  it("lists at least 60 components in the documented shape and 404s unknown ids", async () => {
    const t = await newTenant();
    const r = await api("GET", "/api/v1/components", { token: t.apiKey });
    expect(r.body.data.length).toBeGreaterThanOrEqual(60);
    const http = r.body.data.find((c: { id: string }) => c.id === "http-api");
    expect(http).toMatchObject({
      name: "HTTP API",
      hasDryRun: true,
      authTypes: expect.arrayContaining(["API_KEY", "SIMPLE"]),
    });
    expect(http.fields.map((f: { name: string }) => f.name)).toEqual(["baseUrl", "testPath"]);
    const slack = await api("GET", "/api/v1/components/slack", { token: t.apiKey });
    expect(slack.body.data.oauth.defaultScopes.length).toBeGreaterThan(0);
    expect(slack.body.data).not.toHaveProperty("dryRun");
    expect((await api("GET", "/api/v1/components/nope", { token: t.apiKey })).status).toBe(404);
  });
});
