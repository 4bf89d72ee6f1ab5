import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditEvents, connectSessions, oauthFlows, workspaces } from "@/db/schema";
import {
  createConnectSession,
  embedContext,
  embedOriginsForSession,
  PREVIEW_USERNAME,
  selfOrigin,
} from "@/lib/auth/connect-sessions";
import { env, resetEnvCache } from "@/lib/env";
import { runJobOnce } from "@/lib/jobs";
import { GOOD, startFakeApi, type FakeApi } from "./fakes/fake-api";
import { api, memberCookie, newTenant, uniq, userToken } from "./api";

// Connect sessions (ics_ tokens): minted by the tenant's backend for one end user, used by
// the embed UI in a browser. They act as that end user within their limits, and never read
// a value. docs/architecture.md › Embedding.

let fake: FakeApi;
const savedHosts = process.env.OUTBOUND_ALLOW_HOSTS;

beforeAll(async () => {
  fake = await startFakeApi();
  process.env.OUTBOUND_ALLOW_HOSTS = "127.0.0.1";
  resetEnvCache();
});
afterAll(async () => {
  await fake.close();
  if (savedHosts === undefined) delete process.env.OUTBOUND_ALLOW_HOSTS;
  else process.env.OUTBOUND_ALLOW_HOSTS = savedHosts;
  resetEnvCache();
});

type Tenant = Awaited<ReturnType<typeof newTenant>>;
const ORIGIN = "https://app.example.com";
const XRW = { "x-requested-with": "fetch" };

async function allowOrigins(t: Tenant, embedOrigins: string[]) {
  const r = await api("PATCH", "/api/v1/settings", { token: t.apiKey, body: { embedOrigins } });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}

/** POST /connect-sessions as the tenant's backend. */
const mint = (t: Tenant, body: Record<string, unknown>) =>
  api("POST", "/api/v1/connect-sessions", { token: t.apiKey, body });

async function session(t: Tenant, body: Record<string, unknown>) {
  const r = await mint(t, body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.data as { id: string; token: string; url: string; expiresAt: string };
}

/** A credential that passes the fake API's dry run. */
const httpApi = (name = uniq("cred"), extra: Record<string, unknown> = {}) => ({
  name,
  type: "BEARER",
  value: { token: GOOD.bearer },
  componentId: "http-api",
  config: { baseUrl: fake.url, testPath: "/check" },
  ...extra,
});

/** A credential stored by the backend for `username` without a dry run. */
async function storedFor(t: Tenant, username: string, body: Record<string, unknown>) {
  const r = await api("POST", `/api/v1/secrets?username=${encodeURIComponent(username)}`, {
    token: t.apiKey,
    body: { verify: false, ...body },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.data.id as string;
}

describe("POST /api/v1/connect-sessions", () => {
  it("mints an ics_ token for 30 minutes with the /embed URL; only its hash is stored, and the event is audited", async () => {
    const t = await newTenant();
    await allowOrigins(t, [ORIGIN]);
    const username = uniq("alice");
    const before = Date.now();
    const s = await session(t, { username, origin: ORIGIN });
    expect(s.token).toMatch(/^ics_[A-Za-z0-9_-]{43}$/);
    expect(s.url).toBe(`${env().PUBLIC_URL}/embed?session=${s.token}`);
    const ttl = new Date(s.expiresAt).getTime() - before;
    expect(ttl).toBeGreaterThan(29 * 60_000);
    expect(ttl).toBeLessThanOrEqual(30 * 60_000 + 5_000);

    const db = await getDb();
    const [row] = await db.select().from(connectSessions).where(eq(connectSessions.id, s.id));
    expect(row.tokenHash).toBe(createHash("sha256").update(s.token).digest("hex"));
    expect(JSON.stringify(row)).not.toContain(s.token);
    expect(row.origin).toBe(ORIGIN);

    const [event] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.tenantId, t.tenantId), eq(auditEvents.action, "connect_session.created")));
    expect(event).toMatchObject({ actorType: "api_key", targetType: "connect_session", targetId: s.id });
    expect(event.metadata).toMatchObject({ username, origin: ORIGIN });
    expect(JSON.stringify(event)).not.toContain(s.token);

    // The end user was created on first use: the backend's user token for them works.
    const who = await api("GET", "/api/v1/secrets", { token: await userToken(t.apiKey, username) });
    expect(who.status).toBe(200);
  });

  it("takes an origin only when it is exactly one of the tenant's embed origins", async () => {
    const t = await newTenant();
    // No origins configured: any origin is refused.
    expect((await mint(t, { username: "u", origin: ORIGIN })).status).toBe(400);
    await allowOrigins(t, [ORIGIN, "http://localhost:5173"]);
    for (const ok of [ORIGIN, "http://localhost:5173"]) {
      expect((await mint(t, { username: "u", origin: ok })).status, ok).toBe(201);
    }
    const near = [
      `${ORIGIN}/`,
      `${ORIGIN}/app`,
      "https://APP.example.com",
      "https://app.example.com:443",
      "http://app.example.com",
      "https://evil.app.example.com",
      "https://app.example.com.evil.test",
      "https://*.example.com",
      "*",
      "null",
      "http://localhost:5174",
      "http://localhost",
    ];
    for (const origin of near) {
      const r = await mint(t, { username: "u", origin });
      expect(r.status, origin).toBe(400);
      expect(r.body.error.code).toBe("validation_failed");
      expect(r.body.error.issues[0].path).toBe("origin");
    }
  });

  it("refuses unknown components and workspaces, and extra fields", async () => {
    const t = await newTenant();
    const bad = [
      { username: "u", components: ["github", "no-such-app"] },
      { username: "u", components: [] },
      { username: "u", workspace: "no-such-ws" },
      { username: "u", workspace: "Not A Slug" },
      { username: "" },
      { username: "u", expiresIn: 86_400 },
    ];
    for (const body of bad) expect((await mint(t, body)).status, JSON.stringify(body)).toBe(400);
    const r = await mint(t, { username: "u", components: ["github", "no-such-app"] });
    expect(r.body.error.issues).toEqual([{ path: "components.1", message: 'Unknown component "no-such-app"' }]);
  });

  it("is for the tenant's backend only, and is rate-limited per API key", async () => {
    const t = await newTenant();
    const s = await session(t, { username: uniq("u") });
    const admin = await memberCookie(t.tenantId, "admin");
    for (const who of [
      { cookie: admin, headers: XRW },
      { token: await userToken(t.apiKey, "u") },
      { token: s.token },
    ]) {
      const r = await api("POST", "/api/v1/connect-sessions", { ...who, body: { username: "x" } });
      expect(r.status).toBe(403);
    }
    const saved = process.env.RATE_LIMIT_IMPERSONATE_PER_KEY;
    process.env.RATE_LIMIT_IMPERSONATE_PER_KEY = "2";
    resetEnvCache();
    try {
      const fresh = await newTenant();
      expect((await mint(fresh, { username: "a" })).status).toBe(201);
      expect((await mint(fresh, { username: "b" })).status).toBe(201);
      const over = await mint(fresh, { username: "c" });
      expect(over.status).toBe(429);
      expect(Number(over.headers.get("retry-after"))).toBeGreaterThan(0);
      // Impersonation keeps its own count.
      expect((await api("POST", "/api/v1/impersonate", { token: fresh.apiKey, body: { username: "a" } })).status).toBe(
        200,
      );
    } finally {
      if (saved === undefined) delete process.env.RATE_LIMIT_IMPERSONATE_PER_KEY;
      else process.env.RATE_LIMIT_IMPERSONATE_PER_KEY = saved;
      resetEnvCache();
    }
  });
});

describe("authenticating with a connect session", () => {
  it("answers 401 for a forged, malformed, expired or ended session, and for one whose end user is gone", async () => {
    const t = await newTenant();
    const list = (token: string) => api("GET", "/api/v1/secrets", { token });
    const live = await session(t, { username: uniq("u") });
    expect((await list(live.token)).status).toBe(200);

    const forged = `ics_${randomBytes(32).toString("base64url")}`;
    for (const token of [forged, "ics_short", `${live.token}x`, live.token.slice(0, -1)]) {
      const r = await list(token);
      expect(r.status, token.slice(0, 8)).toBe(401);
      expect(r.body.error.code).toBe("unauthorized");
    }

    const db = await getDb();
    const old = await session(t, { username: uniq("u") });
    await db
      .update(connectSessions)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(connectSessions.id, old.id));
    expect((await list(old.token)).status).toBe(401);

    // DELETE ends it at once; a second DELETE, or another tenant's, finds nothing.
    const ended = await session(t, { username: uniq("u") });
    expect((await list(ended.token)).status).toBe(200);
    const other = await newTenant();
    expect((await api("DELETE", `/api/v1/connect-sessions/${ended.id}`, { token: other.apiKey })).status).toBe(404);
    expect((await api("DELETE", `/api/v1/connect-sessions/${ended.id}`, { token: t.apiKey })).status).toBe(204);
    expect((await list(ended.token)).status).toBe(401);
    expect((await api("DELETE", `/api/v1/connect-sessions/${ended.id}`, { token: t.apiKey })).status).toBe(404);
    expect((await api("DELETE", "/api/v1/connect-sessions/not-a-uuid", { token: t.apiKey })).status).toBe(404);
    const [revoked] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "connect_session.revoked"), eq(auditEvents.targetId, ended.id)));
    expect(revoked.actorType).toBe("api_key");

    // A dashboard admin may end one too.
    const byAdmin = await session(t, { username: uniq("u") });
    const admin = await memberCookie(t.tenantId, "admin");
    expect(
      (await api("DELETE", `/api/v1/connect-sessions/${byAdmin.id}`, { cookie: admin, headers: XRW })).status,
    ).toBe(204);
    expect((await list(byAdmin.token)).status).toBe(401);

    const username = uniq("gone");
    const orphan = await session(t, { username });
    expect((await api("DELETE", `/api/v1/end-users/${username}`, { token: t.apiKey })).status).toBe(204);
    expect((await list(orphan.token)).status).toBe(401);
  });
});

describe("what a connect session may do", () => {
  let t: Tenant;
  let alice: string;
  let token: string;
  let aliceSecret: string;
  let bobSecret: string;

  beforeAll(async () => {
    t = await newTenant();
    alice = uniq("alice");
    const bob = uniq("bob");
    aliceSecret = await storedFor(t, alice, httpApi("alice's"));
    bobSecret = await storedFor(t, bob, httpApi("bob's"));
    token = (await session(t, { username: alice })).token;
  });

  it("never reads a value or request-auth, and no tenant route admits it: 403", async () => {
    const forbidden: [Parameters<typeof api>[0], string, unknown?][] = [
      ["GET", `/api/v1/secrets/${aliceSecret}`],
      ["GET", `/api/v1/secrets/${aliceSecret}/request-auth`],
      ["POST", `/api/v1/secrets/${aliceSecret}/refresh`],
      ["GET", `/api/v1/secrets/${aliceSecret}/usages`],
      ["POST", `/api/v1/secrets/${aliceSecret}/usages`, { ref: "flow-1" }],
      ["DELETE", `/api/v1/secrets/${aliceSecret}/usages/flow-1`],
      ["POST", "/api/v1/impersonate", { username: alice }],
      ["POST", "/api/v1/connect-sessions", { username: alice }],
      ["GET", "/api/v1/auth-clients"],
      ["POST", "/api/v1/auth-clients", { name: "x", componentId: "github", clientId: "x" }],
      ["GET", "/api/v1/workspaces"],
      ["POST", "/api/v1/workspaces", { slug: "x" }],
      ["GET", "/api/v1/settings"],
      ["PATCH", "/api/v1/settings", { embedOrigins: ["https://evil.test"] }],
      ["GET", "/api/v1/api-keys"],
      ["POST", "/api/v1/api-keys", { name: "x" }],
      ["GET", "/api/v1/members"],
      ["GET", "/api/v1/audit-events"],
      ["DELETE", `/api/v1/end-users/${alice}`],
    ];
    for (const [method, path, body] of forbidden) {
      const r = await api(method, path, { token, body });
      expect(r.status, `${method} ${path}`).toBe(403);
      expect(r.body.error.code).toBe("forbidden");
      expect(JSON.stringify(r.body)).not.toContain(GOOD.bearer);
    }
  });

  it("sees only its own end user's secrets, masked: another user's is 404 and ?username= is 403", async () => {
    const list = await api("GET", "/api/v1/secrets", { token });
    expect(list.status).toBe(200);
    expect(list.body.data.map((s: { id: string }) => s.id)).toEqual([aliceSecret]);
    expect(JSON.stringify(list.body)).not.toContain(GOOD.bearer);
    for (const [method, path] of [
      ["PATCH", `/api/v1/secrets/${bobSecret}`],
      ["DELETE", `/api/v1/secrets/${bobSecret}`],
      ["POST", `/api/v1/secrets/${bobSecret}/verify`],
    ] as const) {
      const r = await api(method, path, { token, body: method === "PATCH" ? { name: "mine now" } : undefined });
      expect(r.status, `${method} ${path}`).toBe(404);
    }
    const other = await api("GET", "/api/v1/secrets?username=someone-else", { token });
    expect(other.status).toBe(403);
    // Bob's credential is untouched.
    const bobs = await api("GET", `/api/v1/secrets/${bobSecret}`, { token: t.apiKey });
    expect(bobs.body.data.name).toBe("bob's");
  });

  it("creates (always with the dry run), tests, renames and deletes its own credentials", async () => {
    const created = await api("POST", "/api/v1/secrets", { token, body: httpApi("from the embed") });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id: string = created.body.data.id;
    expect(created.body.data.lastVerifiedAt).not.toBeNull();
    expect(created.body.data.owners).toEqual([{ id: expect.any(String), type: "USER" }]);
    // The tenant's backend reads it with a user token for the same end user.
    const read = await api("GET", `/api/v1/secrets/${id}`, { token: await userToken(t.apiKey, alice) });
    expect(read.status).toBe(200);
    expect(read.body.data.value.token).toBe(GOOD.bearer);

    const hits = fake.hits();
    const verified = await api("POST", `/api/v1/secrets/${id}/verify`, { token });
    expect(verified.status).toBe(200);
    expect(verified.body.data).toMatchObject({ ok: true, class: "ok" });
    expect(fake.hits()).toBe(hits + 1);

    const skipped = await api("POST", "/api/v1/secrets", { token, body: httpApi("unchecked", { verify: false }) });
    expect(skipped.status).toBe(403);
    const wrong = await api("POST", "/api/v1/secrets", {
      token,
      body: httpApi("wrong", { value: { token: "wrong" } }),
    });
    expect(wrong.status).toBe(422);

    const renamed = await api("PATCH", `/api/v1/secrets/${id}`, { token, body: { name: "renamed" } });
    expect(renamed.status).toBe(200);
    expect(renamed.body.data.name).toBe("renamed");
    expect((await api("DELETE", `/api/v1/secrets/${id}`, { token })).status).toBe(204);
    expect((await api("GET", `/api/v1/secrets/${id}`, { token: t.apiKey })).status).toBe(404);
  });
});

describe("a connect session's component and workspace limits hold server-side", () => {
  it("components: only its components are listed, created, or visible among its end user's secrets", async () => {
    const t = await newTenant();
    const username = uniq("u");
    const inside = await storedFor(t, username, httpApi("inside"));
    const outside = await storedFor(t, username, {
      name: "github",
      type: "BEARER",
      value: { token: "ghp_outside" },
      componentId: "github",
    });
    const generic = await storedFor(t, username, {
      name: "generic",
      type: "SIMPLE",
      value: { username: "x", passphrase: "y" },
    });
    const { token } = await session(t, { username, components: ["http-api"] });

    const components = await api("GET", "/api/v1/components", { token });
    expect(components.body.data.map((c: { id: string }) => c.id)).toEqual(["http-api"]);
    expect((await api("GET", "/api/v1/components/http-api", { token })).status).toBe(200);
    expect((await api("GET", "/api/v1/components/github", { token })).status).toBe(404);

    const list = await api("GET", "/api/v1/secrets", { token });
    expect(list.body.data.map((s: { id: string }) => s.id)).toEqual([inside]);
    const filtered = await api("GET", "/api/v1/secrets?component=github", { token });
    expect(filtered.body.data).toEqual([]);
    for (const id of [outside, generic]) {
      expect((await api("POST", `/api/v1/secrets/${id}/verify`, { token })).status).toBe(404);
      expect((await api("PATCH", `/api/v1/secrets/${id}`, { token, body: { name: "x" } })).status).toBe(404);
      expect((await api("DELETE", `/api/v1/secrets/${id}`, { token })).status).toBe(404);
    }

    const hits = fake.hits();
    const github = await api("POST", "/api/v1/secrets", {
      token,
      body: { name: "gh", type: "BEARER", value: { token: "ghp_x" }, componentId: "github" },
    });
    expect(github.status).toBe(403);
    const bare = await api("POST", "/api/v1/secrets", {
      token,
      body: { name: "bare", type: "SIMPLE", value: { username: "x", passphrase: "y" } },
    });
    expect(bare.status).toBe(403);
    expect(fake.hits()).toBe(hits); // refused before any dry run
    expect((await api("POST", "/api/v1/secrets", { token, body: httpApi() })).status).toBe(201);
  });

  it("workspace: creates land in its workspace, others are refused, and other workspaces' secrets are hidden", async () => {
    const t = await newTenant();
    const ws = await api("POST", "/api/v1/workspaces", { token: t.apiKey, body: { slug: "staging" } });
    expect(ws.status).toBe(201);
    const username = uniq("u");
    const prod = await storedFor(t, username, httpApi("prod"));
    const { token } = await session(t, { username, workspace: "staging" });

    const created = await api("POST", "/api/v1/secrets", { token, body: httpApi("staged") });
    expect(created.status).toBe(201);
    expect(created.body.data.workspace).toBe("staging");
    const named = await api("POST", "/api/v1/secrets", {
      token,
      body: httpApi("staged too", { workspace: "staging" }),
    });
    expect(named.status).toBe(201);
    const elsewhere = await api("POST", "/api/v1/secrets", {
      token,
      body: httpApi("prod", { workspace: "production" }),
    });
    expect(elsewhere.status).toBe(403);

    const list = await api("GET", "/api/v1/secrets", { token });
    expect(list.body.data.map((s: { workspace: string }) => s.workspace)).toEqual(["staging", "staging"]);
    expect((await api("GET", "/api/v1/secrets?workspace=production", { token })).body.data).toEqual([]);
    expect((await api("DELETE", `/api/v1/secrets/${prod}`, { token })).status).toBe(404);
  });

  it("start-flow: only for its components, for its own end user, in its workspace; re-authorising only its own", async () => {
    const t = await newTenant();
    await api("POST", "/api/v1/workspaces", { token: t.apiKey, body: { slug: "staging" } });
    const client = await api("POST", "/api/v1/auth-clients", {
      token: t.apiKey,
      body: {
        name: "Local OAuth2",
        componentId: "custom-oauth2",
        clientId: "local-client",
        clientSecret: "local-secret-0123456789",
        // Never contacted: starting a flow only builds the URL.
        endpoints: { auth: "http://127.0.0.1:9/authorize", token: "http://127.0.0.1:9/token" },
        scopes: ["read"],
      },
    });
    expect(client.status, JSON.stringify(client.body)).toBe(201);
    const start = (token: string, body: Record<string, unknown> = {}) =>
      api("POST", `/api/v1/auth-clients/${client.body.data.id}/start-flow`, { token, body });

    const username = uniq("u");
    const limited = await session(t, { username, components: ["http-api"] });
    const refused = await start(limited.token);
    expect(refused.status).toBe(403);

    const db = await getDb();
    const flows = () => db.select().from(oauthFlows).where(eq(oauthFlows.tenantId, t.tenantId));
    expect(await flows()).toEqual([]);

    const open = await session(t, { username, components: ["custom-oauth2"], workspace: "staging" });
    expect((await start(open.token, { workspace: "production" })).status).toBe(403);
    const started = await start(open.token);
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    expect(started.body.data.authUrl).toContain("/api/v1/oauth/launch?state=");
    const [flow] = await db
      .select({ endUserId: oauthFlows.endUserId, workspace: workspaces.slug, startedBy: oauthFlows.startedBy })
      .from(oauthFlows)
      .innerJoin(workspaces, eq(workspaces.id, oauthFlows.workspaceId))
      .where(eq(oauthFlows.tenantId, t.tenantId))
      .orderBy(desc(oauthFlows.createdAt));
    const me = await api("GET", "/api/v1/secrets", { token: open.token });
    expect(me.status).toBe(200);
    const [row] = await db.select().from(connectSessions).where(eq(connectSessions.id, open.id));
    expect(flow).toMatchObject({ endUserId: row.endUserId, workspace: "staging" });
    expect(flow.startedBy).toMatchObject({ actorType: "end_user", actorId: row.endUserId, actorLabel: username });

    // Config of stored custom-oauth2 secrets; never contacted either.
    const idpConfig = {
      authorizationUrl: "https://idp.example.test/authorize",
      tokenUrl: "https://idp.example.test/token",
    };
    // Re-authorising another end user's OAuth secret (of this client's component) is 404.
    const theirs = await storedFor(t, uniq("other"), {
      name: "theirs",
      type: "OA2_AUTHORIZATION_CODE",
      componentId: "custom-oauth2",
      workspace: "staging",
      value: { accessToken: "at-theirs", scope: "read", expires: "2099-01-01T00:00:00Z", externalId: "x" },
      config: idpConfig,
    });
    expect((await start(open.token, { secretId: theirs })).status).toBe(404);
    // Its own one, but in another workspace than the session's, is 404 too.
    const mineElsewhere = await storedFor(t, username, {
      name: "mine in production",
      type: "OA2_AUTHORIZATION_CODE",
      componentId: "custom-oauth2",
      value: { accessToken: "at-mine", scope: "read", expires: "2099-01-01T00:00:00Z", externalId: "y" },
      config: idpConfig,
    });
    expect((await start(open.token, { secretId: mineElsewhere })).status).toBe(404);
  });
});

describe("who may frame /embed for a session", () => {
  it("is the tenant's exact embed origins, narrowed to the session's origin, and nobody for a dead token", async () => {
    const db = await getDb();
    const t = await newTenant();
    const other = "https://other.example.com";
    await allowOrigins(t, [ORIGIN, other]);
    const any = await session(t, { username: uniq("u") });
    const pinned = await session(t, { username: uniq("u"), origin: ORIGIN });
    expect(await embedOriginsForSession(db, any.token)).toEqual([ORIGIN, other]);
    expect(await embedOriginsForSession(db, pinned.token)).toEqual([ORIGIN]);
    const ctx = await embedContext(db, pinned.token);
    expect(ctx?.session).toMatchObject({ kind: "connect_session", origin: ORIGIN, components: null });
    expect(ctx?.frameAncestors).toEqual([ORIGIN]);

    // Removing the origin in the settings takes effect at once.
    await allowOrigins(t, [other]);
    expect(await embedOriginsForSession(db, pinned.token)).toEqual([]);
    expect(await embedOriginsForSession(db, any.token)).toEqual([other]);

    await api("DELETE", `/api/v1/connect-sessions/${any.id}`, { token: t.apiKey });
    expect(await embedOriginsForSession(db, any.token)).toEqual([]);
    expect(await embedContext(db, any.token)).toBeNull();
    expect(await embedOriginsForSession(db, `ics_${randomBytes(32).toString("base64url")}`)).toEqual([]);
    expect(await embedOriginsForSession(db, "garbage")).toEqual([]);
  });

  it("the dashboard's preview session is framed by our own origin alone, with no allowlist entry", async () => {
    const db = await getDb();
    const t = await newTenant();
    const preview = await createConnectSession(db, {
      tenantId: t.tenantId,
      input: { username: PREVIEW_USERNAME, origin: "https://ignored.example.com" },
      preview: true,
      audit: {},
    });
    expect(selfOrigin()).toBe(new URL(env().PUBLIC_URL).origin);
    expect(await embedOriginsForSession(db, preview.token)).toEqual([selfOrigin()]);
    expect((await api("GET", "/api/v1/secrets", { token: preview.token })).status).toBe(200);
    const [event] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "connect_session.created"), eq(auditEvents.targetId, preview.id)));
    expect(event.metadata).toMatchObject({ preview: true, origin: selfOrigin(), username: PREVIEW_USERNAME });
    // The API names our own origin only when the admin allowed it.
    expect((await mint(t, { username: "u", origin: selfOrigin() })).status).toBe(400);
    // An ordinary session without an origin is framed by the allowlist only: here, nobody.
    expect(await embedOriginsForSession(db, (await session(t, { username: "u" })).token)).toEqual([]);
  });

  it("expired sessions are pruned a day after they end; live and recently ended ones stay", async () => {
    const db = await getDb();
    const t = await newTenant();
    const [live, endedRecently, endedLongAgo, revokedLongAgo] = await Promise.all(
      ["live", "recent", "old", "revoked"].map((u) => session(t, { username: u })),
    );
    const ago = (hours: number) => sql`now() - make_interval(hours => ${hours})`;
    await db
      .update(connectSessions)
      .set({ expiresAt: ago(2) })
      .where(eq(connectSessions.id, endedRecently.id));
    await db
      .update(connectSessions)
      .set({ expiresAt: ago(25) })
      .where(eq(connectSessions.id, endedLongAgo.id));
    await api("DELETE", `/api/v1/connect-sessions/${revokedLongAgo.id}`, { token: t.apiKey });
    await db
      .update(connectSessions)
      .set({ expiresAt: ago(30) })
      .where(eq(connectSessions.id, revokedLongAgo.id));

    expect(await runJobOnce("connect-session-prune", { tenantId: t.tenantId })).toBe(2);
    const left = await db
      .select({ id: connectSessions.id })
      .from(connectSessions)
      .where(eq(connectSessions.tenantId, t.tenantId));
    expect(left.map((r) => r.id).sort()).toEqual([live.id, endedRecently.id].sort());
    // The live one still works.
    expect((await api("GET", "/api/v1/secrets", { token: live.token })).status).toBe(200);
  });
});
