import { readFileSync } from "node:fs";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { secrets } from "@/db/schema";
import { resetEnvCache } from "@/lib/env";
import { api, memberCookie, newTenant, uniq, userToken } from "./api";
import { startLoginServer, type LoginRequest, type LoginServer } from "./fakes/login-server";
import { leaseColumns } from "./support/oauth-secret";

// Session auth (issue 10): login recipes as auth clients, the login as the dry run, and the
// login run again on read when the token is due, under the refresh lease — against a local
// login endpoint (tests/fakes/login-server.ts) for every authType. The cross-instance storm
// is in session-auth-instances.pg.test.ts.

let ls: LoginServer;
const saved = process.env.OUTBOUND_ALLOW_HOSTS;
const setHosts = (v: string | undefined) => {
  if (v === undefined) delete process.env.OUTBOUND_ALLOW_HOSTS;
  else process.env.OUTBOUND_ALLOW_HOSTS = v;
  resetEnvCache();
};

beforeAll(async () => {
  ls = await startLoginServer();
  setHosts("127.0.0.1");
});
afterEach(() => ls.reset());
afterAll(async () => {
  await ls.close();
  setHosts(saved);
});

type AuthType = "HEADER_AUTH" | "BODY_AUTH" | "FORM_AUTH" | "PARAMS_AUTH";
const PASSWORD = "s3cret-pass-0123456789";
const aliceOk = (r: LoginRequest) => r.fields.username === "alice" && r.fields.password === PASSWORD;

/** A custom-session recipe for the login server: username and password, the token at data.token. */
function recipe(authType: AuthType, extra: Record<string, unknown> = {}) {
  return {
    type: "SESSION_AUTH",
    name: uniq("Login"),
    componentId: "custom-session",
    fields: [
      { name: "username", label: "Username" },
      { name: "password", label: "Password", secret: true },
    ],
    endpoints: {
      auth: {
        url: ls.loginUrl,
        method: authType === "PARAMS_AUTH" ? "GET" : "POST",
        authType,
        requestFields: { username: "{{fields.username}}", password: "{{fields.password}}" },
      },
    },
    tokenPath: "data.token",
    expirationPath: "data.ttl",
    ...extra,
  };
}

/** A tenant with a recipe (`body`) and an end user's token. */
async function setup(body: Record<string, unknown>) {
  const t = await newTenant();
  const c = await api("POST", "/api/v1/auth-clients", { token: t.apiKey, body });
  if (c.status !== 201) throw new Error(`recipe: ${JSON.stringify(c.body)}`);
  const username = uniq("user");
  const token = await userToken(t.apiKey, username);
  return { ...t, client: c.body.data, token, username };
}

const connect = (
  s: { token: string; client: { id: string } },
  inputFields: Record<string, string> = { username: "alice", password: PASSWORD },
  extra: Record<string, unknown> = {},
) =>
  api("POST", "/api/v1/secrets", {
    token: s.token,
    body: { name: uniq("sess"), type: "SESSION_AUTH", value: { authClientId: s.client.id, inputFields }, ...extra },
  });

const read = (s: { token: string }, id: string) => api("GET", `/api/v1/secrets/${id}`, { token: s.token });

/** Makes the stored token due (its expiry column in the past), as time passing would. */
async function makeDue(id: string) {
  const db = await getDb();
  await db
    .update(secrets)
    .set({ expires: new Date(Date.now() - 60_000) })
    .where(eq(secrets.id, id));
}

describe("session-auth recipes (auth clients of type SESSION_AUTH)", () => {
  it("are created, read back whole and changed through the API; nothing in them is secret", async () => {
    const t = await newTenant();
    const c = await api("POST", "/api/v1/auth-clients", { token: t.apiKey, body: recipe("BODY_AUTH") });
    expect(c.status).toBe(201);
    expect(c.body.data).toMatchObject({
      type: "SESSION_AUTH",
      componentId: "custom-session",
      fields: [
        { name: "username", label: "Username", secret: false, required: true },
        { name: "password", label: "Password", secret: true, required: true },
      ],
      endpoints: { auth: { url: ls.loginUrl, method: "POST", authType: "BODY_AUTH" } },
      tokenPath: "data.token",
      expirationPath: "data.ttl",
      expiresIn: null,
    });
    expect(c.body.data.clientId).toBeUndefined();
    const p = await api("PATCH", `/api/v1/auth-clients/${c.body.data.id}`, {
      token: t.apiKey,
      body: { tokenPath: "token", expirationPath: null, expiresIn: 600 },
    });
    expect(p.status).toBe(200);
    expect(p.body.data).toMatchObject({ tokenPath: "token", expirationPath: null, expiresIn: 600 });
    const list = await api("GET", "/api/v1/auth-clients", { token: t.apiKey });
    expect(list.body.data.map((x: { id: string }) => x.id)).toContain(c.body.data.id);
    // OIH's list form of requestFields is accepted and stored as a map.
    const oih = await api("POST", "/api/v1/auth-clients", {
      token: t.apiKey,
      body: {
        ...recipe("FORM_AUTH"),
        endpoints: {
          auth: {
            url: ls.loginUrl,
            authType: "FORM_AUTH",
            requestFields: [{ key: "user", value: "{{fields.username}}" }],
          },
        },
      },
    });
    expect(oih.status).toBe(201);
    expect(oih.body.data.endpoints.auth).toMatchObject({
      method: "POST",
      requestFields: { user: "{{fields.username}}" },
    });
  });

  it.each([
    [
      "a placeholder outside fields.",
      { requestFields: { u: "{{config.username}}" } },
      "endpoints.auth.requestFields.u",
    ],
    ["an environment placeholder", { requestFields: { u: "{{env.AUTH_SECRET}}" } }, "endpoints.auth.requestFields.u"],
    ["a bare placeholder", { requestFields: { u: "{{username}}" } }, "endpoints.auth.requestFields.u"],
    ["an undeclared field", { requestFields: { u: "{{fields.nope}}" } }, "endpoints.auth.requestFields.u"],
    ["a placeholder in the URL", { url: "http://127.0.0.1/{{fields.username}}" }, "endpoints.auth.url"],
    [
      "HEADER_AUTH with other request fields",
      { authType: "HEADER_AUTH", requestFields: { x: "1" } },
      "endpoints.auth.requestFields",
    ],
    ["a GET with a JSON body", { method: "GET", authType: "BODY_AUTH" }, "endpoints.auth.method"],
    ["a plain-http host that is not allowlisted", { url: "http://login.example.com/login" }, "endpoints.auth.url"],
  ])("refuse %s (400 with the path)", async (_, auth, path) => {
    const t = await newTenant();
    const body = recipe("BODY_AUTH");
    body.endpoints.auth = { ...body.endpoints.auth, ...auth } as typeof body.endpoints.auth;
    const r = await api("POST", "/api/v1/auth-clients", { token: t.apiKey, body });
    expect(r.status).toBe(400);
    expect(r.body.error.issues.map((i: { path: string }) => i.path)).toContain(path);
  });

  it("a catalogue component's recipe pre-fills the client (Docker Hub), and the parts given win", async () => {
    const t = await newTenant();
    const r = await api("POST", "/api/v1/auth-clients", {
      token: t.apiKey,
      body: { type: "SESSION_AUTH", name: "Docker", componentId: "docker-hub", expiresIn: 300 },
    });
    expect(r.status).toBe(201);
    expect(r.body.data).toMatchObject({
      componentId: "docker-hub",
      endpoints: {
        auth: {
          url: "https://hub.docker.com/v2/auth/token",
          authType: "BODY_AUTH",
          requestFields: { identifier: "{{fields.username}}", secret: "{{fields.secret}}" },
        },
      },
      tokenPath: "access_token",
      expiresIn: 300,
    });
    const bad = await api("POST", "/api/v1/auth-clients", {
      token: t.apiKey,
      body: { type: "SESSION_AUTH", name: "Slack", componentId: "slack" },
    });
    expect(bad.status).toBe(400);
    const none = await api("POST", "/api/v1/auth-clients", {
      token: t.apiKey,
      body: { type: "SESSION_AUTH", name: "x", componentId: "custom-session" },
    });
    expect(none.status).toBe(400);
    expect(none.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual([
      "endpoints",
      "fields",
      "tokenPath",
    ]);
  });

  it("GET /components gives integration code the recipe's form: its client and fields, nothing else", async () => {
    const s = await setup(recipe("BODY_AUTH"));
    const one = await api("GET", "/api/v1/components/custom-session", { token: s.token });
    expect(one.body.data.session).toEqual({
      authClientId: s.client.id,
      fields: [
        { name: "username", label: "Username", secret: false, required: true },
        { name: "password", label: "Password", secret: true, required: true },
      ],
    });
    const all = await api("GET", "/api/v1/components", { token: s.token });
    const listed = all.body.data.find((c: { id: string }) => c.id === "custom-session");
    expect(listed.session.authClientId).toBe(s.client.id);
    expect(JSON.stringify(all.body)).not.toContain(ls.loginUrl);
    // Another tenant's components carry none of it.
    const other = await newTenant();
    expect(
      (await api("GET", "/api/v1/components/custom-session", { token: other.apiKey })).body.data.session,
    ).toBeUndefined();
  });

  it("developers read recipes; only admins and API keys write them", async () => {
    const t = await newTenant();
    const dev = await memberCookie(t.tenantId, "developer");
    const c = await api("POST", "/api/v1/auth-clients", { token: t.apiKey, body: recipe("BODY_AUTH") });
    const got = await api("GET", `/api/v1/auth-clients/${c.body.data.id}`, { cookie: dev });
    expect(got.status).toBe(200);
    const write = await api("PATCH", `/api/v1/auth-clients/${c.body.data.id}`, {
      cookie: dev,
      headers: { "x-requested-with": "fetch" },
      body: { name: "x" },
    });
    expect(write.status).toBe(403);
  });
});

describe("connecting: the login runs once, as the dry run", () => {
  it("HEADER_AUTH sends Basic auth built from the fields", async () => {
    ls.set({ accept: aliceOk });
    const s = await setup(recipe("HEADER_AUTH"));
    const r = await connect(s);
    expect(r.status).toBe(201);
    expect(ls.calls()).toBe(1);
    const req = ls.requests[0];
    expect(req.method).toBe("POST");
    expect(req.headers.authorization).toBe(`Basic ${Buffer.from(`alice:${PASSWORD}`).toString("base64")}`);
    expect(req.body).toBe("");
    expect(req.query).toEqual({});
  });

  it("BODY_AUTH sends JSON", async () => {
    ls.set({ accept: aliceOk });
    const s = await setup(recipe("BODY_AUTH"));
    expect((await connect(s)).status).toBe(201);
    const req = ls.requests[0];
    expect(req.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(req.body)).toEqual({ username: "alice", password: PASSWORD });
    expect(req.headers.authorization).toBeUndefined();
  });

  it("FORM_AUTH sends urlencoded", async () => {
    ls.set({ accept: aliceOk });
    const s = await setup(recipe("FORM_AUTH"));
    expect((await connect(s)).status).toBe(201);
    const req = ls.requests[0];
    expect(req.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(Object.fromEntries(new URLSearchParams(req.body))).toEqual({ username: "alice", password: PASSWORD });
  });

  it("PARAMS_AUTH sends a query", async () => {
    ls.set({ accept: aliceOk });
    const s = await setup(recipe("PARAMS_AUTH"));
    expect((await connect(s)).status).toBe(201);
    const req = ls.requests[0];
    expect(req.method).toBe("GET");
    expect(req.query).toEqual({ username: "alice", password: PASSWORD });
    expect(req.body).toBe("");
  });

  it("stores FlowMate's {authClientId, accessToken, inputFields, expires}; lists and the answer show hints only", async () => {
    ls.set({ accept: aliceOk });
    const s = await setup(recipe("BODY_AUTH"));
    const before = Date.now();
    const c = await connect(s);
    expect(c.status).toBe(201);
    const issued = ls.issued[0];
    expect(JSON.stringify(c.body)).not.toContain(issued);
    expect(JSON.stringify(c.body)).not.toContain(PASSWORD);
    expect(c.body.data).toMatchObject({ type: "SESSION_AUTH", componentId: "custom-session", status: "active" });
    expect(c.body.data.lastVerifiedAt).not.toBeNull();
    const r = await read(s, c.body.data.id);
    expect(r.status).toBe(200);
    expect(Object.keys(r.body.data.value).sort()).toEqual(["accessToken", "authClientId", "expires", "inputFields"]);
    expect(r.body.data.value).toMatchObject({
      authClientId: s.client.id,
      accessToken: issued,
      inputFields: { username: "alice", password: PASSWORD },
    });
    // data.ttl: 3600 seconds from now.
    const expires = new Date(r.body.data.value.expires).getTime();
    expect(expires).toBeGreaterThanOrEqual(before + 3600_000 - 1000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 3600_000 + 1000);
    expect(new Date(r.body.data.expires).getTime()).toBe(expires);
    const auth = await api("GET", `/api/v1/secrets/${c.body.data.id}/request-auth`, { token: s.token });
    expect(auth.body.data.headers).toEqual({ Authorization: `Bearer ${issued}` });
    expect(ls.calls()).toBe(1); // the reads reused the token
    const list = await api("GET", "/api/v1/secrets", { token: s.token });
    expect(JSON.stringify(list.body)).not.toContain(PASSWORD);
    expect(JSON.stringify(list.body)).not.toContain(issued);
    // Neither the audit log nor the server log ever saw them.
    const audit = await api("GET", `/api/v1/audit-events?targetId=${c.body.data.id}`, { token: s.apiKey });
    expect(JSON.stringify(audit.body)).not.toContain(PASSWORD);
    expect(readFileSync(process.env.LOG_FILE!, "utf8")).not.toContain(PASSWORD);
  });

  it("a failed login stores nothing and answers 422 verification_failed", async () => {
    ls.set({ accept: aliceOk });
    const s = await setup(recipe("BODY_AUTH"));
    const r = await connect(s, { username: "alice", password: "wrong" });
    expect(r.status).toBe(422);
    expect(r.body.error).toMatchObject({
      code: "verification_failed",
      verification: { class: "auth_failed", status: 401 },
    });
    const list = await api("GET", "/api/v1/secrets", { token: s.token });
    expect(list.body.data).toEqual([]);
  });

  it.each([
    ["a token path that is missing from the answer", { answer: () => ({ data: { jwt: "x" } }) }, "tokenPath"],
    ["an answer that is not JSON", { mode: "not-json" as const }, "not JSON"],
    ["an answer over the cap", { mode: "huge" as const }, "too large"],
    ["a server error", { mode: "500" as const }, "server error"],
  ])("%s: 422, nothing stored", async (_, opts, message) => {
    ls.set({ accept: aliceOk, ...opts });
    const s = await setup(recipe("BODY_AUTH"));
    const r = await connect(s);
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe("verification_failed");
    expect(r.body.error.message).toContain(message);
    expect(r.body.error.verification.ok).toBe(false);
    expect((await api("GET", "/api/v1/secrets", { token: s.token })).body.data).toEqual([]);
  });

  it.each([
    ["seconds", { ttl: 120 }, (now: number) => now + 120_000],
    ["a numeric string of seconds", { ttl: "7200" }, (now: number) => now + 7200_000],
    ["an ISO-8601 date", { ttl: "2031-05-06T07:08:09Z" }, () => Date.parse("2031-05-06T07:08:09Z")],
    ["epoch seconds", { ttl: 1_999_999_999 }, () => 1_999_999_999_000],
  ])("an expiry given as %s", async (_, extra, expected) => {
    ls.set({ accept: aliceOk, answer: (token) => ({ data: { token, ...extra } }) });
    const s = await setup(recipe("BODY_AUTH"));
    const now = Date.now();
    const c = await connect(s);
    expect(c.status).toBe(201);
    const got = new Date((await read(s, c.body.data.id)).body.data.value.expires).getTime();
    expect(Math.abs(got - expected(now))).toBeLessThan(2000);
  });

  it("no expiry in the answer: expiresIn, else null — and then the token is reused until a forced refresh", async () => {
    ls.set({ accept: aliceOk, answer: (token) => ({ data: { token } }) });
    const withDefault = await setup(recipe("BODY_AUTH", { expiresIn: 900 }));
    const now = Date.now();
    const d = await connect(withDefault);
    const exp = new Date((await read(withDefault, d.body.data.id)).body.data.value.expires).getTime();
    expect(Math.abs(exp - (now + 900_000))).toBeLessThan(2000);

    ls.reset();
    ls.set({ accept: aliceOk, answer: (token) => ({ data: { token } }) });
    const s = await setup(recipe("BODY_AUTH", { expirationPath: null }));
    const c = await connect(s);
    expect(c.body.data.expires).toBeNull();
    for (let i = 0; i < 5; i++) {
      const r = await read(s, c.body.data.id);
      expect(r.body.data.value).toMatchObject({ accessToken: ls.issued[0], expires: null });
    }
    expect(ls.calls()).toBe(1);
    const forced = await api("POST", `/api/v1/secrets/${c.body.data.id}/refresh`, { token: s.token });
    expect(forced.status).toBe(200);
    expect(ls.calls()).toBe(2);
    expect((await read(s, c.body.data.id)).body.data.value.accessToken).toBe(ls.issued[1]);
  });

  it("the component's dry run, when it has one, proves the new token (test-session-api)", async () => {
    ls.set({ accept: aliceOk });
    const s = await setup({ ...recipe("BODY_AUTH"), componentId: "test-session-api" });
    const ok = await connect(s, undefined, { config: { apiUrl: ls.url } });
    expect(ok.status).toBe(201);
    expect(ok.body.data.componentId).toBe("test-session-api");
    // A login whose token the API does not take fails the dry run, and nothing is stored.
    ls.set({ answer: () => ({ data: { token: "not-an-issued-token" } }) });
    const bad = await connect(s, undefined, { config: { apiUrl: ls.url } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.verification).toMatchObject({ class: "auth_failed", status: 401 });
  });

  it("the auth client must be one of the tenant's session-auth clients, for the secret's component", async () => {
    const s = await setup(recipe("BODY_AUTH"));
    const other = await setup(recipe("BODY_AUTH"));
    const foreign = await connect({ token: s.token, client: other.client });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.issues[0].path).toBe("value.authClientId");
    const wrongComponent = await connect(s, undefined, { componentId: "docker-hub" });
    expect(wrongComponent.status).toBe(400);
    expect(wrongComponent.body.error.issues[0].path).toBe("componentId");
    expect(ls.calls()).toBe(0);
    // A token passed in whole is credential passing, as before: stored as given, not linked.
    const passed = await api("POST", "/api/v1/secrets", {
      token: s.token,
      body: { name: "p", type: "SESSION_AUTH", value: { accessToken: "given", inputFields: {}, expires: null } },
    });
    expect(passed.status).toBe(201);
    const refresh = await api("POST", `/api/v1/secrets/${passed.body.data.id}/refresh`, { token: s.token });
    expect(refresh.status).toBe(409);
  });
});

describe("the placeholder rule: only the end user's own fields fill a recipe", () => {
  it("refuses input fields the recipe does not declare, and requires the required ones", async () => {
    const s = await setup(recipe("BODY_AUTH"));
    const extra = await connect(s, { username: "alice", password: PASSWORD, secretKey: "x" });
    expect(extra.status).toBe(400);
    expect(extra.body.error.issues.map((i: { path: string }) => i.path)).toContain("value.inputFields");
    const missing = await connect(s, { username: "alice" });
    expect(missing.status).toBe(400);
    expect(missing.body.error.issues.map((i: { path: string }) => i.path)).toContain("value.inputFields.password");
    expect(ls.calls()).toBe(0);
  });

  it("fills in one pass: a value that looks like a placeholder is sent as the text it is", async () => {
    const s = await setup(recipe("BODY_AUTH"));
    await connect(s, { username: "{{fields.password}}", password: "{{env.AUTH_SECRET}}" });
    expect(JSON.parse(ls.requests[0].body)).toEqual({
      username: "{{fields.password}}",
      password: "{{env.AUTH_SECRET}}",
    });
  });

  it("never from the request: config, query and headers of the create do not reach the login", async () => {
    ls.set({ accept: aliceOk });
    const s = await setup({
      ...recipe("BODY_AUTH"),
      fields: [
        { name: "username", label: "Username" },
        { name: "password", label: "Password", secret: true },
        { name: "pin", label: "PIN", required: false },
      ],
      endpoints: {
        auth: {
          url: ls.loginUrl,
          authType: "BODY_AUTH",
          requestFields: { username: "{{fields.username}}", password: "{{fields.password}}", pin: "{{fields.pin}}" },
        },
      },
    });
    const r = await api("POST", `/api/v1/secrets?pin=1234&username=mallory`, {
      token: s.token,
      headers: { "x-pin": "1234" },
      body: {
        name: "n",
        type: "SESSION_AUTH",
        config: {},
        value: { authClientId: s.client.id, inputFields: { username: "alice", password: PASSWORD } },
      },
    });
    // A user token acts only as itself: ?username= is refused before any login.
    expect(r.status).toBe(403);
    const ok = await api("POST", "/api/v1/secrets?pin=1234", {
      token: s.token,
      headers: { "x-pin": "1234" },
      body: {
        name: "n",
        type: "SESSION_AUTH",
        value: { authClientId: s.client.id, inputFields: { username: "alice", password: PASSWORD } },
      },
    });
    expect(ok.status).toBe(201);
    // The empty optional field is left out rather than filled from anywhere else.
    expect(JSON.parse(ls.requests.at(-1)!.body)).toEqual({ username: "alice", password: PASSWORD });
    expect(ls.requests.at(-1)!.headers["x-pin"]).toBeUndefined();
  });
});

describe("reading a session-auth secret: the login runs again when the token is due", () => {
  it("logs in again once when due (concurrent reads share it), then reuses the new token", async () => {
    ls.set({ accept: aliceOk, latencyMs: 100 });
    const s = await setup(recipe("BODY_AUTH"));
    const c = await connect(s);
    const id = c.body.data.id;
    await makeDue(id);
    const reads = await Promise.all(Array.from({ length: 20 }, () => read(s, id)));
    expect(reads.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(new Set(reads.map((r) => r.body.data.value.accessToken))).toEqual(new Set([ls.issued[1]]));
    expect(ls.calls()).toBe(2);
    expect((await read(s, id)).body.data.value.accessToken).toBe(ls.issued[1]);
    expect(ls.calls()).toBe(2);
    expect(await leaseColumns(id)).toMatchObject({ leaseOwner: null, status: "active" });
    const events = await api("GET", `/api/v1/audit-events?targetId=${id}`, { token: s.apiKey });
    expect(events.body.data.map((e: { action: string }) => e.action)).toContain("secret.refreshed");
  });

  it("a refused login (4xx) sets expired and answers 409 needs_reauth; new input fields make it active again", async () => {
    ls.set({ accept: aliceOk });
    const s = await setup(recipe("BODY_AUTH"));
    const c = await connect(s);
    const id = c.body.data.id;
    await makeDue(id);
    ls.set({ accept: () => false }); // the password was changed at the provider
    const r = await read(s, id);
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe("needs_reauth");
    expect(await leaseColumns(id)).toMatchObject({ status: "expired", leaseOwner: null });
    expect((await leaseColumns(id)).statusDetail).toContain("login was refused");
    const calls = ls.calls();
    expect((await read(s, id)).status).toBe(409);
    expect(ls.calls()).toBe(calls); // no login while expired

    ls.set({ accept: (q) => q.fields.password === "new-pass" });
    const patched = await api("PATCH", `/api/v1/secrets/${id}`, {
      token: s.token,
      body: { value: { inputFields: { username: "alice", password: "new-pass" } } },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.data.status).toBe("active");
    const after = await read(s, id);
    expect(after.status).toBe(200);
    expect(after.body.data.value).toMatchObject({
      authClientId: s.client.id,
      accessToken: ls.issued.at(-1),
      inputFields: { username: "alice", password: "new-pass" },
    });
  });

  it("a 5xx keeps a still-valid token; once it has run out, 503 with Retry-After", async () => {
    ls.set({ accept: aliceOk });
    const s = await setup(recipe("BODY_AUTH"));
    const c = await connect(s);
    const id = c.body.data.id;
    const db = await getDb();
    // Due (within the 300 s buffer) but still valid for a minute.
    await db
      .update(secrets)
      .set({ expires: new Date(Date.now() + 60_000) })
      .where(eq(secrets.id, id));
    ls.set({ mode: "500" });
    const stillValid = await read(s, id);
    expect(stillValid.status).toBe(200);
    expect(stillValid.body.data.value.accessToken).toBe(ls.issued[0]);
    expect(ls.calls()).toBe(2);
    // Run out: the cool-down holds further logins, and the read gets 503.
    await makeDue(id);
    const spent = await read(s, id);
    expect(spent.status).toBe(503);
    expect(spent.body.error.code).toBe("upstream_unavailable");
    expect(Number(spent.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(ls.calls()).toBe(2);
    expect((await leaseColumns(id)).refreshRetryAt).not.toBeNull();
  });

  it("a login that hangs times out within the lease, and the read answers 503", async () => {
    process.env.REFRESH_LEASE_SECONDS = "2";
    resetEnvCache();
    try {
      ls.set({ accept: aliceOk });
      const s = await setup(recipe("BODY_AUTH"));
      const c = await connect(s);
      await makeDue(c.body.data.id);
      ls.set({ mode: "hang" });
      const started = Date.now();
      const r = await read(s, c.body.data.id);
      expect(r.status).toBe(503);
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      delete process.env.REFRESH_LEASE_SECONDS;
      resetEnvCache();
    }
  });
});
