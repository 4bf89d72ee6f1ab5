import { describe, expect, it } from "vitest";
import { api, memberCookie, newTenant, uniq, userToken } from "./api";

/** Native connector types are proved against their server even without a component: these hosts do not exist. */
const unchecked = (type: string) => (type === "POSTGRES" || type === "MYSQL" ? { verify: false } : {});

const values: Record<string, Record<string, unknown>> = {
  NO_AUTH: {},
  SIMPLE: { username: "alice", passphrase: "s3cret-passphrase" },
  API_KEY: { key: "key-1234567890abcdef", location: "query", headerName: "api_key", prefix: "Key " },
  BEARER: { token: "tok-1234567890abcdef" },
  HTTP_HEADERS: { headers: { "X-One": "1111111111111111", "X-Two": "two" } },
  OA2_AUTHORIZATION_CODE: {
    accessToken: "at-123",
    refreshToken: "rt-456",
    scope: "read write",
    expires: "2030-01-01T00:00:00.000Z",
    externalId: "ext-1",
  },
  POSTGRES: {
    host: "db.example.com",
    port: 5432,
    database: "app",
    username: "u",
    password: "pw-1234567890abcdef",
    sslMode: "require",
  },
  MYSQL: {
    host: "db.example.com",
    port: 3306,
    database: "app",
    username: "u",
    password: "pw-1234567890abcdef",
    sslMode: "disable",
  },
};

describe("secrets: every type", () => {
  it.each(Object.entries(values))("%s is created, listed masked and read back whole", async (type, value) => {
    const { apiKey } = await newTenant();
    const token = await userToken(apiKey, uniq("user"));
    const created = await api("POST", "/api/v1/secrets", {
      token,
      body: { name: `my ${type}`, type, value, ...unchecked(type) },
    });
    expect(created.status).toBe(201);
    expect(created.body.data.type).toBe(type);
    const id = created.body.data.id;
    expect(created.body.data._id).toBe(id);

    const list = await api("GET", "/api/v1/secrets", { token });
    const item = list.body.data.find((s: { id: string }) => s.id === id);
    expect(item.owners[0].type).toBe("USER");
    const secretStrings = JSON.stringify(value).match(/(s3cret|1234567890abcdef|at-123|rt-456)/g) ?? [];
    for (const s of secretStrings) expect(JSON.stringify(list.body)).not.toContain(s);
    expect(JSON.stringify(created.body)).not.toContain("s3cret-passphrase");

    const read = await api("GET", `/api/v1/secrets/${id}`, { token });
    expect(read.status).toBe(200);
    expect(read.headers.get("cache-control")).toBe("no-store");
    expect(read.body.data.value).toEqual(value);
    expect(read.body.data.name).toBe(`my ${type}`);
    expect(read.body.data.lastUsedAt).not.toBeNull();
  });

  it("reads in the documented FlowMate shape", async () => {
    const { apiKey } = await newTenant();
    const token = await userToken(apiKey, uniq("user"));
    const created = await api("POST", "/api/v1/secrets", {
      token,
      body: { data: { name: "FlowMate", type: "SIMPLE", value: { username: "u", passphrase: "p" } } },
    });
    const read = await api("GET", `/api/v1/secrets/${created.body.data.id}`, { token });
    expect(read.body).toMatchObject({
      data: {
        _id: created.body.data.id,
        name: "FlowMate",
        type: "SIMPLE",
        owners: [{ id: expect.any(String), type: "USER" }],
        value: { username: "u", passphrase: "p" },
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      },
    });
  });

  it("renders request auth for each HTTP type", async () => {
    const { apiKey } = await newTenant();
    const cases: [string, Record<string, unknown>, object][] = [
      [
        "SIMPLE",
        { username: "a", passphrase: "b" },
        { headers: { Authorization: `Basic ${Buffer.from("a:b").toString("base64")}` } },
      ],
      ["API_KEY", { key: "k1", location: "header", headerName: "X-Key" }, { headers: { "X-Key": "k1" } }],
      ["API_KEY", { key: "k2", location: "query" }, { query: { api_key: "k2" } }],
      ["API_KEY", { key: "k3", location: "cookie", headerName: "sid", prefix: "v1:" }, { cookies: { sid: "v1:k3" } }],
      ["BEARER", { token: "t" }, { headers: { Authorization: "Bearer t" } }],
      ["BEARER", { token: "t", headerName: "X-Auth", prefix: "Token " }, { headers: { "X-Auth": "Token t" } }],
      ["HTTP_HEADERS", { headers: { "X-A": "1" } }, { headers: { "X-A": "1" } }],
      ["OA2_AUTHORIZATION_CODE", { accessToken: "at" }, { headers: { Authorization: "Bearer at" } }],
    ];
    for (const [type, value, expected] of cases) {
      const c = await api("POST", "/api/v1/secrets", { token: apiKey, body: { name: type, type, value } });
      const r = await api("GET", `/api/v1/secrets/${c.body.data.id}/request-auth`, { token: apiKey });
      expect(r.body.data).toEqual({ headers: {}, query: {}, cookies: {}, ...expected });
    }
    const pg = await api("POST", "/api/v1/secrets", {
      token: apiKey,
      body: { name: "pg", type: "POSTGRES", value: values.POSTGRES, verify: false },
    });
    // A native connector type answers the connection options a client library needs.
    const pgAuth = await api("GET", `/api/v1/secrets/${pg.body.data.id}/request-auth`, { token: apiKey });
    expect(pgAuth.status).toBe(200);
    const v = values.POSTGRES as Record<string, string | number>;
    expect(pgAuth.body.data).toMatchObject({ headers: {}, query: {}, cookies: {} });
    expect(pgAuth.body.data.connection).toMatchObject({
      host: v.host,
      database: v.database,
      username: v.username,
      password: v.password,
    });
    const url = new URL(pgAuth.body.data.connection.url);
    expect([url.protocol, url.hostname, decodeURIComponent(url.password), url.pathname.slice(1)]).toEqual([
      "postgres:",
      v.host,
      v.password,
      v.database,
    ]);
    expect(url.searchParams.get("sslmode")).toBe(pgAuth.body.data.connection.sslMode);
    // A signing key is neither: it is used through the signing routes, not applied.
    const hs = await api("POST", "/api/v1/secrets", {
      token: apiKey,
      body: { name: "hs", type: "HS256", value: { secret: "s".repeat(43) } },
    });
    expect(hs.status).toBe(201);
    expect((await api("GET", `/api/v1/secrets/${hs.body.data.id}/request-auth`, { token: apiKey })).status).toBe(400);
  });
});

describe("secrets: bad input stores nothing", () => {
  const bad: [string, unknown, string?][] = [
    ["unknown type", { name: "x", type: "MAGIC", value: {} }, "type"],
    ["missing value field", { name: "x", type: "SIMPLE", value: { username: "u" } }, "value.passphrase"],
    ["extra value field", { name: "x", type: "SIMPLE", value: { username: "u", passphrase: "p", extra: 1 } }, "value"],
    ["extra top-level field", { name: "x", type: "NO_AUTH", value: {}, owner: "me" }],
    ["wrong field type", { name: "x", type: "BEARER", value: { token: 12 } }, "value.token"],
    ["missing name", { type: "NO_AUTH", value: {} }, "name"],
    ["CR/LF in a header value", { name: "x", type: "HTTP_HEADERS", value: { headers: { "X-A": "ok\r\nX-Evil: 1" } } }],
    ["LF in a bearer token", { name: "x", type: "BEARER", value: { token: "abc\ndef" } }, "value.token"],
    ["NUL in an API key", { name: "x", type: "API_KEY", value: { key: "a\u0000b" } }, "value.key"],
    ["bad header name", { name: "x", type: "HTTP_HEADERS", value: { headers: { "Bad Header": "v" } } }],
    ["unknown workspace", { name: "x", type: "NO_AUTH", value: {}, workspace: "nope" }, "workspace"],
  ];
  it.each(bad)("%s → 400 with issues", async (_, body, path) => {
    const { apiKey } = await newTenant();
    const r = await api("POST", "/api/v1/secrets", { token: apiKey, body });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("validation_failed");
    expect(r.body.error.issues.length).toBeGreaterThan(0);
    if (path) expect(r.body.error.issues.map((i: { path: string }) => i.path)).toContain(path);
    expect((await api("GET", "/api/v1/secrets", { token: apiKey })).body.meta.total).toBe(0);
  });

  it("a 70 KiB body → 413 and nothing stored", async () => {
    const { apiKey } = await newTenant();
    const r = await api("POST", "/api/v1/secrets", {
      token: apiKey,
      body: { name: "big", type: "BEARER", value: { token: "x".repeat(70 * 1024) } },
    });
    expect(r.status).toBe(413);
    expect((await api("GET", "/api/v1/secrets", { token: apiKey })).body.meta.total).toBe(0);
  });

  it("bad JSON → 400 invalid_json", async () => {
    const { apiKey } = await newTenant();
    const r = await api("POST", "/api/v1/secrets", { token: apiKey, raw: '{"name":' });
    expect(r.body.error.code).toBe("invalid_json");
  });

  it("PATCH validates a new value whole and keeps the old one on failure", async () => {
    const { apiKey } = await newTenant();
    const c = await api("POST", "/api/v1/secrets", {
      token: apiKey,
      body: { name: "s", type: "SIMPLE", value: { username: "u", passphrase: "p" } },
    });
    const id = c.body.data.id;
    const bad = await api("PATCH", `/api/v1/secrets/${id}`, { token: apiKey, body: { value: { username: "only" } } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0].path).toBe("value.passphrase");
    expect((await api("GET", `/api/v1/secrets/${id}`, { token: apiKey })).body.data.value.passphrase).toBe("p");
    const good = await api("PATCH", `/api/v1/secrets/${id}`, {
      token: apiKey,
      body: { name: "renamed", value: { username: "u2", passphrase: "p2" } },
    });
    expect(good.status).toBe(200);
    expect(good.body.data.name).toBe("renamed");
    expect(good.body.data.value).toEqual({ username: "u2", passphrase: "********" });
    expect((await api("GET", `/api/v1/secrets/${id}`, { token: apiKey })).body.data.value).toEqual({
      username: "u2",
      passphrase: "p2",
    });
  });
});

describe("secrets: paging and filters", () => {
  it("12 secrets at page size 10: 10 items, total 12, 2 pages", async () => {
    const { apiKey } = await newTenant();
    for (let i = 0; i < 12; i++) {
      await api("POST", "/api/v1/secrets", {
        token: apiKey,
        body: { name: `s${i}`, type: i % 2 ? "NO_AUTH" : "BEARER", value: i % 2 ? {} : { token: "t" } },
      });
    }
    const p1 = await api("GET", "/api/v1/secrets?page[size]=10", { token: apiKey });
    expect(p1.body.data).toHaveLength(10);
    // nextCursor (page[after]) is there because another page follows; the last page has none.
    expect(p1.body.meta).toEqual({ page: 1, perPage: 10, total: 12, totalPages: 2, nextCursor: expect.any(String) });
    const p2 = await api("GET", "/api/v1/secrets?page[size]=10&page[number]=2", { token: apiKey });
    expect(p2.body.data).toHaveLength(2);
    expect(p2.body.meta.nextCursor).toBeUndefined();
    const p0 = await api("GET", "/api/v1/secrets?page[size]=10&page[number]=0", { token: apiKey });
    expect(p0.body.meta.page).toBe(1);
    const big = await api("GET", "/api/v1/secrets?page[size]=500", { token: apiKey });
    expect(big.body.meta.perPage).toBe(100);
    const typed = await api("GET", "/api/v1/secrets?type=BEARER", { token: apiKey });
    expect(typed.body.meta.total).toBe(6);
    expect((await api("GET", "/api/v1/secrets?type=NOPE", { token: apiKey })).status).toBe(400);
    expect((await api("GET", "/api/v1/secrets?page[size]=abc", { token: apiKey })).status).toBe(400);
  });
});

describe("secrets: access rules", () => {
  it("user A cannot read, change or delete user B's secret (404); another tenant gets 404", async () => {
    const t = await newTenant();
    const other = await newTenant();
    const a = await userToken(t.apiKey, uniq("a"));
    const b = await userToken(t.apiKey, uniq("b"));
    const c = await api("POST", "/api/v1/secrets", {
      token: b,
      body: { name: "b's", type: "BEARER", value: { token: "tb" } },
    });
    const id = c.body.data.id;
    for (const [method, path] of [
      ["GET", `/api/v1/secrets/${id}`],
      ["PATCH", `/api/v1/secrets/${id}`],
      ["DELETE", `/api/v1/secrets/${id}`],
      ["GET", `/api/v1/secrets/${id}/usages`],
      ["GET", `/api/v1/secrets/${id}/request-auth`],
    ] as const) {
      const body = method === "PATCH" ? { name: "stolen" } : undefined;
      expect((await api(method, path, { token: a, body })).status).toBe(404);
      expect((await api(method, path, { token: other.apiKey, body })).status).toBe(404);
    }
    expect((await api("GET", "/api/v1/secrets", { token: a })).body.meta.total).toBe(0);
    expect((await api("GET", `/api/v1/secrets/${id}`, { token: b })).body.data.name).toBe("b's");
    expect((await api("GET", `/api/v1/secrets/${id}`, { token: t.apiKey })).status).toBe(200);
  });

  it("a malformed id answers 404", async () => {
    const t = await newTenant();
    for (const id of ["123", "not-a-uuid", "00000000-0000-0000-0000-000000000000"]) {
      const r = await api("GET", `/api/v1/secrets/${id}`, { token: t.apiKey });
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe("not_found");
    }
  });

  it("an API key acts as ?username=, creating the end user on credential passing", async () => {
    const t = await newTenant();
    const name = uniq("cust");
    const c = await api("POST", `/api/v1/secrets?username=${name}`, {
      token: t.apiKey,
      body: { name: "x", type: "BEARER", value: { token: "t" } },
    });
    expect(c.body.data.owners[0].type).toBe("USER");
    const token = await userToken(t.apiKey, name);
    expect((await api("GET", `/api/v1/secrets/${c.body.data.id}`, { token })).status).toBe(200);
    expect((await api("GET", `/api/v1/secrets?username=${name}`, { token: t.apiKey })).body.meta.total).toBe(1);
    expect((await api("GET", `/api/v1/secrets?username=nobody`, { token: t.apiKey })).body.meta.total).toBe(0);
    expect((await api("GET", `/api/v1/secrets/${c.body.data.id}?username=nobody`, { token: t.apiKey })).status).toBe(
      404,
    );
  });

  it("a viewer reads metadata but never values and changes nothing", async () => {
    const t = await newTenant();
    const cookie = await memberCookie(t.tenantId, "viewer");
    const h = { "x-requested-with": "fetch" };
    const c = await api("POST", "/api/v1/secrets", {
      token: t.apiKey,
      body: { name: "x", type: "BEARER", value: { token: "viewer-canary-1234" } },
    });
    const list = await api("GET", "/api/v1/secrets", { cookie });
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).not.toContain("viewer-canary-1234");
    expect((await api("GET", `/api/v1/secrets/${c.body.data.id}`, { cookie })).status).toBe(403);
    expect(
      (await api("POST", "/api/v1/secrets", { cookie, headers: h, body: { name: "v", type: "NO_AUTH", value: {} } }))
        .status,
    ).toBe(403);
    expect((await api("DELETE", `/api/v1/secrets/${c.body.data.id}`, { cookie, headers: h })).status).toBe(403);
  });

  it("a workspace-owned secret from a developer session", async () => {
    const t = await newTenant();
    const cookie = await memberCookie(t.tenantId, "developer");
    const c = await api("POST", "/api/v1/secrets", {
      cookie,
      headers: { "x-requested-with": "fetch" },
      body: { name: "ws", type: "NO_AUTH", value: {} },
    });
    expect(c.status).toBe(201);
    expect(c.body.data.owners[0].type).toBe("WORKSPACE");
    expect(c.body.data.workspace).toBe("production");
  });
});

describe("usages and delete", () => {
  it("an active usage blocks delete (409) until forced by an admin or API key", async () => {
    const t = await newTenant();
    const user = await userToken(t.apiKey, uniq("u"));
    const c = await api("POST", "/api/v1/secrets", { token: user, body: { name: "x", type: "NO_AUTH", value: {} } });
    const id = c.body.data.id;
    const u = await api("POST", `/api/v1/secrets/${id}/usages`, {
      token: user,
      body: { ref: "flow/42", label: "Nightly sync" },
    });
    expect(u.status).toBe(201);
    expect((await api("GET", `/api/v1/secrets/${id}/usages`, { token: user })).body.data).toEqual([
      expect.objectContaining({ ref: "flow/42", label: "Nightly sync", active: true }),
    ]);
    expect((await api("GET", "/api/v1/secrets", { token: user })).body.data[0].usageCount).toBe(1);
    const blocked = await api("DELETE", `/api/v1/secrets/${id}`, { token: user });
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.code).toBe("in_use");
    expect((await api("DELETE", `/api/v1/secrets/${id}?force=true`, { token: user })).status).toBe(403);
    expect(
      (await api("DELETE", `/api/v1/secrets/${id}/usages/${encodeURIComponent("flow/42")}`, { token: user })).status,
    ).toBe(204);
    await api("POST", `/api/v1/secrets/${id}/usages`, { token: user, body: { ref: "flow/43" } });
    expect((await api("DELETE", `/api/v1/secrets/${id}?force=true`, { token: t.apiKey })).status).toBe(204);
    expect((await api("GET", `/api/v1/secrets/${id}`, { token: user })).status).toBe(404);
  });

  it("an inactive usage does not block delete", async () => {
    const t = await newTenant();
    const c = await api("POST", "/api/v1/secrets", {
      token: t.apiKey,
      body: { name: "x", type: "NO_AUTH", value: {} },
    });
    await api("POST", `/api/v1/secrets/${c.body.data.id}/usages`, {
      token: t.apiKey,
      body: { ref: "old", active: false },
    });
    expect((await api("DELETE", `/api/v1/secrets/${c.body.data.id}`, { token: t.apiKey })).status).toBe(204);
  });
});
