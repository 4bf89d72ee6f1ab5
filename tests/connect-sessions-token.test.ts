import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { connectSessions, secrets } from "@/db/schema";
import { resetEnvCache } from "@/lib/env";
import { api, newTenant, uniq, userToken } from "./api";
import { startLoginServer, type LoginServer } from "./fakes/login-server";
import { startTokenServer, type TokenServer } from "./fakes/token-server";

// A connect session (the embed) connects with the tenant's session-auth recipe or its
// client-credentials client: POST /secrets as the session, within its components, its
// workspace and its end user, with the login or the token request as the dry run. See
// docs/architecture.md › Embedding, and docs/architecture.md › Session auth and client credentials.

const PASSWORD = "embed-login-pass-0123456789";
let ls: LoginServer;
let ts: TokenServer;
const savedHosts = process.env.OUTBOUND_ALLOW_HOSTS;

beforeAll(async () => {
  ls = await startLoginServer({ accept: (r) => r.fields.username === "alice" && r.fields.password === PASSWORD });
  ts = await startTokenServer();
  process.env.OUTBOUND_ALLOW_HOSTS = "127.0.0.1";
  resetEnvCache();
});
afterEach(() => {
  ls.reset();
  ts.reset();
});
afterAll(async () => {
  await ls.close();
  await ts.close();
  if (savedHosts === undefined) delete process.env.OUTBOUND_ALLOW_HOSTS;
  else process.env.OUTBOUND_ALLOW_HOSTS = savedHosts;
  resetEnvCache();
});

type Tenant = Awaited<ReturnType<typeof newTenant>>;

async function created(r: { status: number; body: { data: { id: string } } }) {
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.data.id;
}

/** The tenant's login recipe for `componentId` at the local login server. */
async function recipe(t: Tenant, componentId = "custom-session") {
  return created(
    await api("POST", "/api/v1/auth-clients", {
      token: t.apiKey,
      body: {
        type: "SESSION_AUTH",
        name: uniq("Login"),
        componentId,
        fields: [
          { name: "username", label: "Username" },
          { name: "password", label: "Password", secret: true },
        ],
        endpoints: {
          auth: {
            url: ls.loginUrl,
            method: "POST",
            authType: "FORM_AUTH",
            requestFields: { username: "{{fields.username}}", password: "{{fields.password}}" },
          },
        },
        tokenPath: "data.token",
        expirationPath: "data.ttl",
      },
    }),
  );
}

/** The tenant's client-credentials client for Custom OAuth2 at the local token endpoint. */
async function machineClient(t: Tenant) {
  return created(
    await api("POST", "/api/v1/auth-clients", {
      token: t.apiKey,
      body: {
        type: "OA2_CLIENT_CREDENTIALS",
        name: uniq("Machine"),
        componentId: "custom-oauth2",
        clientId: ts.clientId,
        clientSecret: ts.clientSecret,
        endpoints: { token: ts.tokenUrl },
        scopes: ["read"],
      },
    }),
  );
}

async function session(t: Tenant, body: Record<string, unknown>) {
  const r = await api("POST", "/api/v1/connect-sessions", { token: t.apiKey, body });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.data as { id: string; token: string };
}

const login = (token: string, authClientId: string, password = PASSWORD, extra: Record<string, unknown> = {}) =>
  api("POST", "/api/v1/secrets", {
    token,
    body: {
      name: uniq("login"),
      type: "SESSION_AUTH",
      componentId: "custom-session",
      value: { authClientId, inputFields: { username: "alice", password } },
      ...extra,
    },
  });

const grant = (token: string, authClientId: string, extra: Record<string, unknown> = {}) =>
  api("POST", "/api/v1/secrets", {
    token,
    body: {
      name: uniq("machine"),
      type: "OA2_CLIENT_CREDENTIALS",
      componentId: "custom-oauth2",
      value: { authClientId },
      ...extra,
    },
  });

async function rowOf(id: string) {
  const db = await getDb();
  const [row] = await db.select().from(secrets).where(eq(secrets.id, id));
  return row;
}

async function endUserOf(sessionId: string) {
  const db = await getDb();
  const [row] = await db.select().from(connectSessions).where(eq(connectSessions.id, sessionId));
  return row.endUserId;
}

describe("a connect session connects with the tenant's session-auth recipe", () => {
  it("GET /components names the recipe's form for its components, and nothing else of the recipe", async () => {
    const t = await newTenant();
    const clientId = await recipe(t);
    const s = await session(t, { username: uniq("u"), components: ["custom-session"] });
    const r = await api("GET", "/api/v1/components", { token: s.token });
    expect(r.status).toBe(200);
    expect(r.body.data).toHaveLength(1);
    expect(r.body.data[0].session).toEqual({
      authClientId: clientId,
      fields: [
        { name: "username", label: "Username", secret: false, required: true },
        { name: "password", label: "Password", secret: true, required: true },
      ],
    });
    expect(JSON.stringify(r.body)).not.toContain(ls.loginUrl);
  });

  it("a wrong password stores nothing (422); the right one lands in the session's workspace and end user", async () => {
    const t = await newTenant();
    await api("POST", "/api/v1/workspaces", { token: t.apiKey, body: { slug: "staging" } });
    const clientId = await recipe(t);
    const username = uniq("u");
    const s = await session(t, { username, components: ["custom-session"], workspace: "staging" });

    const wrong = await login(s.token, clientId, "wrong");
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.code).toBe("verification_failed");
    expect(wrong.body.error.verification).toMatchObject({ ok: false, class: "auth_failed", status: 401 });
    expect(JSON.stringify(wrong.body)).not.toContain("wrong");
    expect((await api("GET", "/api/v1/secrets", { token: s.token })).body.data).toEqual([]);

    const id = await created(await login(s.token, clientId));
    expect(ls.calls()).toBe(2);
    const row = await rowOf(id);
    expect(row.endUserId).toBe(await endUserOf(s.id));
    expect(row.authClientId).toBe(clientId);
    const list = await api("GET", "/api/v1/secrets", { token: s.token });
    expect(list.body.data).toMatchObject([{ id, type: "SESSION_AUTH", workspace: "staging", status: "active" }]);
    expect(JSON.stringify(list.body)).not.toContain(PASSWORD);
    expect(JSON.stringify(list.body)).not.toContain(ls.issued.at(-1)!);

    // The session never reads the value; the tenant's backend, as that end user, does.
    expect((await api("GET", `/api/v1/secrets/${id}`, { token: s.token })).status).toBe(403);
    const read = await api("GET", `/api/v1/secrets/${id}`, { token: await userToken(t.apiKey, username) });
    expect(read.status).toBe(200);
    expect(read.body.data.value).toMatchObject({ authClientId: clientId, accessToken: ls.issued.at(-1) });
    // Another end user does not see it.
    const other = await api("GET", `/api/v1/secrets/${id}`, { token: await userToken(t.apiKey, uniq("other")) });
    expect(other.status).toBe(404);
  });

  it("is refused outside its limits before any login: another component, no component, another workspace", async () => {
    const t = await newTenant();
    const clientId = await recipe(t);
    const docker = await recipe(t, "docker-hub");
    const limited = await session(t, { username: uniq("u"), components: ["http-api"] });
    expect((await login(limited.token, clientId)).status).toBe(403);
    // Naming no component (the client's would be taken) is refused to a session with a list.
    const bare = await api("POST", "/api/v1/secrets", {
      token: limited.token,
      body: {
        name: "bare",
        type: "SESSION_AUTH",
        value: { authClientId: clientId, inputFields: { username: "alice", password: PASSWORD } },
      },
    });
    expect(bare.status).toBe(403);
    await api("POST", "/api/v1/workspaces", { token: t.apiKey, body: { slug: "staging" } });
    const own = await session(t, { username: uniq("u"), components: ["custom-session"], workspace: "staging" });
    expect((await login(own.token, clientId, PASSWORD, { workspace: "production" })).status).toBe(403);
    // Its component named, but another component's recipe: refused as not this component's client.
    const mismatch = await login(own.token, docker);
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.error.issues).toEqual([
      expect.objectContaining({ path: "componentId", message: "The auth client is for Docker Hub" }),
    ]);
    expect(ls.calls()).toBe(0);
  });
});

describe("a connect session connects with the tenant's client-credentials client", () => {
  it("the first token is the dry run; the secret is its end user's, in its workspace, linked to the client", async () => {
    const t = await newTenant();
    const clientId = await machineClient(t);
    const username = uniq("u");
    const s = await session(t, { username, components: ["custom-oauth2"] });
    const components = await api("GET", "/api/v1/components", { token: s.token });
    expect(components.body.data[0].clientCredentials).toEqual({ authClientId: clientId });

    const id = await created(await grant(s.token, clientId));
    expect(ts.requests).toHaveLength(1);
    const row = await rowOf(id);
    expect(row).toMatchObject({
      endUserId: await endUserOf(s.id),
      authClientId: clientId,
      type: "OA2_CLIENT_CREDENTIALS",
    });
    const list = await api("GET", "/api/v1/secrets", { token: s.token });
    expect(list.body.data).toMatchObject([{ id, workspace: "production", status: "active" }]);
    expect(JSON.stringify(list.body)).not.toContain(ts.clientSecret);
    const read = await api("GET", `/api/v1/secrets/${id}`, { token: await userToken(t.apiKey, username) });
    expect(read.body.data.value.authClientId).toBe(clientId);
  });

  it("is refused for a component outside its list, or another workspace, before any token request", async () => {
    const t = await newTenant();
    const clientId = await machineClient(t);
    const limited = await session(t, { username: uniq("u"), components: ["custom-session"] });
    const refused = await grant(limited.token, clientId);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("forbidden");
    await api("POST", "/api/v1/workspaces", { token: t.apiKey, body: { slug: "staging" } });
    const own = await session(t, { username: uniq("u"), components: ["custom-oauth2"], workspace: "staging" });
    expect((await grant(own.token, clientId, { workspace: "production" })).status).toBe(403);
    expect(ts.requests).toHaveLength(0);
  });

  it("a token endpoint that refuses stores nothing and answers 422 without the client's secret", async () => {
    const t = await newTenant();
    const clientId = await machineClient(t);
    const s = await session(t, { username: uniq("u"), components: ["custom-oauth2"] });
    ts.set({ mode: "500" });
    const r = await grant(s.token, clientId);
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe("verification_failed");
    expect(JSON.stringify(r.body)).not.toContain(ts.clientSecret);
    expect((await api("GET", "/api/v1/secrets", { token: s.token })).body.data).toEqual([]);
  });
});
