import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { secrets } from "@/db/schema";
import { resetEnvCache } from "@/lib/env";
import { api, newTenant, uniq, userToken } from "./api";
import { startOidcServer, type OidcServer } from "./fakes/oidc-server";
import { startTokenServer, type TokenServer } from "./fakes/token-server";
import { leaseColumns } from "./support/oauth-secret";

// OAuth2 client credentials (issue 10): auth clients of type OA2_CLIENT_CREDENTIALS, the first
// token fetched as the dry run, and a new one fetched on read when due, under the refresh
// lease. Against oidc-provider (a real authorization server on 127.0.0.1) and, for failure
// injection and the extra token parameters, the small token endpoint of tests/fakes.

const CC = { clientId: "ic-machine", clientSecret: "ic-machine-secret-0123456789abcdef", scope: "api:read api:write" };
let op: OidcServer;
let ts: TokenServer;
const saved = process.env.OUTBOUND_ALLOW_HOSTS;
const setHosts = (v: string | undefined) => {
  if (v === undefined) delete process.env.OUTBOUND_ALLOW_HOSTS;
  else process.env.OUTBOUND_ALLOW_HOSTS = v;
  resetEnvCache();
};

beforeAll(async () => {
  op = await startOidcServer({ redirectUri: "http://localhost:3000/api/v1/callback", clientCredentials: CC });
  ts = await startTokenServer();
  setHosts("127.0.0.1");
});
afterEach(() => {
  op.reset();
  ts.reset();
});
afterAll(async () => {
  await op.close();
  await ts.close();
  setHosts(saved);
});

/** A tenant with a client-credentials client (`body` over defaults at oidc-provider) and an end user. */
async function setup(body: Record<string, unknown> = {}) {
  const t = await newTenant();
  const c = await api("POST", "/api/v1/auth-clients", {
    token: t.apiKey,
    body: {
      type: "OA2_CLIENT_CREDENTIALS",
      name: uniq("Machine"),
      componentId: "custom-oauth2",
      clientId: CC.clientId,
      clientSecret: CC.clientSecret,
      endpoints: { token: op.endpoints.token },
      scopes: ["api:read"],
      ...body,
    },
  });
  if (c.status !== 201) throw new Error(`client: ${JSON.stringify(c.body)}`);
  const token = await userToken(t.apiKey, uniq("user"));
  return { ...t, client: c.body.data, token };
}

const connect = (s: { token: string; client: { id: string } }, extra: Record<string, unknown> = {}) =>
  api("POST", "/api/v1/secrets", {
    token: s.token,
    body: { name: uniq("cc"), type: "OA2_CLIENT_CREDENTIALS", value: { authClientId: s.client.id }, ...extra },
  });
const read = (s: { token: string }, id: string) => api("GET", `/api/v1/secrets/${id}`, { token: s.token });
const live = async (token: string) => !!(await op.provider.ClientCredentials.find(token));

async function makeDue(id: string, at = Date.now() - 60_000) {
  const db = await getDb();
  await db
    .update(secrets)
    .set({ expires: new Date(at) })
    .where(eq(secrets.id, id));
}

describe("client-credentials auth clients", () => {
  it("hold the client id and secret (hint only), the token URL, scopes and extra token parameters; no browser step", async () => {
    const s = await setup({ tokenParams: { audience: "https://api.example.com" } });
    expect(s.client).toMatchObject({
      type: "OA2_CLIENT_CREDENTIALS",
      clientId: CC.clientId,
      clientSecretHint: `****${CC.clientSecret.slice(-4)}`,
      endpoints: { token: op.endpoints.token },
      scopes: ["api:read"],
      tokenParams: { audience: "https://api.example.com" },
      pkce: false,
    });
    expect(s.client.endpoints.auth).toBeUndefined();
  });

  it.each([
    ["no client secret", { clientSecret: undefined }, "clientSecret"],
    ["a component without client credentials", { componentId: "slack" }, "componentId"],
    ["no token URL", { endpoints: {} }, "endpoints.token"],
  ])("refuse %s", async (_, body, path) => {
    const t = await newTenant();
    const r = await api("POST", "/api/v1/auth-clients", {
      token: t.apiKey,
      body: {
        type: "OA2_CLIENT_CREDENTIALS",
        name: "x",
        componentId: "custom-oauth2",
        clientId: "id",
        clientSecret: "secret",
        endpoints: { token: op.endpoints.token },
        ...body,
      },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.issues.map((i: { path: string }) => i.path)).toContain(path);
  });

  it("PayPal (client credentials only) pre-fills its templated token URL and nothing of a browser flow", async () => {
    const t = await newTenant();
    const r = await api("POST", "/api/v1/auth-clients", {
      token: t.apiKey,
      body: {
        type: "OA2_CLIENT_CREDENTIALS",
        name: "PayPal",
        componentId: "paypal",
        clientId: "id",
        clientSecret: "s",
      },
    });
    expect(r.status).toBe(201);
    expect(r.body.data).toMatchObject({
      endpoints: { token: "https://{{apiHost}}/v1/oauth2/token" },
      tokenEndpointAuthMethod: "client_secret_basic",
      pkce: false,
      authParams: {},
    });
    // The environment is a choice: a host outside it is refused before any request is made.
    const token = await userToken(t.apiKey, uniq("user"));
    const bad = await connect({ token, client: r.body.data }, { config: { apiHost: "evil.example.com" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0].path).toBe("config.apiHost");
  });
});

describe("client-credentials secrets against oidc-provider", () => {
  it("the first token is fetched as the dry run and stored in FlowMate's shape", async () => {
    const s = await setup();
    // Integration code finds the client to connect with on the component.
    const component = await api("GET", "/api/v1/components/custom-oauth2", { token: s.token });
    expect(component.body.data.clientCredentials).toEqual({ authClientId: s.client.id });
    expect(component.body.data.oauth.authClientId).toBeUndefined();
    const c = await connect(s);
    expect(c.status).toBe(201);
    expect(op.tokenCalls()).toBe(1);
    expect(op.grants).toEqual(["client_credentials"]);
    expect(c.body.data).toMatchObject({
      type: "OA2_CLIENT_CREDENTIALS",
      componentId: "custom-oauth2",
      scope: "api:read",
    });
    expect(c.body.data.value).toEqual({ authClientId: s.client.id, scope: "api:read", expires: expect.any(String) });
    const r = await read(s, c.body.data.id);
    expect(Object.keys(r.body.data.value).sort()).toEqual(["accessToken", "authClientId", "expires", "scope"]);
    expect(await live(r.body.data.value.accessToken)).toBe(true);
    expect(JSON.stringify(c.body)).not.toContain(r.body.data.value.accessToken);
    const expires = new Date(r.body.data.value.expires).getTime();
    expect(expires).toBeGreaterThan(Date.now() + 3500_000);
    const auth = await api("GET", `/api/v1/secrets/${c.body.data.id}/request-auth`, { token: s.token });
    expect(auth.body.data.headers).toEqual({ Authorization: `Bearer ${r.body.data.value.accessToken}` });
  });

  it("is cached while fresh, re-fetched when due, and N concurrent readers cause one token call", async () => {
    const s = await setup();
    const c = await connect(s);
    const id = c.body.data.id;
    const first = (await read(s, id)).body.data.value.accessToken;
    for (let i = 0; i < 5; i++) expect((await read(s, id)).body.data.value.accessToken).toBe(first);
    expect(op.tokenCalls()).toBe(1);

    await makeDue(id, Date.now() + 60_000); // within the 300 s buffer
    const reads = await Promise.all(Array.from({ length: 25 }, () => read(s, id)));
    expect(reads.map((r) => r.status)).toEqual(Array(25).fill(200));
    const tokens = new Set(reads.map((r) => r.body.data.value.accessToken));
    expect(tokens.size).toBe(1);
    const [fresh] = tokens;
    expect(fresh).not.toBe(first);
    expect(await live(fresh)).toBe(true);
    expect(op.tokenCalls()).toBe(2);
    expect((await read(s, id)).body.data.value.accessToken).toBe(fresh);
    expect(op.tokenCalls()).toBe(2);
    expect(await leaseColumns(id)).toMatchObject({ leaseOwner: null, status: "active" });
  });

  it("a wrong client secret stores nothing (422, the OAuth error code only)", async () => {
    const s = await setup({ clientSecret: "not-the-secret-0123456789" });
    const r = await connect(s);
    expect(r.status).toBe(422);
    expect(r.body.error.verification).toMatchObject({ ok: false, class: "auth_failed", code: "invalid_client" });
    expect((await api("GET", "/api/v1/secrets", { token: s.token })).body.data).toEqual([]);
  });

  it("Refresh now fetches a new token whether due or not", async () => {
    const s = await setup();
    const c = await connect(s);
    const before = (await read(s, c.body.data.id)).body.data.value.accessToken;
    const r = await api("POST", `/api/v1/secrets/${c.body.data.id}/refresh`, { token: s.token });
    expect(r.status).toBe(200);
    expect(op.tokenCalls()).toBe(2);
    const after = (await read(s, c.body.data.id)).body.data.value.accessToken;
    expect(after).not.toBe(before);
    expect(await live(after)).toBe(true);
  });
});

describe("client-credentials secrets: parameters and failures (local token endpoint)", () => {
  const local = (body: Record<string, unknown> = {}) =>
    setup({
      clientId: ts.clientId,
      clientSecret: ts.clientSecret,
      endpoints: { token: ts.tokenUrl },
      scopes: ["read", "write"],
      tokenEndpointAuthMethod: "client_secret_post",
      tokenParams: { audience: "https://api.example.com" },
      ...body,
    });

  it("sends the scopes, the extra token parameters and the client auth method", async () => {
    const s = await local();
    expect((await connect(s)).status).toBe(201);
    expect(ts.requests[0].form).toEqual({
      grant_type: "client_credentials",
      scope: "read write",
      audience: "https://api.example.com",
      client_id: ts.clientId,
      client_secret: ts.clientSecret,
    });
    expect(ts.requests[0].authorization).toBeUndefined();
  });

  it("a 5xx keeps a still-valid token; once it has run out, 503 with Retry-After", async () => {
    const s = await local();
    const c = await connect(s);
    const id = c.body.data.id;
    const token = (await read(s, id)).body.data.value.accessToken;
    await makeDue(id, Date.now() + 60_000);
    ts.set({ mode: "500" });
    const kept = await read(s, id);
    expect(kept.status).toBe(200);
    expect(kept.body.data.value.accessToken).toBe(token);
    await makeDue(id);
    const spent = await read(s, id);
    expect(spent.status).toBe(503);
    expect(spent.headers.get("retry-after")).toBeTruthy();
    // The auth client needs fixing, not an end user: the secret is not expired, and no
    // instance asks again before the cool-down ends.
    expect(await leaseColumns(id)).toMatchObject({ status: "active", refreshRetryAt: expect.any(Date) });
    expect(ts.requests.length).toBe(2);
  });

  it("no expires_in: the token is reused until Refresh now", async () => {
    ts.set({ expiresIn: null });
    const s = await local();
    const c = await connect(s);
    expect(c.body.data.expires).toBeNull();
    for (let i = 0; i < 3; i++) await read(s, c.body.data.id);
    expect(ts.requests.length).toBe(1);
    await api("POST", `/api/v1/secrets/${c.body.data.id}/refresh`, { token: s.token });
    expect(ts.requests.length).toBe(2);
  });
});
