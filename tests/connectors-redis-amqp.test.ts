import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, newTenant } from "./api";
import { startFakeTds, type FakeTds } from "./fakes/fake-tds";
import { testServerUrl } from "./support/test-servers";
import { allowOutboundForFile } from "./support/native-checks";

// REDIS and AMQP credentials through the REST API, proved against the real redis-server and
// RabbitMQ the test runner starts (scripts/start-redis.sh, scripts/start-rabbitmq.sh), and
// MSSQL against a loopback TDS fake (tests/fakes/fake-tds.ts: no SQL Server package here). A
// missing variable fails the tests: a skipped check would hide a broken CI.
const need = testServerUrl;

allowOutboundForFile();

type Case = {
  componentId: string;
  type: "REDIS" | "AMQP";
  value: () => Record<string, unknown>;
  /** The same server reached another way (an ACL user, the vhost spelled as given). */
  edit: (v: Record<string, unknown>) => Record<string, unknown>;
  /** What `connection.url` must say, from the value. */
  url: (v: Record<string, unknown>) => { protocol: string; path: string };
  /** A value the server refuses, and the class it must answer. */
  refused: (v: Record<string, unknown>) => [Record<string, unknown>, string];
};

const cases: Case[] = [
  {
    componentId: "redis",
    type: "REDIS",
    value: () => {
      const u = need("TEST_REDIS_URL");
      return {
        host: u.hostname,
        port: Number(u.port),
        password: decodeURIComponent(u.password),
        database: 1,
        tls: "disable",
      };
    },
    edit: (v) => ({ ...v, username: "ictest", password: "ictest-user-pw", database: 2 }),
    url: (v) => ({ protocol: "redis:", path: `/${v.database}` }),
    refused: (v) => [{ ...v, database: 99 }, "not_found"],
  },
  {
    componentId: "rabbitmq",
    type: "AMQP",
    value: () => {
      const u = need("TEST_AMQP_URL");
      return {
        host: u.hostname,
        port: Number(u.port),
        vhost: decodeURIComponent(u.pathname.slice(1)),
        username: decodeURIComponent(u.username),
        password: decodeURIComponent(u.password),
        tls: "disable",
      };
    },
    edit: (v) => ({ ...v, port: String(v.port) }),
    url: (v) => ({ protocol: "amqp:", path: `/${encodeURIComponent(String(v.vhost))}` }),
    refused: (v) => [{ ...v, vhost: "ic-missing-vhost" }, "not_found"],
  },
];

describe.each(cases)("$type through the API, against the real server", (c) => {
  it("creates (dry run ok), lists masked, reads back, answers connection options, patches and deletes", async () => {
    const t = await newTenant();
    const value = c.value();
    const created = await api("POST", "/api/v1/secrets", {
      token: t.apiKey,
      body: { name: `cache ${c.type}`, type: c.type, value, componentId: c.componentId },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.data.status).toBe("active");
    expect(created.body.data.lastVerifiedAt).not.toBeNull();
    const id = created.body.data.id;

    const list = await api("GET", "/api/v1/secrets", { token: t.apiKey });
    const item = list.body.data.find((s: { id: string }) => s.id === id);
    expect(item.value).toMatchObject({ host: value.host, port: value.port, password: "********" });
    expect(JSON.stringify(list.body)).not.toContain(String(value.password));

    const read = await api("GET", `/api/v1/secrets/${id}`, { token: t.apiKey });
    expect(read.status).toBe(200);
    expect(read.body.data.value).toEqual(value);

    const auth = await api("GET", `/api/v1/secrets/${id}/request-auth`, { token: t.apiKey });
    expect(auth.status).toBe(200);
    expect(auth.body.data).toMatchObject({ headers: {}, query: {}, cookies: {} });
    expect(auth.body.data.connection).toMatchObject({ host: value.host, port: value.port, password: value.password });
    const url = new URL(auth.body.data.connection.url);
    const want = c.url(value);
    expect([url.protocol, url.hostname, Number(url.port), decodeURIComponent(url.password), url.pathname]).toEqual([
      want.protocol,
      value.host,
      value.port,
      value.password,
      want.path,
    ]);

    const edited = c.edit(value);
    const patched = await api("PATCH", `/api/v1/secrets/${id}`, { token: t.apiKey, body: { value: edited } });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    const reread = (await api("GET", `/api/v1/secrets/${id}`, { token: t.apiKey })).body.data.value;
    expect(reread).toMatchObject({ ...edited, port: Number(edited.port) });

    expect((await api("DELETE", `/api/v1/secrets/${id}`, { token: t.apiKey })).status).toBe(204);
    expect((await api("GET", `/api/v1/secrets/${id}`, { token: t.apiKey })).status).toBe(404);
  });

  it("refuses a wrong password with 422 auth_failed and stores nothing", async () => {
    const t = await newTenant();
    const password = `wrong-${Math.random().toString(36).slice(2)}`;
    const bad = await api("POST", "/api/v1/secrets", {
      token: t.apiKey,
      body: { name: "bad", type: c.type, value: { ...c.value(), password }, componentId: c.componentId },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.verification.class).toBe("auth_failed");
    expect(JSON.stringify(bad.body)).not.toContain(password);
    expect((await api("GET", "/api/v1/secrets", { token: t.apiKey })).body.data).toHaveLength(0);
  });

  it("refuses what the server does not have with 422 and the class", async () => {
    const t = await newTenant();
    const [value, cls] = c.refused(c.value());
    const bad = await api("POST", "/api/v1/secrets", {
      token: t.apiKey,
      body: { name: "missing", type: c.type, value, componentId: c.componentId },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.verification.class).toBe(cls);
  });
});

describe("MSSQL through the API (no SQL Server here: a TDS fake, and a closed port)", () => {
  const value = { host: "127.0.0.1", port: 1, database: "app", username: "sa", password: "mssql-api-pw-7d2e" };

  describe("against the TDS fake, which takes sa and this password", () => {
    let tds: FakeTds;
    beforeAll(async () => {
      tds = await startFakeTds({ accept: { username: value.username, password: value.password } });
    });
    afterAll(() => tds.close());

    it("creates (dry run ok), lists masked, reads back, answers connection options and deletes", async () => {
      const t = await newTenant();
      const good = { ...value, port: tds.port, sslMode: "disable" };
      const before = tds.statements().length;
      const created = await api("POST", "/api/v1/secrets", {
        token: t.apiKey,
        body: { name: "sql", type: "MSSQL", value: good, componentId: "sql-server" },
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect(created.body.data.status).toBe("active");
      expect(created.body.data.lastVerifiedAt).not.toBeNull();
      expect(tds.statements().slice(before)).toContain("SELECT 1"); // the dry run logged in and queried
      expect(JSON.stringify(created.body)).not.toContain(value.password);
      const id = created.body.data.id;

      const list = await api("GET", "/api/v1/secrets", { token: t.apiKey });
      const item = list.body.data.find((s: { id: string }) => s.id === id);
      expect(item.value).toMatchObject({
        host: "127.0.0.1",
        port: tds.port,
        username: "sa",
        password: expect.stringMatching(/^\*{4}/),
      });
      expect(JSON.stringify(list.body)).not.toContain(value.password);

      const read = await api("GET", `/api/v1/secrets/${id}`, { token: t.apiKey });
      expect(read.status).toBe(200);
      expect(read.body.data.value).toEqual(good);

      const auth = await api("GET", `/api/v1/secrets/${id}/request-auth`, { token: t.apiKey });
      expect(auth.status).toBe(200);
      expect(auth.body.data.connection).toEqual({
        host: "127.0.0.1",
        port: tds.port,
        database: "app",
        username: "sa",
        password: value.password,
        sslMode: "disable",
        encrypt: false,
        trustServerCertificate: true,
        connectionString: `Server=tcp:127.0.0.1,${tds.port};Database=app;User Id=sa;Password=${value.password};Encrypt=false;TrustServerCertificate=true`,
      });

      expect((await api("DELETE", `/api/v1/secrets/${id}`, { token: t.apiKey })).status).toBe(204);
      expect((await api("GET", `/api/v1/secrets/${id}`, { token: t.apiKey })).status).toBe(404);
    });

    it("refuses a wrong password with 422 auth_failed and stores nothing", async () => {
      const t = await newTenant();
      const password = `wrong-${Math.random().toString(36).slice(2)}`;
      const bad = await api("POST", "/api/v1/secrets", {
        token: t.apiKey,
        body: {
          name: "sql",
          type: "MSSQL",
          value: { ...value, port: tds.port, password, sslMode: "disable" },
          componentId: "sql-server",
        },
      });
      expect(bad.status).toBe(422);
      expect(bad.body.error.verification).toMatchObject({ ok: false, class: "auth_failed", code: "MSSQL_18456" });
      expect(JSON.stringify(bad.body)).not.toContain(password);
      expect((await api("GET", "/api/v1/secrets", { token: t.apiKey })).body.data).toHaveLength(0);
    });
  });

  it("a closed port is 422 network, and the password is in no answer", async () => {
    const t = await newTenant();
    const bad = await api("POST", "/api/v1/secrets", {
      token: t.apiKey,
      body: { name: "sql", type: "MSSQL", value, componentId: "sql-server" },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.verification).toMatchObject({ ok: false, class: "network" });
    expect(JSON.stringify(bad.body)).not.toContain(value.password);
  });

  it("saved without a test (API key, verify: false), it answers its connection options", async () => {
    const t = await newTenant();
    const created = await api("POST", "/api/v1/secrets", {
      token: t.apiKey,
      body: {
        name: "sql",
        type: "MSSQL",
        value: { ...value, sslMode: "verify-full" },
        componentId: "sql-server",
        verify: false,
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const auth = await api("GET", `/api/v1/secrets/${created.body.data.id}/request-auth`, { token: t.apiKey });
    expect(auth.body.data.connection).toMatchObject({
      host: "127.0.0.1",
      port: 1,
      database: "app",
      username: "sa",
      password: value.password,
      encrypt: true,
      trustServerCertificate: false,
      connectionString: `Server=tcp:127.0.0.1,1;Database=app;User Id=sa;Password=${value.password};Encrypt=true;TrustServerCertificate=false`,
    });
  });
});

describe("value validation", () => {
  it.each([
    ["REDIS", { host: "h", password: "p", tls: "on" }, "value.tls"],
    ["REDIS", { host: "h", password: "p", database: -1 }, "value.database"],
    ["AMQP", { host: "h", username: "u", password: "" }, "value.password"],
  ])("%s %j is a 400 on %s", async (type, v, path) => {
    const t = await newTenant();
    const r = await api("POST", "/api/v1/secrets", { token: t.apiKey, body: { name: "x", type, value: v } });
    expect(r.status).toBe(400);
    expect(r.body.error.issues.map((i: { path: string }) => i.path)).toContain(path);
  });
});
