import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditEvents, oauthFlows, secrets } from "@/db/schema";
import { componentEntrySchema, getComponent } from "@/lib/components";
import { resetEnvCache } from "@/lib/env";
import { redirectUri } from "@/lib/oauth/clients";
import { purgeExpiredFlows } from "@/lib/oauth/flow";
import { accountFromBody } from "@/lib/verify/dry-run";
import { api, memberCookie, newTenant, uniq, userToken } from "./api";
import { loginAtProvider } from "./fakes/oidc-login";
import { startOidcServer, type OidcServer } from "./fakes/oidc-server";

// The dry run the OAuth callback runs with the new access token, against a real authorization
// server (oidc-provider on 127.0.0.1) and a local API that accepts only tokens that server
// issued. The component is the test-only `test-oauth2-api` (lib/components/entries/testing.ts):
// its dry run is GET {{apiUrl}}/me, and its account id is `account.team` + `account.id`.
// No openid scope and no userinfo endpoint, so the dry run is the only source of the account.

let op: OidcServer;
let accountApi: AccountApi;
const savedAllow = process.env.OUTBOUND_ALLOW_HOSTS;

beforeAll(async () => {
  process.env.OUTBOUND_ALLOW_HOSTS = "127.0.0.1";
  resetEnvCache();
  op = await startOidcServer({ redirectUri: redirectUri() });
  accountApi = await startAccountApi(op);
});
afterAll(async () => {
  await Promise.all([op?.close(), accountApi?.close()]);
  if (savedAllow === undefined) delete process.env.OUTBOUND_ALLOW_HOSTS;
  else process.env.OUTBOUND_ALLOW_HOSTS = savedAllow;
  resetEnvCache();
});
beforeEach(() => {
  op.reset();
  accountApi.reset();
});

type Tenant = Awaited<ReturnType<typeof newTenant>>;

async function apiClient(t: Tenant): Promise<string> {
  const r = await api("POST", "/api/v1/auth-clients", {
    token: t.apiKey,
    body: {
      name: uniq("Account API"),
      componentId: "test-oauth2-api",
      clientId: op.clientId,
      clientSecret: op.clientSecret,
      endpoints: { auth: op.endpoints.auth, token: op.endpoints.token },
      scopes: ["profile"],
      issuer: op.issuer,
    },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.data.id;
}

/** Start, launch and sign in at the provider as `login`: the callback URL and its cookie. */
async function signedIn(
  clientId: string,
  t: Tenant,
  username: string,
  login: string,
  body: Record<string, unknown> = {},
) {
  const s = await api("POST", `/api/v1/auth-clients/${clientId}/start-flow?username=${encodeURIComponent(username)}`, {
    token: t.apiKey,
    body: { config: { apiUrl: accountApi.url }, ...body },
  });
  expect(s.status, JSON.stringify(s.body)).toBe(200);
  const launched = await api("GET", s.body.data.authUrl);
  expect(launched.status).toBe(302);
  const cookie = launched.headers.get("set-cookie")!.split(";")[0];
  const back = await loginAtProvider(launched.headers.get("location")!, redirectUri(), { login });
  return { back, cookie };
}

const deliver = (back: URL, cookie: string) => api("GET", `/api/v1/callback${back.search}`, { cookie });

const secretIdOf = (res: { status: number; headers: Headers; body: unknown }) => {
  expect(res.status, String(res.body)).toBe(302);
  return new URL(res.headers.get("location")!, "http://x").searchParams.get("secretId")!;
};

describe("the dry run at the callback", () => {
  it("runs with the new access token, and its account id becomes externalId", async () => {
    const t = await newTenant();
    const clientId = await apiClient(t);
    const username = uniq("u");
    const { back, cookie } = await signedIn(clientId, t, username, "octo-account");
    const id = secretIdOf(await deliver(back, cookie));

    const read = await api("GET", `/api/v1/secrets/${id}`, { token: await userToken(t.apiKey, username) });
    expect(read.status).toBe(200);
    const value = read.body.data.value;
    // The API saw exactly the token that was stored, and accepted it (oidc-provider issued it).
    expect(accountApi.seen).toEqual([`Bearer ${value.accessToken}`]);
    expect(value.externalId).toBe("team-1:octo-account");
    const [row] = await (
      await getDb()
    )
      .select({ externalId: secrets.externalId, lastVerifiedAt: secrets.lastVerifiedAt })
      .from(secrets)
      .where(eq(secrets.id, id));
    expect(row.externalId).toBe("team-1:octo-account");
    expect(row.lastVerifiedAt).not.toBeNull();
    // Nothing else of the API's answer was kept anywhere the tenant can see.
    expect(JSON.stringify(read.body)).not.toContain(accountApi.marker);
    const list = await api("GET", `/api/v1/secrets?username=${username}`, { token: t.apiKey });
    expect(list.body.data[0].value.externalId).toBe("team-1:octo-account");
    expect(list.body.data[0].name).toContain("team-1:octo-account");
  });

  it("re-connecting the same account (known only from the dry run) updates that secret and keeps its id", async () => {
    const t = await newTenant();
    const clientId = await apiClient(t);
    const username = uniq("u");
    const first = await signedIn(clientId, t, username, "same-account");
    const id = secretIdOf(await deliver(first.back, first.cookie));
    const again = await signedIn(clientId, t, username, "same-account");
    expect(secretIdOf(await deliver(again.back, again.cookie))).toBe(id);
    const other = await signedIn(clientId, t, username, "other-account");
    expect(secretIdOf(await deliver(other.back, other.cookie))).not.toBe(id);
    const list = await api("GET", `/api/v1/secrets?username=${username}`, { token: t.apiKey });
    expect(list.body.meta.total).toBe(2);
  });

  it("a refused dry run fails the callback cleanly: nothing stored, an inert error page", async () => {
    const t = await newTenant();
    const clientId = await apiClient(t);
    const username = uniq("u");
    const { back, cookie } = await signedIn(clientId, t, username, "refused-account");
    accountApi.refuse = true;
    const res = await deliver(back, cookie);
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("text/html");
    const html = String(res.body);
    expect(html).toContain("verification_failed");
    expect(html).toContain("The API rejected these credentials (401)");
    expect(html).not.toContain(accountApi.marker);
    expect(res.headers.get("content-security-policy")).not.toContain("unsafe-inline");
    expect(op.tokenCalls()).toBe(1);
    expect(accountApi.seen).toHaveLength(1);
    const list = await api("GET", `/api/v1/secrets?username=${username}`, { token: t.apiKey });
    expect(list.body.meta.total).toBe(0);
    const db = await getDb();
    const failed = await db
      .select({ metadata: auditEvents.metadata })
      .from(auditEvents)
      .where(and(eq(auditEvents.tenantId, t.tenantId), eq(auditEvents.action, "oauth.flow_failed")));
    expect(failed.map((e) => (e.metadata as { reason?: string }).reason)).toEqual(["verification_failed"]);
    // The flow is spent: delivering it again is an unknown state, with no second token request.
    accountApi.refuse = false;
    expect((await deliver(back, cookie)).status).toBe(400);
    expect(op.tokenCalls()).toBe(1);
  });
});

// Two callbacks for the same provider account at once: without the unique index both insert;
// with it, the loser's insert fails and it updates the winner's secret instead. PGlite runs one
// statement at a time, so the race is real only on PostgreSQL.
// Registered only on PostgreSQL (a skipped test counts as a failure in npm test).
if (process.env.DATABASE_URL) {
  describe("re-connect race (PostgreSQL)", () => {
    it("two simultaneous connections of one account make one secret; both land on its id", async () => {
      const t = await newTenant();
      const clientId = await apiClient(t);
      const username = uniq("u");
      const a = await signedIn(clientId, t, username, "racing-account");
      const b = await signedIn(clientId, t, username, "racing-account");
      // Both dry runs are held until both have arrived: each callback has looked for an
      // existing secret (and found none) before either stores.
      accountApi.barrier = 2;
      const [ra, rb] = await Promise.all([deliver(a.back, a.cookie), deliver(b.back, b.cookie)]);
      expect(accountApi.seen).toHaveLength(2);
      const ids = [secretIdOf(ra), secretIdOf(rb)];
      expect(ids[0]).toBe(ids[1]);
      const list = await api("GET", `/api/v1/secrets?username=${username}`, { token: t.apiKey });
      expect(list.body.meta.total).toBe(1);
      // The stored tokens are one of the two grants', and they work at the API.
      const read = await api("GET", `/api/v1/secrets/${ids[0]}`, { token: await userToken(t.apiKey, username) });
      expect(accountApi.seen).toContain(`Bearer ${read.body.data.value.accessToken}`);
    });

    it("workspace-owned connections race the same way", async () => {
      const t = await newTenant();
      const clientId = await apiClient(t);
      const db = await getDb();
      const flows = [];
      for (let i = 0; i < 2; i++) {
        const cookie = await memberCookie(t.tenantId, "developer");
        const s = await api("POST", `/api/v1/auth-clients/${clientId}/start-flow`, {
          cookie,
          headers: { "x-requested-with": "fetch" },
          body: { config: { apiUrl: accountApi.url } },
        });
        expect(s.status, JSON.stringify(s.body)).toBe(200);
        const launched = await api("GET", s.body.data.authUrl);
        const bind = launched.headers.get("set-cookie")!.split(";")[0];
        flows.push({
          cookie: bind,
          back: await loginAtProvider(launched.headers.get("location")!, redirectUri(), { login: "team-account" }),
        });
      }
      accountApi.barrier = 2;
      const results = await Promise.all(flows.map((f) => deliver(f.back, f.cookie)));
      const ids = results.map(secretIdOf);
      expect(ids[0]).toBe(ids[1]);
      const rows = await db
        .select({ id: secrets.id })
        .from(secrets)
        .where(and(eq(secrets.tenantId, t.tenantId), eq(secrets.externalId, "team-1:team-account")));
      expect(rows).toHaveLength(1);
    });
  });
}

describe("re-authorising into an account another credential holds", () => {
  it("is refused cleanly and leaves both credentials as they were", async () => {
    const t = await newTenant();
    const clientId = await apiClient(t);
    const username = uniq("u");
    const one = await signedIn(clientId, t, username, "account-one");
    const idOne = secretIdOf(await deliver(one.back, one.cookie));
    const two = await signedIn(clientId, t, username, "account-two");
    const idTwo = secretIdOf(await deliver(two.back, two.cookie));
    // Re-authorise credential one, but sign in as account two.
    const re = await signedIn(clientId, t, username, "account-two", { secretId: idOne });
    const res = await deliver(re.back, re.cookie);
    expect(res.status).toBe(400);
    expect(String(res.body)).toContain("account_connected");
    const db = await getDb();
    const rows = await db
      .select({ id: secrets.id, externalId: secrets.externalId })
      .from(secrets)
      .where(eq(secrets.tenantId, t.tenantId));
    expect(Object.fromEntries(rows.map((r) => [r.id, r.externalId]))).toEqual({
      [idOne]: "team-1:account-one",
      [idTwo]: "team-1:account-two",
    });
  });
});

describe("the account id is read from the dry run's answer, and nothing else", () => {
  const body = (v: unknown) => Buffer.from(typeof v === "string" ? v : JSON.stringify(v));

  it.each<[string, unknown, string | string[], string | undefined]>([
    ["a number (GitHub id)", { id: 583231, login: "octocat" }, "id", "583231"],
    ["a nested string", { data: { viewer: { id: "u_1" } } }, "data.viewer.id", "u_1"],
    ["an array index", [{ tenantId: "t-9" }], "0.tenantId", "t-9"],
    ["several, joined with ':' (Slack)", { ok: true, team_id: "T1", user_id: "U2" }, ["team_id", "user_id"], "T1:U2"],
    ["one of several missing", { team_id: "T1" }, ["team_id", "user_id"], undefined],
    ["an object, not a value", { id: { nested: 1 } }, "id", undefined],
    ["a boolean", { id: true }, "id", undefined],
    ["an empty string", { id: "" }, "id", undefined],
    ["a control character", { id: "a\nb" }, "id", undefined],
    ["longer than 200 characters", { id: "x".repeat(201) }, "id", undefined],
    ["not JSON", "<html>id</html>", "id", undefined],
    ["the prototype chain", {}, "constructor", undefined],
    ["a key named __proto__", JSON.parse('{"__proto__": {"id": "polluted"}}'), "__proto__.id", "polluted"],
  ])("%s", (_, json, paths, expected) => {
    expect(accountFromBody(body(json), paths)).toBe(expected);
    expect(({} as Record<string, unknown>).id).toBeUndefined();
  });

  // The providers' documented answers (trimmed), read with each entry's own accountId.
  it.each<[string, unknown, string]>([
    ["github", { login: "octocat", id: 1, node_id: "MDQ6VXNlcjE=" }, "1"],
    [
      "slack",
      {
        ok: true,
        url: "https://subarachnoid.slack.com/",
        team: "Subarachnoid Workspace",
        user: "grace",
        team_id: "T12345678",
        user_id: "W12345678",
      },
      "T12345678:W12345678",
    ],
    [
      "dropbox",
      { account_id: "dbid:AAH4f99T0taONIb-OurWxbNQ6ywGRopQngc", name: { display_name: "Franz Ferdinand" } },
      "dbid:AAH4f99T0taONIb-OurWxbNQ6ywGRopQngc",
    ],
    ["box", { type: "user", id: "33333", name: "Example User" }, "33333"],
    ["asana", { data: { gid: "12345", resource_type: "user", name: "Greg Sanchez" } }, "12345"],
    [
      "atlassian",
      { account_type: "atlassian", account_id: "112233aa-bb11-cc22-33dd-445566abcabc", email: "mia@example.com" },
      "112233aa-bb11-cc22-33dd-445566abcabc",
    ],
    [
      "bitbucket",
      { type: "user", display_name: "x", uuid: "{250a442a-3ab3-4fcb-87c3-3c8f3df65ec7}" },
      "{250a442a-3ab3-4fcb-87c3-3c8f3df65ec7}",
    ],
    [
      "digitalocean",
      { account: { droplet_limit: 25, uuid: "b6fr89dbf6d9156cace5f3c78dc9851d957381ef" } },
      "b6fr89dbf6d9156cace5f3c78dc9851d957381ef",
    ],
    ["pipedrive", { success: true, data: { id: 777, name: "James Bond", company_id: 5678 } }, "5678:777"],
    [
      "notion",
      { object: "user", id: "16d84278-ab0e-484c-9bdd-b35da3bd8905", type: "bot" },
      "16d84278-ab0e-484c-9bdd-b35da3bd8905",
    ],
    ["hubspot", { portalId: 2519445, accountType: "STANDARD", timeZone: "US/Eastern" }, "2519445"],
    [
      "calendly",
      { resource: { uri: "https://api.calendly.com/users/AAAAAAAAAAAAAAAA", name: "John Doe" } },
      "https://api.calendly.com/users/AAAAAAAAAAAAAAAA",
    ],
    ["figma", { id: "12345", handle: "x", email: "a@example.com" }, "12345"],
  ])("%s: the documented answer names the account", (id, json, expected) => {
    const dry = getComponent(id)?.dryRun;
    expect(dry?.kind === "http" && dry.accountId, id).toBeTruthy();
    expect(accountFromBody(body(json), (dry as { accountId: string | string[] }).accountId)).toBe(expected);
  });

  it("the catalogue takes dot paths only, at most four", () => {
    const entry = (accountId: unknown) =>
      componentEntrySchema.safeParse({
        id: "example",
        name: "Example",
        category: "Generic",
        docsUrl: "https://example.com/docs",
        authTypes: ["BEARER"],
        dryRun: { kind: "http", method: "GET", url: "https://api.example.com/me", accountId },
      });
    expect(entry("data.viewer.id").success).toBe(true);
    expect(entry(["team_id", "user_id"]).success).toBe(true);
    for (const bad of ["data[0].id", "data.*.id", "a b", "a..b", "", ["a", "b", "c", "d", "e"], []]) {
      expect(entry(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});

describe("expired flows are purged when a flow starts", () => {
  it("deletes flows expired over an hour ago, keeps recent ones, and works in bounded batches", async () => {
    const t = await newTenant();
    const clientId = await apiClient(t);
    const db = await getDb();
    const started = async () => {
      const s = await api("POST", `/api/v1/auth-clients/${clientId}/start-flow?username=${uniq("u")}`, {
        token: t.apiKey,
        body: { config: { apiUrl: accountApi.url } },
      });
      expect(s.status).toBe(200);
    };
    await started();
    await started();
    await started();
    const mine = () =>
      db
        .select({ id: oauthFlows.id, expiresAt: oauthFlows.expiresAt })
        .from(oauthFlows)
        .where(eq(oauthFlows.tenantId, t.tenantId));
    const [old, recent, live] = (await mine()).map((f) => f.id);
    // One expired two hours ago (and consumed), one expired a minute ago, one still live.
    await db
      .update(oauthFlows)
      .set({ expiresAt: sql`now() - interval '2 hours'`, consumedAt: sql`now() - interval '2 hours'` })
      .where(eq(oauthFlows.id, old));
    await db
      .update(oauthFlows)
      .set({ expiresAt: sql`now() - interval '1 minute'` })
      .where(eq(oauthFlows.id, recent));

    await started();
    const left = new Set((await mine()).map((f) => f.id));
    expect(left.has(old)).toBe(false);
    expect(left.has(recent)).toBe(true);
    expect(left.has(live)).toBe(true);
    expect(left.size).toBe(3);

    // A backlog goes in batches of 100, never all in one call.
    await db
      .update(oauthFlows)
      .set({ expiresAt: sql`now() - interval '3 hours'` })
      .where(eq(oauthFlows.tenantId, t.tenantId));
    const rows = Array.from({ length: 150 }, (_, i) => ({
      tenantId: t.tenantId,
      authClientId: clientId,
      stateHash: uniq(`old-${i}`),
      pinned: {},
      workspaceId: sql`(select id from workspaces where tenant_id = ${t.tenantId} and slug = 'production')`,
      startedBy: { actorType: "api_key" },
      expiresAt: sql`now() - interval '3 hours'`,
    }));
    await db.insert(oauthFlows).values(rows as never);
    await purgeExpiredFlows(db); // whatever other tests left behind
    while ((await purgeExpiredFlows(db)) === 100);
    expect(await purgeExpiredFlows(db)).toBe(0);
    expect(await mine()).toEqual([]);
  });
});

// ---- a local API that accepts only tokens the authorization server issued -------------------

type AccountApi = {
  url: string;
  /** Authorization headers of the dry-run requests, in order. */
  seen: string[];
  /** Answer 401 whatever the token. */
  refuse: boolean;
  /** Hold requests until this many have arrived (then answer all). */
  barrier: number;
  /** A string in every answer that must never reach a response of ours. */
  marker: string;
  reset: () => void;
  close: () => Promise<void>;
};

async function startAccountApi(provider: OidcServer): Promise<AccountApi> {
  const waiting: Array<() => void> = [];
  const self: AccountApi = {
    url: "",
    seen: [],
    refuse: false,
    barrier: 0,
    marker: `body-marker-${uniq()}`,
    reset: () => {
      self.seen = [];
      self.refuse = false;
      self.barrier = 0;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer(async (req, res) => {
    const auth = req.headers.authorization ?? "";
    self.seen.push(auth);
    if (self.barrier > 0) {
      await new Promise<void>((resolve) => {
        waiting.push(resolve);
        if (waiting.length >= self.barrier) waiting.splice(0).forEach((go) => go());
      });
    }
    // A resource server's check: is this an access token the provider issued and still holds?
    const at = auth.startsWith("Bearer ") ? await provider.provider.AccessToken.find(auth.slice(7)) : undefined;
    if (self.refuse || !at || new URL(req.url ?? "/", "http://x").pathname !== "/me") {
      res
        .writeHead(401, { "content-type": "application/json" })
        .end(JSON.stringify({ error: "bad token", echo: self.marker }));
      return;
    }
    res.writeHead(200, { "content-type": "application/json" }).end(
      JSON.stringify({
        account: { team: "team-1", id: at.accountId, email: `${self.marker}@example.test` },
        plan: self.marker,
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  self.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return self;
}
