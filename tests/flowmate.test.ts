import { describe, expect, it } from "vitest";
import { api, newTenant, uniq, userToken } from "./api";

/*
 * The value examples FlowMate and Open Integration Hub document for each credential
 * type. Each is passed in by the tenant backend (API key and `?username=`), read back
 * whole by the end user's integration code (user token) in the FlowMate shape, and
 * listed masked.
 */
type Example = {
  type: string;
  value: Record<string, unknown>;
  /** The masked value lists show. */
  masked: Record<string, unknown>;
  /** Strings that must never appear in a list or create response. */
  secrets: string[];
};

const mixedPayload = JSON.stringify({ apiKey: "oih-mixed-key-0123456789", region: "eu" });

const examples: Example[] = [
  {
    type: "SIMPLE",
    value: { username: "email@email.com", passphrase: "thisisapassword" },
    masked: { username: "email@email.com", passphrase: "********" },
    secrets: ["thisisapassword"],
  },
  {
    type: "API_KEY",
    value: { key: "12345678910", headerName: "" },
    masked: { key: "********", headerName: "" },
    secrets: ["12345678910"],
  },
  {
    type: "OA2_AUTHORIZATION_CODE",
    value: {
      authClientId: "5f3a7c9e2b1d4a6f8e0c2b4d",
      accessToken: "xoxp-flowmate-access-token-0123456789",
      scope: "channels:read,chat:write,users:read",
      expires: "33658-09-27T01:46:40+00:00",
      externalId: "U012AB3CD",
    },
    masked: {
      authClientId: "5f3a7c9e2b1d4a6f8e0c2b4d",
      scope: "channels:read,chat:write,users:read",
      expires: "33658-09-27T01:46:40+00:00",
      externalId: "U012AB3CD",
    },
    secrets: ["xoxp-flowmate-access-token-0123456789"],
  },
  {
    type: "SESSION_AUTH",
    value: {
      authClientId: "5f3a7c9e2b1d4a6f8e0c2b4e",
      accessToken: "session-access-token-0123456789",
      inputFields: { client_id: "flowmate-client-id-0123", client_secret: "flowmate-client-secret-0123" },
      expires: null,
    },
    masked: {
      authClientId: "5f3a7c9e2b1d4a6f8e0c2b4e",
      accessToken: "****6789",
      inputFields: { client_id: "****0123", client_secret: "****0123" },
      expires: null,
    },
    secrets: ["session-access-token-0123456789", "flowmate-client-id-0123", "flowmate-client-secret-0123"],
  },
  {
    type: "MIXED",
    value: { payload: mixedPayload },
    masked: { payload: "********" },
    secrets: ["oih-mixed-key-0123456789", mixedPayload],
  },
];

describe("FlowMate's documented values work unchanged", () => {
  it.each(examples)(
    "$type: passed in, read back in the FlowMate shape, listed masked",
    async ({ type, value, masked, secrets }) => {
      const { apiKey } = await newTenant();
      const username = uniq("cust");
      const imp = await api("POST", "/api/v1/impersonate", { token: apiKey, body: { username } });
      expect(imp.status).toBe(200);
      const token: string = imp.body.token;

      const created = await api("POST", `/api/v1/secrets?username=${username}`, {
        token: apiKey,
        body: { data: { name: `FlowMate ${type}`, type, value } },
      });
      expect(created.status).toBe(201);
      for (const s of secrets) expect(JSON.stringify(created.body)).not.toContain(s);
      const id: string = created.body.data._id;

      for (const reader of [token, apiKey]) {
        const read = await api("GET", `/api/v1/secrets/${id}`, { token: reader });
        expect(read.status).toBe(200);
        expect(read.headers.get("cache-control")).toBe("no-store");
        expect(read.body).toMatchObject({
          data: {
            _id: id,
            name: `FlowMate ${type}`,
            type,
            owners: [{ id: imp.body.id, type: "USER" }],
            createdAt: expect.any(String),
            updatedAt: expect.any(String),
          },
        });
        // Exactly as passed in: no field added, dropped or normalised.
        expect(read.body.data.value).toStrictEqual(value);
      }

      const list = await api("GET", "/api/v1/secrets", { token });
      expect(list.status).toBe(200);
      expect(list.body.data).toHaveLength(1);
      expect(list.body.data[0]).toMatchObject({
        _id: id,
        name: `FlowMate ${type}`,
        type,
        owners: [{ id: imp.body.id, type: "USER" }],
      });
      expect(list.body.data[0].value).toStrictEqual(masked);
      for (const s of secrets) expect(JSON.stringify(list.body)).not.toContain(s);
    },
  );

  it("API_KEY: an empty headerName sends the key in the default header", async () => {
    const { apiKey } = await newTenant();
    const c = await api("POST", "/api/v1/secrets", {
      token: apiKey,
      body: { name: "k", type: "API_KEY", value: { key: "12345678910", headerName: "" } },
    });
    expect(c.status).toBe(201);
    const r = await api("GET", `/api/v1/secrets/${c.body.data.id}/request-auth`, { token: apiKey });
    expect(r.body.data).toEqual({ headers: { "X-API-Key": "12345678910" }, query: {}, cookies: {} });
    const q = await api("POST", "/api/v1/secrets", {
      token: apiKey,
      body: { name: "q", type: "API_KEY", value: { key: "k2", headerName: "", location: "query" } },
    });
    const rq = await api("GET", `/api/v1/secrets/${q.body.data.id}/request-auth`, { token: apiKey });
    expect(rq.body.data).toEqual({ headers: {}, query: { api_key: "k2" }, cookies: {} });
  });

  it("API_KEY: a headerName that is not empty is still checked", async () => {
    const { apiKey } = await newTenant();
    for (const headerName of [" ", "Bad Header", "X:Y"]) {
      const r = await api("POST", "/api/v1/secrets", {
        token: apiKey,
        body: { name: "k", type: "API_KEY", value: { key: "k", headerName } },
      });
      expect(r.status).toBe(400);
      expect(r.body.error.issues.map((i: { path: string }) => i.path)).toContain("value.headerName");
    }
  });

  it("OA2_AUTHORIZATION_CODE: a 5-digit year is stored as far future, never as now or unknown", async () => {
    const { apiKey } = await newTenant();
    const c = await api("POST", "/api/v1/secrets", {
      token: apiKey,
      body: {
        name: "slack",
        type: "OA2_AUTHORIZATION_CODE",
        value: { accessToken: "at", scope: "a,b", expires: "33658-09-27T01:46:40+00:00" },
      },
    });
    expect(c.status).toBe(201);
    const listed = (await api("GET", "/api/v1/secrets", { token: apiKey })).body.data[0];
    expect(listed.scope).toBe("a,b");
    expect(new Date(listed.expires).getUTCFullYear()).toBeGreaterThanOrEqual(9999);
    // Still far future after a PATCH; an ordinary date replaces it; none means unknown.
    const id = c.body.data.id;
    const patched = await api("PATCH", `/api/v1/secrets/${id}`, {
      token: apiKey,
      body: { value: { accessToken: "at2", expires: "2031-05-01T10:00:00Z" } },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.data.expires).toBe("2031-05-01T10:00:00.000Z");
    const none = await api("PATCH", `/api/v1/secrets/${id}`, {
      token: apiKey,
      body: { value: { accessToken: "at3" } },
    });
    expect(none.body.data.expires).toBeNull();
    const far = await api("PATCH", `/api/v1/secrets/${id}`, {
      token: apiKey,
      body: { value: { accessToken: "at4", expires: "+033658-09-27T01:46:40Z" } },
    });
    expect(far.status).toBe(200);
    expect(new Date(far.body.data.expires).getUTCFullYear()).toBeGreaterThanOrEqual(9999);
    expect((await api("GET", `/api/v1/secrets/${id}`, { token: apiKey })).body.data.value.expires).toBe(
      "+033658-09-27T01:46:40Z",
    );
  });

  it.each([
    ["not a date", "soon"],
    ["no offset", "2030-01-01T00:00:00"],
    ["month 13", "33658-13-27T01:46:40+00:00"],
    ["past the JavaScript range", "999999-01-01T00:00:00Z"],
    ["a date only", "2030-01-01"],
    ["29 February of a common 5-digit year", "33658-02-29T00:00:00Z"],
  ])("OA2_AUTHORIZATION_CODE: expires %s → 400", async (_, expires) => {
    const { apiKey } = await newTenant();
    const r = await api("POST", "/api/v1/secrets", {
      token: apiKey,
      body: { name: "x", type: "OA2_AUTHORIZATION_CODE", value: { accessToken: "at", expires } },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.issues.map((i: { path: string }) => i.path)).toContain("value.expires");
  });

  it("SESSION_AUTH: the access token is applied as a bearer token; expires null means unknown", async () => {
    const { apiKey } = await newTenant();
    const c = await api("POST", "/api/v1/secrets", {
      token: apiKey,
      body: {
        name: "s",
        type: "SESSION_AUTH",
        value: { accessToken: "sess-tok", inputFields: { username: "u" }, expires: null },
      },
    });
    expect(c.status).toBe(201);
    expect(c.body.data.expires).toBeNull();
    const r = await api("GET", `/api/v1/secrets/${c.body.data.id}/request-auth`, { token: apiKey });
    expect(r.body.data).toEqual({ headers: { Authorization: "Bearer sess-tok" }, query: {}, cookies: {} });
    const dated = await api("POST", "/api/v1/secrets", {
      token: apiKey,
      body: { name: "d", type: "SESSION_AUTH", value: { accessToken: "t", expires: "2032-02-02T02:02:02+00:00" } },
    });
    expect(dated.body.data.expires).toBe("2032-02-02T02:02:02.000Z");
  });

  it.each([
    ["no access token", { inputFields: {} }, "value.accessToken"],
    ["a non-string input field", { accessToken: "t", inputFields: { n: 1 } }, "value.inputFields.n"],
    ["an unknown field", { accessToken: "t", extra: true }, "value"],
  ])("SESSION_AUTH: %s → 400", async (_, value, path) => {
    const { apiKey } = await newTenant();
    const r = await api("POST", "/api/v1/secrets", { token: apiKey, body: { name: "x", type: "SESSION_AUTH", value } });
    expect(r.status).toBe(400);
    expect(r.body.error.issues.map((i: { path: string }) => i.path)).toContain(path);
  });

  it("MIXED: applied to no request", async () => {
    const { apiKey } = await newTenant();
    const c = await api("POST", "/api/v1/secrets", {
      token: apiKey,
      body: { name: "m", type: "MIXED", value: { payload: '{"a":1}' } },
    });
    expect(c.status).toBe(201);
    expect(c.body.data.value).toEqual({ payload: "********" });
    const r = await api("GET", `/api/v1/secrets/${c.body.data.id}/request-auth`, { token: apiKey });
    expect(r.status).toBe(400);
  });

  it.each([
    ["not JSON", { payload: "{apiKey: nope}" }, "value.payload"],
    ["empty", { payload: "" }, "value.payload"],
    ["an object, not a string", { payload: { apiKey: "x" } }, "value.payload"],
    ["too large", { payload: JSON.stringify({ blob: "x".repeat(40_000) }) }, "value.payload"],
    ["next to an extra field", { payload: "{}", extra: "x" }, "value"],
  ])("MIXED: a payload that is %s → 400", async (_, value, path) => {
    const { apiKey } = await newTenant();
    const r = await api("POST", "/api/v1/secrets", { token: apiKey, body: { name: "x", type: "MIXED", value } });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("validation_failed");
    expect(r.body.error.issues.map((i: { path: string }) => i.path)).toContain(path);
    expect((await api("GET", "/api/v1/secrets", { token: apiKey })).body.meta.total).toBe(0);
  });
});

describe("GET /secrets?name= (Flowlet's secrets.getPassword)", () => {
  it("matches the exact, case-sensitive name within the caller's scope", async () => {
    const t = await newTenant();
    const alice = uniq("alice");
    const bob = uniq("bob");
    const a = await userToken(t.apiKey, alice);
    const b = await userToken(t.apiKey, bob);
    const make = async (token: string, name: string) =>
      (await api("POST", "/api/v1/secrets", { token, body: { name, type: "BEARER", value: { token: "t" } } })).body.data
        .id as string;
    const mine = await make(a, "SECRET_NAME");
    await make(a, "secret_name");
    await make(a, "SECRET_NAME_2");
    await make(a, "MY SECRET_NAME");
    const bobs = await make(b, "SECRET_NAME");
    const workspace = await make(t.apiKey, "SECRET_NAME");

    const ids = async (token: string, query: string) =>
      ((await api("GET", `/api/v1/secrets?${query}`, { token })).body.data as { id: string }[]).map((s) => s.id).sort();

    expect(await ids(a, "name=SECRET_NAME")).toEqual([mine]);
    expect(await ids(b, "name=SECRET_NAME")).toEqual([bobs]);
    expect(await ids(a, "name=Secret_Name")).toEqual([]);
    expect(await ids(a, "name=SECRET")).toEqual([]);
    expect(await ids(t.apiKey, `name=SECRET_NAME&username=${alice}`)).toEqual([mine]);
    expect(await ids(t.apiKey, "name=SECRET_NAME")).toEqual([mine, bobs, workspace].sort());
    // Characters LIKE would treat as wildcards match only themselves.
    expect(await ids(a, "name=SECRET%25NAME")).toEqual([]);
    expect(await ids(a, "name=SECRET_NAME&type=NO_AUTH")).toEqual([]);
    const other = await newTenant();
    expect(await ids(other.apiKey, "name=SECRET_NAME")).toEqual([]);
  });

  it("an empty name is refused rather than matching everything", async () => {
    const t = await newTenant();
    await api("POST", "/api/v1/secrets", { token: t.apiKey, body: { name: "x", type: "NO_AUTH", value: {} } });
    const r = await api("GET", "/api/v1/secrets?name=", { token: t.apiKey });
    expect(r.status).toBe(400);
  });
});
