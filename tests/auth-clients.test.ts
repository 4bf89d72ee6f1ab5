import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditEvents, authClients, oauthFlows, secrets, workspaces } from "@/db/schema";
import { getComponent } from "@/lib/components";
import { envelopeKeyVersion } from "@/lib/crypto/aead";
import { rotateTenant } from "@/lib/crypto/rotation";
import { env, resetEnvCache } from "@/lib/env";
import { clientSecretOf, getAuthClient, publicAuthClient, redirectUri } from "@/lib/oauth/clients";
import { authClientPublicSchema } from "@/lib/oauth/schemas";
import { api, memberCookie, newTenant, uniq, userToken } from "./api";

const write = { "x-requested-with": "fetch" };
const saved = { allow: process.env.OUTBOUND_ALLOW_HOSTS, publicUrl: process.env.PUBLIC_URL };
let server: Server;
let local: string; // a loopback "provider" the allow-list names

beforeAll(async () => {
  // The save-time SSRF check only resolves and checks addresses; nothing needs to answer,
  // but a listening port keeps the loopback case realistic.
  server = createServer((_, res) => res.end("{}"));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  local = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.OUTBOUND_ALLOW_HOSTS = "127.0.0.1";
  process.env.PUBLIC_URL = "https://vault.example.test/";
  resetEnvCache();
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  for (const [k, v] of [
    ["OUTBOUND_ALLOW_HOSTS", saved.allow],
    ["PUBLIC_URL", saved.publicUrl],
  ] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvCache();
});

/** The endpoints an auth client takes from a catalogue entry, placeholders kept. */
function catalogueEndpoints(id: string) {
  const o = getComponent(id)!.oauth!;
  return {
    auth: o.authorizationUrl,
    token: o.tokenUrl,
    ...(o.revocationUrl && { revocation: o.revocationUrl }),
    ...(o.userinfoUrl && { userinfo: o.userinfoUrl }),
  };
}

const customBody = (over: Record<string, unknown> = {}) => ({
  name: uniq("custom"),
  componentId: "custom-oauth2",
  clientId: "client-123",
  clientSecret: "custom-secret-0123456789",
  endpoints: { auth: `${local}/authorize`, token: `${local}/token` },
  ...over,
});

describe("the redirect URI", () => {
  it("is PUBLIC_URL/api/v1/callback exactly, and a malformed PUBLIC_URL stops start-up", () => {
    expect(redirectUri()).toBe("https://vault.example.test/api/v1/callback");
    try {
      for (const bad of [
        "ftp://vault.example.test",
        "https://vault.example.test/?x=1",
        "https://user:pw@vault.example.test",
        "vault.example.test",
      ]) {
        process.env.PUBLIC_URL = bad;
        resetEnvCache();
        expect(() => env(), bad).toThrow(/PUBLIC_URL/);
      }
      delete process.env.PUBLIC_URL;
      process.env.PORT = "4321";
      resetEnvCache();
      expect(redirectUri()).toBe("http://localhost:4321/api/v1/callback");
    } finally {
      delete process.env.PORT;
      process.env.PUBLIC_URL = "https://vault.example.test/";
      resetEnvCache();
    }
  });
});

describe("auth clients: create from the catalogue", () => {
  it("pre-fills endpoints, scopes, auth method and PKCE, and shows the secret as a hint only", async () => {
    const t = await newTenant();
    const secret = "gh-secret-abcdefghijklmnop-wxyz";
    const r = await api("POST", "/api/v1/auth-clients", {
      token: t.apiKey,
      body: { name: "GitHub app", componentId: "github", clientId: "Iv1.123", clientSecret: secret },
    });
    expect(r.status).toBe(201);
    const gh = getComponent("github")!.oauth!;
    expect(r.body.data).toMatchObject({
      name: "GitHub app",
      type: "OA2_AUTHORIZATION_CODE",
      componentId: "github",
      clientId: "Iv1.123",
      clientSecretHint: "****wxyz",
      endpoints: catalogueEndpoints("github"),
      scopes: gh.defaultScopes,
      tokenEndpointAuthMethod: gh.tokenEndpointAuthMethod,
      pkce: gh.pkce,
      refreshWithScope: false,
      issuer: null,
      redirectUri: "https://vault.example.test/api/v1/callback",
    });
    expect(r.body.data.id).toBe(r.body.data._id);
    expect(r.body.data).not.toHaveProperty("clientSecret");
    expect(r.body.data).not.toHaveProperty("clientSecretCiphertext");
    expect(JSON.stringify(r.body)).not.toContain(secret);
  });

  it("keeps {{field}} placeholders of templated endpoints (Zendesk subdomain)", async () => {
    const t = await newTenant();
    const r = await api("POST", "/api/v1/auth-clients", {
      token: t.apiKey,
      body: { name: "Zendesk", componentId: "zendesk", clientId: "zd" },
    });
    expect(r.status).toBe(201);
    expect(r.body.data.endpoints).toEqual(catalogueEndpoints("zendesk"));
    expect(r.body.data.endpoints).toMatchObject({
      auth: "https://{{subdomain}}.zendesk.com/oauth/authorizations/new",
      token: "https://{{subdomain}}.zendesk.com/oauth/tokens",
    });
    expect(r.body.data.clientSecretHint).toBeNull();
  });

  it("lets explicit fields override the catalogue", async () => {
    const t = await newTenant();
    const r = await api("POST", "/api/v1/auth-clients", {
      token: t.apiKey,
      body: {
        name: "Google, my way",
        componentId: "google-drive",
        clientId: "g",
        scopes: "openid email",
        pkce: false,
        tokenEndpointAuthMethod: "client_secret_basic",
        authParams: "access_type=online\nhd=example.com",
        endpoints: { revocation: null },
      },
    });
    expect(r.status).toBe(201);
    const google = getComponent("google-drive")!.oauth!;
    expect(r.body.data).toMatchObject({
      scopes: ["openid", "email"],
      pkce: false,
      tokenEndpointAuthMethod: "client_secret_basic",
      authParams: { access_type: "online", hd: "example.com" },
    });
    // The catalogue's revocation endpoint is dropped by the explicit null; the rest stay.
    expect(google.revocationUrl).toBeDefined();
    const { revocation: _dropped, ...rest } = catalogueEndpoints("google-drive");
    expect(r.body.data.endpoints).toEqual(rest);
  });

  it("refuses unknown components and components without the client's flow", async () => {
    const t = await newTenant();
    const post = (body: object) =>
      api("POST", "/api/v1/auth-clients", { token: t.apiKey, body: { name: "x", clientId: "c", ...body } });
    const unknown = await post({ componentId: "no-such-thing" });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.issues).toEqual([{ path: "componentId", message: "Unknown component" }]);
    const noOauth = await post({ componentId: "postgresql" });
    expect(noOauth.status).toBe(400);
    expect(noOauth.body.error.issues[0].message).toMatch(/no OAuth2 authorization-code flow/);
    // Client credentials and session auth are creatable (tests/client-credentials.test.ts,
    // tests/session-auth.test.ts), each only for components that accept them.
    const cc = await post({ componentId: "github", clientSecret: "s", type: "OA2_CLIENT_CREDENTIALS" });
    expect(cc.status).toBe(400);
    expect(cc.body.error.issues[0].message).toMatch(/no OAuth2 client-credentials flow/);
    const session = await api("POST", "/api/v1/auth-clients", {
      token: t.apiKey,
      body: { name: "x", type: "SESSION_AUTH", componentId: "github" },
    });
    expect(session.body.error.issues).toEqual([
      { path: "componentId", message: "GitHub does not accept SESSION_AUTH credentials" },
    ]);
  });
});

describe("auth clients: a host whoever connects would choose", () => {
  // Auth0's endpoints are https://{{domain}}/…: filled per connection, the connection would
  // pick the server the client secret is posted to. Such a host is named by the admin, once.
  it.each(["auth0", "okta", "gitlab"])(
    "%s: refused with the catalogue's {{host}} placeholders, until the admin names the host",
    async (componentId) => {
      const t = await newTenant();
      const body = { name: uniq(componentId), componentId, clientId: "c", clientSecret: "client-secret-0123456789" };
      const refused = await api("POST", "/api/v1/auth-clients", { token: t.apiKey, body });
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe("validation_failed");
      const paths = (refused.body.error.issues as { path: string; message: string }[]).map((i) => i.path);
      expect(paths).toEqual(expect.arrayContaining(["endpoints.auth", "endpoints.token"]));
      expect(refused.body.error.issues[0].message).toMatch(/\{\{\w+\}\}.*whoever connects/);
      const db = await getDb();
      expect(await db.select().from(authClients).where(eq(authClients.tenantId, t.tenantId))).toEqual([]);

      const named = await api("POST", "/api/v1/auth-clients", {
        token: t.apiKey,
        body: {
          ...body,
          endpoints: {
            auth: `${local}/authorize`,
            token: `${local}/token`,
            revocation: null,
            userinfo: null,
          },
        },
      });
      expect(named.status, JSON.stringify(named.body)).toBe(201);
    },
  );

  it("a connection cannot move the token endpoint, and a stored client that still has such a host is refused", async () => {
    const t = await newTenant();
    const created = await api("POST", "/api/v1/auth-clients", {
      token: t.apiKey,
      body: {
        name: "Auth0",
        componentId: "auth0",
        clientId: "c",
        clientSecret: "client-secret-0123456789",
        endpoints: { auth: `${local}/authorize`, token: `${local}/token`, revocation: null, userinfo: null },
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.data.id as string;
    const start = () =>
      api("POST", `/api/v1/auth-clients/${id}/start-flow?username=${uniq("u")}`, {
        token: t.apiKey,
        body: { config: { domain: "evil.example" } },
      });
    const started = await start();
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    const db = await getDb();
    const flows = () => db.select().from(oauthFlows).where(eq(oauthFlows.tenantId, t.tenantId));
    const [flow] = await flows();
    expect(flow.pinned.endpoints.token).toBe(`${local}/token`);

    // A client saved before this rule, its token URL still https://{{domain}}/oauth/token.
    await db
      .update(authClients)
      .set({ endpoints: catalogueEndpoints("auth0") })
      .where(eq(authClients.id, id));
    const refused = await start();
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/whoever connects/);
    expect(await flows()).toHaveLength(1);
  });

  it("client credentials: a stored client whose token host a connection would choose gets no token request", async () => {
    const t = await newTenant();
    let tokenRequests = 0;
    const tokenServer = createServer((_, res) => {
      tokenRequests++;
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ access_token: "at-0123456789", token_type: "Bearer", expires_in: 3600 }));
    });
    await new Promise<void>((r) => tokenServer.listen(0, "127.0.0.1", r));
    try {
      const token = `http://127.0.0.1:${(tokenServer.address() as AddressInfo).port}/oauth/token`;
      const created = await api("POST", "/api/v1/auth-clients", {
        token: t.apiKey,
        body: {
          type: "OA2_CLIENT_CREDENTIALS",
          name: "Auth0 machine",
          componentId: "auth0",
          clientId: "m",
          clientSecret: "machine-secret-0123456789",
          endpoints: { token, revocation: null },
        },
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const connect = () =>
        api("POST", "/api/v1/secrets", {
          token: t.apiKey,
          body: {
            name: uniq("m2m"),
            type: "OA2_CLIENT_CREDENTIALS",
            componentId: "auth0",
            config: { domain: "evil.example" },
            value: { authClientId: created.body.data.id },
          },
        });
      const ok = await connect();
      expect(ok.status, JSON.stringify(ok.body)).toBe(201);
      expect(tokenRequests).toBe(1);

      const db = await getDb();
      await db
        .update(authClients)
        .set({ endpoints: { token: "https://{{domain}}/oauth/token" } })
        .where(eq(authClients.id, created.body.data.id));
      const refused = await connect();
      expect(refused.status).toBe(400);
      expect(refused.body.error.message).toMatch(/whoever connects/);
      expect(tokenRequests).toBe(1);
    } finally {
      await new Promise((r) => tokenServer.close(r));
    }
  });

  it("placeholders confined to a domain (Shopify's {{shop}}.myshopify.com) or to fixed choices stay per connection", async () => {
    const t = await newTenant();
    for (const componentId of ["shopify", "zendesk", "zoho-crm"]) {
      const r = await api("POST", "/api/v1/auth-clients", {
        token: t.apiKey,
        body: { name: uniq(componentId), componentId, clientId: "c", clientSecret: "client-secret-0123456789" },
      });
      expect(r.status, `${componentId}: ${JSON.stringify(r.body)}`).toBe(201);
      expect(r.body.data.endpoints).toEqual(catalogueEndpoints(componentId));
    }
  });
});

describe("auth clients: Custom OAuth2", () => {
  it("requires the endpoints by hand", async () => {
    const t = await newTenant();
    const r = await api("POST", "/api/v1/auth-clients", {
      token: t.apiKey,
      body: { name: "custom", componentId: "custom-oauth2", clientId: "c" },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.issues.map((i: { path: string }) => i.path)).toEqual(["endpoints.auth", "endpoints.token"]);
    const none = await api("POST", "/api/v1/auth-clients", {
      token: t.apiKey,
      body: { name: "custom", clientId: "c", endpoints: { auth: `${local}/a` } },
    });
    expect(none.status).toBe(400);
    expect(none.body.error.issues).toEqual([{ path: "endpoints.token", message: "Custom OAuth2 needs the token URL" }]);
  });

  it("is created with every field given, on an allow-listed loopback host", async () => {
    const t = await newTenant();
    const r = await api("POST", "/api/v1/auth-clients", {
      token: t.apiKey,
      body: customBody({ scopes: ["openid", "offline_access"] }),
    });
    expect(r.status).toBe(201);
    expect(r.body.data).toMatchObject({
      componentId: "custom-oauth2",
      pkce: true,
      tokenEndpointAuthMethod: "client_secret_basic",
      scopes: ["openid", "offline_access"],
    });
  });

  it("refuses placeholders, which a custom client has no fields for", async () => {
    const t = await newTenant();
    const r = await api("POST", "/api/v1/auth-clients", {
      token: t.apiKey,
      body: customBody({ endpoints: { auth: "https://{{tenant}}.example.com/authorize", token: `${local}/token` } }),
    });
    expect(r.status).toBe(400);
    expect(r.body.error.issues[0].path).toBe("endpoints.auth");
  });
});

describe("auth clients: endpoint URLs pass the SSRF policy when saved", () => {
  const cases: Array<[string, string, RegExp]> = [
    ["cloud metadata (link-local)", "https://169.254.169.254/token", /169\.254\.169\.254 is not an allowed address/],
    ["a private address", "https://10.0.0.7/token", /10\.0\.0\.7 is not an allowed address/],
    ["loopback on a port the allow-list does not cover by https", "https://[::1]:8443/token", /not an allowed address/],
    ["an IPv4-mapped loopback", "https://[::ffff:127.0.0.2]/token", /not an allowed address/],
    ["plain http to a public host", "http://auth.example.com/token", /must use https/],
    ["credentials in the URL", "https://user:pw@auth.example.com/token", /must not contain credentials/],
    ["a scheme other than http(s)", "ftp://auth.example.com/token", /must start with https/],
    ["a placeholder in the scheme", "{{scheme}}://auth.example.com/token", /must start with https/],
    // RFC 6761: .invalid never resolves.
    ["a host that does not resolve", "https://auth.example.invalid/token", /auth\.example\.invalid does not resolve/],
  ];
  it.each(cases)("refuses %s", async (_, url, message) => {
    const t = await newTenant();
    const r = await api("POST", "/api/v1/auth-clients", {
      token: t.apiKey,
      body: customBody({ endpoints: { auth: `${local}/authorize`, token: url } }),
    });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("validation_failed");
    expect(r.body.error.issues).toEqual([{ path: "endpoints.token", message: expect.stringMatching(message) }]);
  });

  it("checks a catalogue client's own endpoints and its issuer too", async () => {
    const t = await newTenant();
    const r = await api("POST", "/api/v1/auth-clients", {
      token: t.apiKey,
      body: {
        name: "gh",
        componentId: "github",
        clientId: "c",
        endpoints: { userinfo: "https://192.168.1.1/user" },
        issuer: "https://127.0.0.2",
      },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.issues.map((i: { path: string }) => i.path)).toEqual(["endpoints.userinfo", "issuer"]);
  });

  it("checks a changed endpoint on PATCH, and needs the secret again when the token endpoint moves", async () => {
    const t = await newTenant();
    const c = await api("POST", "/api/v1/auth-clients", { token: t.apiKey, body: customBody() });
    const id = c.body.data.id;
    const blocked = await api("PATCH", `/api/v1/auth-clients/${id}`, {
      token: t.apiKey,
      body: { endpoints: { token: "https://169.254.169.254/t" }, clientSecret: "x".repeat(20) },
    });
    expect(blocked.status).toBe(400);
    expect(blocked.body.error.issues[0].path).toBe("endpoints.token");

    const moved = await api("PATCH", `/api/v1/auth-clients/${id}`, {
      token: t.apiKey,
      body: { endpoints: { token: `${local}/other-token` } },
    });
    expect(moved.status).toBe(400);
    expect(moved.body.error.issues).toEqual([
      { path: "clientSecret", message: expect.stringMatching(/enter it again/) },
    ]);
    expect((await api("GET", `/api/v1/auth-clients/${id}`, { token: t.apiKey })).body.data.endpoints.token).toBe(
      `${local}/token`,
    );

    const ok = await api("PATCH", `/api/v1/auth-clients/${id}`, {
      token: t.apiKey,
      body: { endpoints: { token: `${local}/other-token` }, clientSecret: "new-secret-0123456789-9876" },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.data).toMatchObject({ endpoints: { token: `${local}/other-token` }, clientSecretHint: "****9876" });

    // A change that leaves the destinations alone keeps the secret.
    const renamed = await api("PATCH", `/api/v1/auth-clients/${id}`, {
      token: t.apiKey,
      body: { name: "renamed", scopes: "a b" },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.data).toMatchObject({ name: "renamed", scopes: ["a", "b"], clientSecretHint: "****9876" });
    const db = await getDb();
    expect(await clientSecretOf(db, await getAuthClient(db, { tenantId: t.tenantId, id }))).toBe(
      "new-secret-0123456789-9876",
    );
  });
});

describe("auth clients: who may do what", () => {
  it("admins write; developers read but cannot write; viewers and end users are refused", async () => {
    const t = await newTenant();
    const [admin, developer, viewer] = await Promise.all(
      (["admin", "developer", "viewer"] as const).map((r) => memberCookie(t.tenantId, r)),
    );
    const user = await userToken(t.apiKey, uniq("user"));

    const made = await api("POST", "/api/v1/auth-clients", {
      cookie: admin,
      headers: write,
      body: customBody({ name: "by admin" }),
    });
    expect(made.status).toBe(201);
    const id = made.body.data.id;

    for (const cookie of [admin, developer]) {
      expect((await api("GET", "/api/v1/auth-clients", { cookie })).status).toBe(200);
      expect((await api("GET", `/api/v1/auth-clients/${id}`, { cookie })).body.data.name).toBe("by admin");
    }
    for (const [method, path, body] of [
      ["POST", "/api/v1/auth-clients", customBody()],
      ["PATCH", `/api/v1/auth-clients/${id}`, { name: "dev was here" }],
      ["DELETE", `/api/v1/auth-clients/${id}`, undefined],
    ] as const) {
      const r = await api(method, path, { cookie: developer, headers: write, body });
      expect(r.status, `developer ${method}`).toBe(403);
    }
    for (const creds of [{ cookie: viewer }, { token: user }]) {
      expect((await api("GET", "/api/v1/auth-clients", creds)).status).toBe(403);
      expect((await api("GET", `/api/v1/auth-clients/${id}`, creds)).status).toBe(403);
    }
    expect((await api("GET", `/api/v1/auth-clients/${id}`, { token: t.apiKey })).body.data.name).toBe("by admin");
    expect(
      (await api("PATCH", `/api/v1/auth-clients/${id}`, { cookie: admin, headers: write, body: { name: "renamed" } }))
        .status,
    ).toBe(200);
    expect((await api("DELETE", `/api/v1/auth-clients/${id}`, { cookie: admin, headers: write })).status).toBe(204);
  });

  it("answers 404 for another tenant's client and for a malformed id, and lists only its own", async () => {
    const a = await newTenant();
    const b = await newTenant();
    const mine = await api("POST", "/api/v1/auth-clients", { token: a.apiKey, body: customBody() });
    const id = mine.body.data.id;
    for (const [method, body] of [
      ["GET", undefined],
      ["PATCH", { name: "stolen" }],
      ["DELETE", undefined],
    ] as const) {
      const r = await api(method, `/api/v1/auth-clients/${id}`, { token: b.apiKey, body });
      expect(r.status, method).toBe(404);
      expect(r.body.error).toEqual({ code: "not_found", message: "Auth client not found" });
    }
    expect((await api("GET", "/api/v1/auth-clients/not-a-uuid", { token: a.apiKey })).status).toBe(404);
    expect((await api("GET", "/api/v1/auth-clients", { token: b.apiKey })).body.meta.total).toBe(0);
    expect((await api("GET", `/api/v1/auth-clients/${id}`, { token: a.apiKey })).body.data.name).toBe(
      mine.body.data.name,
    );
  });
});

describe("auth clients: list, components and delete", () => {
  it("pages like other lists and filters by component", async () => {
    const t = await newTenant();
    for (const name of ["one", "two", "three"]) {
      expect((await api("POST", "/api/v1/auth-clients", { token: t.apiKey, body: customBody({ name }) })).status).toBe(
        201,
      );
    }
    await api("POST", "/api/v1/auth-clients", {
      token: t.apiKey,
      body: { name: "gh", componentId: "github", clientId: "c" },
    });
    const page = await api("GET", "/api/v1/auth-clients?page[size]=2&page[number]=2", { token: t.apiKey });
    expect(page.body.meta).toEqual({ page: 2, perPage: 2, total: 4, totalPages: 2 });
    expect(page.body.data.map((c: { name: string }) => c.name)).toEqual(["two", "one"]);
    const gh = await api("GET", "/api/v1/auth-clients?component=github", { token: t.apiKey });
    expect(gh.body.data.map((c: { name: string }) => c.name)).toEqual(["gh"]);
  });

  it("GET /components names the caller's tenant's client for a component, and no other tenant's", async () => {
    const a = await newTenant();
    const b = await newTenant();
    const first = await api("POST", "/api/v1/auth-clients", {
      token: a.apiKey,
      body: { name: "gh", componentId: "github", clientId: "c" },
    });
    await api("POST", "/api/v1/auth-clients", {
      token: a.apiKey,
      body: { name: "gh 2", componentId: "github", clientId: "d" },
    });
    const list = await api("GET", "/api/v1/components", { token: a.apiKey });
    const gh = list.body.data.find((c: { id: string }) => c.id === "github");
    expect(gh.oauth).toEqual({
      defaultScopes: getComponent("github")!.oauth!.defaultScopes,
      authClientId: first.body.data.id,
    });
    expect(list.body.data.find((c: { id: string }) => c.id === "gitlab").oauth.authClientId).toBeUndefined();
    const one = await api("GET", "/api/v1/components/github", { token: a.apiKey });
    expect(one.body.data.oauth.authClientId).toBe(first.body.data.id);
    const other = await api("GET", "/api/v1/components/github", { token: b.apiKey });
    expect(other.body.data.oauth).toEqual({ defaultScopes: getComponent("github")!.oauth!.defaultScopes });
  });

  it("answers 409 in_use with the count while secrets use the client, then deletes it", async () => {
    const t = await newTenant();
    const c = await api("POST", "/api/v1/auth-clients", { token: t.apiKey, body: customBody() });
    const id = c.body.data.id;
    const db = await getDb();
    const [ws] = await db.select().from(workspaces).where(eq(workspaces.tenantId, t.tenantId)).limit(1);
    const rows = await db
      .insert(secrets)
      .values(
        [1, 2].map((i) => ({
          tenantId: t.tenantId,
          workspaceId: ws.id,
          name: `conn ${i}`,
          type: "OA2_AUTHORIZATION_CODE" as const,
          authClientId: id,
          valueCiphertext: "unused",
          maskedValue: {},
        })),
      )
      .returning({ id: secrets.id });
    const busy = await api("DELETE", `/api/v1/auth-clients/${id}`, { token: t.apiKey });
    expect(busy.status).toBe(409);
    expect(busy.body.error).toMatchObject({
      code: "in_use",
      message: expect.stringMatching(/^2 secrets use this auth client/),
    });
    await db.delete(secrets).where(eq(secrets.id, rows[0].id));
    expect((await api("DELETE", `/api/v1/auth-clients/${id}`, { token: t.apiKey })).body.error.message).toMatch(
      /^1 secret uses/,
    );
    await db.delete(secrets).where(eq(secrets.id, rows[1].id));
    expect((await api("DELETE", `/api/v1/auth-clients/${id}`, { token: t.apiKey })).status).toBe(204);
    expect((await api("GET", `/api/v1/auth-clients/${id}`, { token: t.apiKey })).status).toBe(404);

    const events = await db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(and(eq(auditEvents.tenantId, t.tenantId), eq(auditEvents.targetId, id)));
    expect(events.map((e) => e.action).sort()).toEqual(["auth_client.created", "auth_client.deleted"]);
  });
});

describe("auth clients: the client secret never leaves", () => {
  it("is in no response, list, audit event, log line or database column in clear", async () => {
    const canary = `canary-client-secret-${uniq("v")}`;
    const t = await newTenant();
    const admin = await memberCookie(t.tenantId, "admin");
    const c = await api("POST", "/api/v1/auth-clients", {
      token: t.apiKey,
      body: customBody({ clientSecret: canary }),
    });
    expect(c.status).toBe(201);
    const id = c.body.data.id;
    const responses = [
      c,
      await api("GET", "/api/v1/auth-clients", { token: t.apiKey }),
      await api("GET", `/api/v1/auth-clients/${id}`, { cookie: admin }),
      await api("PATCH", `/api/v1/auth-clients/${id}`, {
        token: t.apiKey,
        body: { clientSecret: canary, name: "again" },
      }),
      // A refused write that carries the secret: the error must not echo it.
      await api("PATCH", `/api/v1/auth-clients/${id}`, {
        token: t.apiKey,
        body: { clientSecret: canary, endpoints: { token: "https://10.1.2.3/t" } },
      }),
      await api("POST", "/api/v1/auth-clients", {
        token: t.apiKey,
        body: customBody({ clientSecret: canary, bogus: canary }),
      }),
      await api("GET", "/api/v1/audit-events", { token: t.apiKey }),
    ];
    for (const r of responses) expect(JSON.stringify(r.body)).not.toContain(canary.slice(0, -4));
    expect(responses[0].body.data.clientSecretHint).toBe(`****${canary.slice(-4)}`);

    const db = await getDb();
    const [row] = await db.select().from(authClients).where(eq(authClients.id, id));
    expect(row.clientSecretCiphertext).toMatch(/^ic1\./);
    const dump =
      JSON.stringify(await db.execute(sql`select * from auth_clients where tenant_id = ${t.tenantId}`)) +
      JSON.stringify(await db.execute(sql`select * from audit_events where tenant_id = ${t.tenantId}`));
    expect(dump).toContain(row.clientId); // the scan sees clear columns…
    expect(dump).not.toContain(canary); // …but never the secret
    expect(await clientSecretOf(db, row)).toBe(canary);

    const log = readFileSync(process.env.LOG_FILE!, "utf8");
    expect(log).toContain('"msg":"request"'); // the log is being written
    expect(log).not.toContain(canary);
  });

  it("is re-encrypted by keys rotate-tenant and still reads back", async () => {
    const t = await newTenant();
    const c = await api("POST", "/api/v1/auth-clients", {
      token: t.apiKey,
      body: customBody({ clientSecret: "rotate-me-0123456789-abcd" }),
    });
    const db = await getDb();
    const before = await getAuthClient(db, { tenantId: t.tenantId, id: c.body.data.id });
    const result = await rotateTenant(db, t.tenantId);
    expect(result.failed).toEqual([]);
    const after = await getAuthClient(db, { tenantId: t.tenantId, id: c.body.data.id });
    expect(envelopeKeyVersion(after.clientSecretCiphertext!)).toBe(result.version);
    expect(after.clientSecretCiphertext).not.toBe(before.clientSecretCiphertext);
    expect(await clientSecretOf(db, after)).toBe("rotate-me-0123456789-abcd");
    expect(
      (await api("GET", `/api/v1/auth-clients/${c.body.data.id}`, { token: t.apiKey })).body.data.clientSecretHint,
    ).toBe("****abcd");
  });

  it("goes out through a strict public schema: a row field it does not name fails closed", async () => {
    const t = await newTenant();
    const c = await api("POST", "/api/v1/auth-clients", { token: t.apiKey, body: customBody() });
    expect(authClientPublicSchema.safeParse(c.body.data).success).toBe(true);
    expect(authClientPublicSchema.safeParse({ ...c.body.data, clientSecretCiphertext: "ic1.1.x" }).success).toBe(false);
    expect(authClientPublicSchema.safeParse({ ...c.body.data, clientSecret: "x" }).success).toBe(false);
    const db = await getDb();
    const row = await getAuthClient(db, { tenantId: t.tenantId, id: c.body.data.id });
    // A new column leaking into the view is a logged 500 (present), not a 400 naming the value.
    expect(() => publicAuthClient({ ...row, endpoints: { ...row.endpoints, internal: "x" } as never })).toThrow(
      /public schema/,
    );
  });

  it("is bound to its row: a ciphertext copied to another client does not decrypt", async () => {
    const t = await newTenant();
    const one = await api("POST", "/api/v1/auth-clients", { token: t.apiKey, body: customBody() });
    const two = await api("POST", "/api/v1/auth-clients", {
      token: t.apiKey,
      body: customBody({ clientSecret: undefined }),
    });
    const db = await getDb();
    const [src] = await db.select().from(authClients).where(eq(authClients.id, one.body.data.id));
    await db
      .update(authClients)
      .set({ clientSecretCiphertext: src.clientSecretCiphertext })
      .where(eq(authClients.id, two.body.data.id));
    const copy = await getAuthClient(db, { tenantId: t.tenantId, id: two.body.data.id });
    await expect(clientSecretOf(db, copy)).rejects.toThrow();
    expect(await clientSecretOf(db, src)).toBe("custom-secret-0123456789");
  });
});
