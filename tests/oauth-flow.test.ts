import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { oauthFlows, secrets } from "@/db/schema";
import { resetEnvCache } from "@/lib/env";
import { redirectUri } from "@/lib/oauth/clients";
import { stateHash } from "@/lib/oauth/launch";
import { api, memberCookie, newTenant, uniq, userToken } from "./api";
import { loginAtProvider } from "./fakes/oidc-login";
import { startOidcServer, type OidcServer } from "./fakes/oidc-server";

// Everything here runs against real authorization servers on 127.0.0.1: two oidc-provider
// instances (for the mix-up cases) and, for answers oidc-provider never gives (no
// expires_in, broken JSON), a small token endpoint of our own.

let op1: OidcServer;
let op2: OidcServer;
let plain: PlainServer;
const savedAllow = process.env.OUTBOUND_ALLOW_HOSTS;

beforeAll(async () => {
  process.env.OUTBOUND_ALLOW_HOSTS = "127.0.0.1";
  resetEnvCache();
  op1 = await startOidcServer({ redirectUri: redirectUri() });
  op2 = await startOidcServer({
    redirectUri: redirectUri(),
    clientId: "second-client",
    tokenEndpointAuthMethod: "client_secret_post",
  });
  plain = await startPlainServer();
});
afterAll(async () => {
  await Promise.all([op1?.close(), op2?.close(), plain?.close()]);
  if (savedAllow === undefined) delete process.env.OUTBOUND_ALLOW_HOSTS;
  else process.env.OUTBOUND_ALLOW_HOSTS = savedAllow;
  resetEnvCache();
});
beforeEach(() => {
  op1.reset();
  op2.reset();
  plain.reset();
});

type Tenant = Awaited<ReturnType<typeof newTenant>>;
const XRW = { "x-requested-with": "fetch" };

async function oidcClient(t: Tenant, op: OidcServer, extra: Record<string, unknown> = {}): Promise<string> {
  const r = await api("POST", "/api/v1/auth-clients", {
    token: t.apiKey,
    body: {
      name: uniq("Test IdP"),
      componentId: "custom-oauth2",
      clientId: op.clientId,
      clientSecret: op.clientSecret,
      endpoints: { auth: op.endpoints.auth, token: op.endpoints.token, userinfo: op.endpoints.userinfo },
      scopes: ["openid", "email"],
      tokenEndpointAuthMethod: op === op2 ? "client_secret_post" : "client_secret_basic",
      issuer: op.issuer,
      ...extra,
    },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.data.id;
}

type Who = { token?: string; cookie?: string; username?: string };

/** POST start-flow; returns the authUrl (our launch URL). */
async function start(clientId: string, who: Who, body: Record<string, unknown> = {}) {
  const q = who.username ? `?username=${encodeURIComponent(who.username)}` : "";
  return api("POST", `/api/v1/auth-clients/${clientId}/start-flow${q}`, {
    token: who.token,
    cookie: who.cookie,
    headers: XRW,
    body,
  });
}

/** Opens the authUrl in a "browser": returns the binding cookie and the provider URL. */
async function launch(authUrl: string) {
  const r = await api("GET", authUrl);
  expect(r.status, String(r.body)).toBe(302);
  const cookie = r.headers.get("set-cookie")!.split(";")[0];
  return {
    cookie,
    providerUrl: r.headers.get("location")!,
    state: new URL(r.headers.get("location")!).searchParams.get("state")!,
  };
}

const callback = (url: URL | string, cookie?: string) => {
  const u = new URL(url);
  return api("GET", `/api/v1/callback${u.search}`, { cookie });
};

/** The whole flow for `who`: start, launch, sign in at the provider as `login`, callback. */
async function connect(clientId: string, who: Who, opts: { login?: string; body?: Record<string, unknown> } = {}) {
  const s = await start(clientId, who, opts.body);
  expect(s.status, JSON.stringify(s.body)).toBe(200);
  const { cookie, providerUrl } = await launch(s.body.data.authUrl);
  const back = await loginAtProvider(providerUrl, redirectUri(), { login: opts.login });
  return { res: await callback(back, cookie), back, cookie };
}

const secretIdOf = (res: { status: number; headers: Headers }) => {
  expect(res.status).toBe(302);
  const to = new URL(res.headers.get("location")!, "http://x");
  return to.searchParams.get("secretId")!;
};

describe("the authorization-code flow against oidc-provider", () => {
  it("connects an end user's account; the tenant backend reads the tokens and userinfo accepts them", async () => {
    const t = await newTenant();
    const clientId = await oidcClient(t, op1);
    const username = uniq("alice");
    const s = await start(clientId, { token: t.apiKey, username });
    expect(s.status).toBe(200);
    expect(
      s.body.data.authUrl.startsWith(`${redirectUri().replace("/api/v1/callback", "")}/api/v1/oauth/launch?state=`),
    ).toBe(true);
    expect(new Date(s.body.data.expiresAt).getTime() - Date.now()).toBeGreaterThan(9 * 60_000);

    const { cookie, providerUrl, state } = await launch(s.body.data.authUrl);
    const provider = new URL(providerUrl);
    expect(provider.origin).toBe(op1.issuer);
    expect(provider.searchParams.get("code_challenge_method")).toBe("S256");
    expect(provider.searchParams.get("redirect_uri")).toBe(redirectUri());
    expect(state.length).toBeGreaterThanOrEqual(43); // 256 random bits, base64url
    // Only the state's hash is stored; the PKCE verifier is encrypted.
    const db = await getDb();
    const [flow] = await db
      .select()
      .from(oauthFlows)
      .where(eq(oauthFlows.stateHash, stateHash(state)));
    expect(flow.tenantId).toBe(t.tenantId);
    expect(flow.codeVerifierCiphertext).toMatch(/^ic1\./);
    expect(JSON.stringify(flow)).not.toContain(state);

    const back = await loginAtProvider(providerUrl, redirectUri(), { login: "alice-account" });
    expect(back.searchParams.get("iss")).toBe(op1.issuer);
    const res = await callback(back, cookie);
    const secretId = secretIdOf(res);
    expect(res.headers.get("location")).toBe(`/oauth/result?secretId=${secretId}`);
    expect(op1.tokenCalls()).toBe(1);

    const read = await api("GET", `/api/v1/secrets/${secretId}`, { token: await userToken(t.apiKey, username) });
    expect(read.status).toBe(200);
    const value = read.body.data.value;
    expect(value).toMatchObject({ authClientId: clientId, scope: "openid email", externalId: "alice-account" });
    expect(typeof value.accessToken).toBe("string");
    expect(typeof value.refreshToken).toBe("string");
    expect(Math.abs(new Date(value.expires).getTime() - (Date.now() + 3600_000))).toBeLessThan(60_000);
    expect(read.body.data.type).toBe("OA2_AUTHORIZATION_CODE");
    expect(read.body.data.owners).toEqual([expect.objectContaining({ type: "USER" })]);

    const info = await fetch(op1.endpoints.userinfo, { headers: { authorization: `Bearer ${value.accessToken}` } });
    expect(info.status).toBe(200);
    expect((await info.json()).sub).toBe("alice-account");

    const [row] = await db
      .select({ authClientId: secrets.authClientId, externalId: secrets.externalId })
      .from(secrets)
      .where(eq(secrets.id, secretId));
    expect(row).toEqual({ authClientId: clientId, externalId: "alice-account" });
    // Lists never carry a token.
    const list = await api("GET", "/api/v1/secrets", { token: t.apiKey });
    expect(JSON.stringify(list.body)).not.toContain(value.accessToken);
    expect(JSON.stringify(list.body)).not.toContain(value.refreshToken);
  });

  it("a dashboard member's connection belongs to the workspace; an API key must name an end user", async () => {
    const t = await newTenant();
    const clientId = await oidcClient(t, op1);
    const { res } = await connect(
      clientId,
      { cookie: await memberCookie(t.tenantId, "developer") },
      { login: "team-account" },
    );
    const secretId = secretIdOf(res);
    const list = await api("GET", "/api/v1/secrets", { token: t.apiKey });
    const item = list.body.data.find((s: { id: string }) => s.id === secretId);
    expect(item.owners).toEqual([expect.objectContaining({ type: "WORKSPACE" })]);
    expect(item.name).toBe(
      `${(await api("GET", `/api/v1/auth-clients/${clientId}`, { token: t.apiKey })).body.data.name} (team-account)`,
    );

    const keyOnly = await start(clientId, { token: t.apiKey });
    expect(keyOnly.status).toBe(400);
    const viewer = await start(clientId, { cookie: await memberCookie(t.tenantId, "viewer") });
    expect(viewer.status).toBe(403);
    const otherTenant = await newTenant();
    expect((await start(clientId, { token: otherTenant.apiKey, username: "x" })).status).toBe(404);
  });
});

describe("state: every bad state is refused with no token request", () => {
  let t: Tenant;
  let clientId: string;
  beforeAll(async () => {
    t = await newTenant();
    clientId = await oidcClient(t, op1);
  });

  /** Started, launched and signed in: a callback URL ready to deliver, with its cookie. */
  async function signedIn(who: Who = { token: t.apiKey, username: uniq("u") }, client = clientId) {
    const s = await start(client, who);
    const { cookie, providerUrl } = await launch(s.body.data.authUrl);
    const back = await loginAtProvider(providerUrl, redirectUri());
    return { back, cookie };
  }

  const refused = (res: { status: number; body: unknown; headers: Headers }) => {
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(String(res.body)).toContain("invalid_state");
  };

  it("missing", async () => {
    const { back, cookie } = await signedIn();
    back.searchParams.delete("state");
    refused(await callback(back, cookie));
    refused(await callback(`http://x/api/v1/callback`));
    expect(op1.tokenCalls()).toBe(0);
  });

  it("tampered", async () => {
    const { back, cookie } = await signedIn();
    const state = back.searchParams.get("state")!;
    back.searchParams.set("state", (state[0] === "A" ? "B" : "A") + state.slice(1));
    refused(await callback(back, cookie));
    expect(op1.tokenCalls()).toBe(0);
  });

  it("replayed: the second delivery of a completed callback", async () => {
    const { back, cookie } = await signedIn();
    expect((await callback(back, cookie)).status).toBe(302);
    expect(op1.tokenCalls()).toBe(1);
    refused(await callback(back, cookie));
    expect(op1.tokenCalls()).toBe(1);
  });

  it("replayed concurrently: exactly one of ten simultaneous deliveries completes", async () => {
    const { back, cookie } = await signedIn();
    const results = await Promise.all(Array.from({ length: 10 }, () => callback(back, cookie)));
    expect(results.filter((r) => r.status === 302)).toHaveLength(1);
    expect(results.filter((r) => r.status === 400)).toHaveLength(9);
    expect(op1.tokenCalls()).toBe(1);
  });

  it("expired", async () => {
    const { back, cookie } = await signedIn();
    const db = await getDb();
    await db
      .update(oauthFlows)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(oauthFlows.stateHash, stateHash(back.searchParams.get("state")!)));
    refused(await callback(back, cookie));
    expect(op1.tokenCalls()).toBe(0);
  });

  it("delivered in a browser that did not launch it (no binding cookie, or another flow's)", async () => {
    const { back, cookie } = await signedIn();
    refused(await callback(back));
    const other = await signedIn();
    refused(await callback(back, other.cookie));
    refused(await callback(back, `${cookie.split("=")[0]}=forged`));
    expect(op1.tokenCalls()).toBe(0);
    // The flow itself was untouched: its own browser still completes it.
    expect((await callback(back, cookie)).status).toBe(302);
  });

  it("started by another end user", async () => {
    const alice = await signedIn({ token: t.apiKey, username: uniq("alice") });
    const bob = await signedIn({ token: t.apiKey, username: uniq("bob") });
    // Bob's state, in Alice's browser (which holds only Alice's flow cookie).
    refused(await callback(bob.back, alice.cookie));
    // Alice's state with Bob's cookie renamed to Alice's flow: the binding is per flow.
    const aliceName = alice.cookie.split("=")[0];
    refused(await callback(alice.back, `${aliceName}=${bob.cookie.split("=")[1]}`));
    expect(op1.tokenCalls()).toBe(0);
  });

  it("started in another tenant", async () => {
    const other = await newTenant();
    const otherClient = await oidcClient(other, op1);
    const mine = await signedIn();
    const theirs = await signedIn({ token: other.apiKey, username: uniq("u") }, otherClient);
    refused(await callback(theirs.back, mine.cookie));
    refused(await callback(mine.back, `${mine.cookie.split("=")[0]}=${theirs.cookie.split("=")[1]}`));
    expect(op1.tokenCalls()).toBe(0);
  });

  it("a launch URL binds one browser only", async () => {
    const s = await start(clientId, { token: t.apiKey, username: uniq("u") });
    await launch(s.body.data.authUrl);
    const again = await api("GET", s.body.data.authUrl);
    expect(again.status).toBe(400);
    expect(again.headers.get("set-cookie")).toBeNull();
    expect(again.headers.get("location")).toBeNull();
  });
});

describe("issuer checks (RFC 9207) and mix-up", () => {
  let t: Tenant;
  let client1: string;
  let client2: string;
  beforeAll(async () => {
    t = await newTenant();
    client1 = await oidcClient(t, op1);
    client2 = await oidcClient(t, op2, { tokenEndpointAuthMethod: "client_secret_post" });
  });

  it("provider 1's code with provider 2's state is refused, with no token request anywhere", async () => {
    const s2 = await start(client2, { token: t.apiKey, username: uniq("u") });
    const flow2 = await launch(s2.body.data.authUrl);
    const s1 = await start(client1, { token: t.apiKey, username: uniq("u") });
    const flow1 = await launch(s1.body.data.authUrl);
    const back1 = await loginAtProvider(flow1.providerUrl, redirectUri());
    const mixed = new URL(back1);
    mixed.searchParams.set("state", flow2.state);
    const res = await callback(mixed, flow2.cookie);
    expect(res.status).toBe(400);
    expect(String(res.body)).toContain("issuer_mismatch");
    expect(op2.tokenCalls()).toBe(0);
    expect(op1.tokenCalls()).toBe(0);
    // Without its iss, provider 2 (which advertises iss) refuses the answer just the same.
    const s2b = await start(client2, { token: t.apiKey, username: uniq("u") });
    const flow2b = await launch(s2b.body.data.authUrl);
    mixed.searchParams.set("state", flow2b.state);
    mixed.searchParams.delete("iss");
    const stripped = await callback(mixed, flow2b.cookie);
    expect(stripped.status).toBe(400);
    expect(String(stripped.body)).toContain("issuer_missing");
    expect(op2.tokenCalls()).toBe(0);
  });

  it("a wrong iss aborts; a missing iss where the issuer advertises it aborts", async () => {
    for (const iss of ["http://127.0.0.1:1", op2.issuer, null]) {
      const s = await start(client1, { token: t.apiKey, username: uniq("u") });
      const { cookie, providerUrl } = await launch(s.body.data.authUrl);
      const back = await loginAtProvider(providerUrl, redirectUri());
      if (iss) back.searchParams.set("iss", iss);
      else back.searchParams.delete("iss");
      const res = await callback(back, cookie);
      expect(res.status, String(iss)).toBe(400);
      expect(String(res.body)).toContain(iss === null ? "issuer_missing" : "issuer_mismatch");
    }
    expect(op1.tokenCalls()).toBe(0);
  });

  it("client_secret_post is used where configured, and the flow completes at provider 2", async () => {
    const { res } = await connect(client2, { token: t.apiKey, username: uniq("u") });
    expect(res.status).toBe(302);
    expect(op2.tokenCalls()).toBe(1);
    expect(op2.grants).toEqual(["authorization_code"]);
  });
});

describe("provider errors, successUrl and re-connecting", () => {
  let t: Tenant;
  let clientId: string;
  beforeAll(async () => {
    t = await newTenant();
    clientId = await oidcClient(t, op1);
  });

  it("a provider error= is shown as inert text, with a hash-pinned script only", async () => {
    const s = await start(clientId, { token: t.apiKey, username: uniq("u") });
    const { cookie, state } = await launch(s.body.data.authUrl);
    const evil = new URLSearchParams({
      state,
      iss: op1.issuer,
      error: "<script>alert(1)</script>",
      error_description: `<img src=x onerror="alert(2)">'`,
    });
    const res = await api("GET", `/api/v1/callback?${evil}`, { cookie });
    expect(res.status).toBe(400);
    const html = String(res.body);
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<script>alert");
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(2)&quot;&gt;&#39;");
    expect(html).toContain("provider_error");
    const csp = res.headers.get("content-security-policy")!;
    expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toContain("unsafe-inline");
    expect(op1.tokenCalls()).toBe(0);
    // The flow is spent: the same state cannot be used again.
    expect((await api("GET", `/api/v1/callback?${evil}`, { cookie })).status).toBe(400);
  });

  it("a real refusal at the provider (the user cancels) ends the flow without a token request", async () => {
    const s = await start(clientId, { token: t.apiKey, username: uniq("u") });
    const { cookie, providerUrl } = await launch(s.body.data.authUrl);
    const back = await loginAtProvider(providerUrl, redirectUri(), { abort: true });
    expect(back.searchParams.get("error")).toBe("access_denied");
    const res = await callback(back, cookie);
    expect(res.status).toBe(400);
    expect(String(res.body)).toContain("access_denied");
    expect(op1.tokenCalls()).toBe(0);
  });

  it("successUrl must be on returnUrlOrigins; then the browser is sent there with the secret id", async () => {
    const body = { successUrl: "https://app.example.com/connected?tab=apps" };
    const refused = await start(clientId, { token: t.apiKey, username: uniq("u") }, body);
    expect(refused.status).toBe(400);
    expect(refused.body.error.issues[0].path).toBe("successUrl");
    const set = await api("PATCH", "/api/v1/settings", {
      token: t.apiKey,
      body: { returnUrlOrigins: ["https://app.example.com"] },
    });
    expect(set.status).toBe(200);
    expect(
      (await start(clientId, { token: t.apiKey, username: "u" }, { successUrl: "https://app.example.com.evil.test/x" }))
        .status,
    ).toBe(400);
    expect(
      (await start(clientId, { token: t.apiKey, username: "u" }, { successUrl: "http://app.example.com/x" })).status,
    ).toBe(400);
    const { res } = await connect(clientId, { token: t.apiKey, username: uniq("u") }, { body });
    const to = new URL(res.headers.get("location")!);
    expect(to.origin + to.pathname).toBe("https://app.example.com/connected");
    expect(to.searchParams.get("tab")).toBe("apps");
    expect(to.searchParams.get("secretId")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("re-connecting the same provider account updates that secret and keeps its id", async () => {
    const username = uniq("u");
    const who = { token: t.apiKey, username };
    const first = secretIdOf((await connect(clientId, who, { login: "same-account" })).res);
    const ut = await userToken(t.apiKey, username);
    const before = (await api("GET", `/api/v1/secrets/${first}`, { token: ut })).body.data.value;
    const second = secretIdOf((await connect(clientId, who, { login: "same-account" })).res);
    expect(second).toBe(first);
    const after = (await api("GET", `/api/v1/secrets/${first}`, { token: ut })).body.data.value;
    expect(after.accessToken).not.toBe(before.accessToken);
    // Another account is another secret.
    const third = secretIdOf((await connect(clientId, who, { login: "other-account" })).res);
    expect(third).not.toBe(first);
    const list = await api("GET", `/api/v1/secrets?username=${username}`, { token: t.apiKey });
    expect(list.body.meta.total).toBe(2);
  });

  it("secretId re-authorises in place, keeping the id; another user's secret is not found", async () => {
    const username = uniq("u");
    const who = { token: t.apiKey, username };
    const id = secretIdOf((await connect(clientId, who, { login: "first-login" })).res);
    const again = await connect(clientId, who, { login: "first-login", body: { secretId: id } });
    expect(secretIdOf(again.res)).toBe(id);
    const list = await api("GET", `/api/v1/secrets?username=${username}`, { token: t.apiKey });
    expect(list.body.meta.total).toBe(1);
    const stranger = await start(clientId, { token: t.apiKey, username: uniq("other") }, { secretId: id });
    expect(stranger.status).toBe(404);
    const asUser = await start(clientId, { token: await userToken(t.apiKey, uniq("x")) }, { secretId: id });
    expect(asUser.status).toBe(404);
  });
});

describe("token answers are validated (a token endpoint of our own)", () => {
  let t: Tenant;
  let clientId: string;
  beforeAll(async () => {
    t = await newTenant();
    const r = await api("POST", "/api/v1/auth-clients", {
      token: t.apiKey,
      body: {
        name: "Plain OAuth2",
        componentId: "custom-oauth2",
        clientId: "plain-client",
        clientSecret: "plain-secret-0123456789",
        endpoints: { auth: `${plain.url}/authorize`, token: `${plain.url}/token`, userinfo: `${plain.url}/user` },
        scopes: ["read", "write"],
        tokenEndpointAuthMethod: "client_secret_post",
      },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    clientId = r.body.data.id;
  });

  async function viaPlain(answer: PlainAnswer) {
    plain.answer = answer;
    const username = uniq("u");
    const s = await start(clientId, { token: t.apiKey, username });
    const { cookie, providerUrl } = await launch(s.body.data.authUrl);
    const back = await plain.authorize(providerUrl);
    return { res: await callback(back, cookie), username };
  }

  it("a missing expires_in means unknown expiry, never now; the account comes from userinfo", async () => {
    const { res, username } = await viaPlain({
      status: 200,
      json: { access_token: "plain-access-token-1", token_type: "Bearer", refresh_token: "plain-refresh-1" },
    });
    const id = secretIdOf(res);
    const read = await api("GET", `/api/v1/secrets/${id}`, { token: await userToken(t.apiKey, username) });
    expect(read.body.data.value).toEqual({
      authClientId: clientId,
      accessToken: "plain-access-token-1",
      refreshToken: "plain-refresh-1",
      scope: "read write",
      externalId: "4242",
    });
    expect(read.body.data.expires ?? null).toBeNull();
    const [row] = await (await getDb()).select({ expires: secrets.expires }).from(secrets).where(eq(secrets.id, id));
    expect(row.expires).toBeNull();
    // client_secret_post: the secret went in the body, not in an Authorization header.
    expect(plain.lastToken?.form.client_secret).toBe("plain-secret-0123456789");
    expect(plain.lastToken?.authorization).toBeUndefined();
    expect(plain.lastToken?.form.code_verifier?.length).toBeGreaterThanOrEqual(43);
  });

  it.each<[string, PlainAnswer, string]>([
    ["a non-JSON answer", { status: 200, text: "<html>oops</html>" }, "invalid_token_response"],
    ["a wrong shape", { status: 200, json: { access_token: 12345, token_type: "Bearer" } }, "invalid_token_response"],
    [
      "a token with a header break",
      { status: 200, json: { access_token: "a\r\nX-Evil: 1", token_type: "Bearer" } },
      "invalid_token_response",
    ],
    [
      "an OAuth error",
      { status: 400, json: { error: "invalid_grant", error_description: "code expired" } },
      "invalid_grant",
    ],
    ["a server error", { status: 500, text: "boom" }, "invalid_token_response"],
  ])("%s is a clean failure and stores nothing", async (_, answer, shown) => {
    const { res, username } = await viaPlain(answer);
    expect(res.status).toBe(400);
    expect(String(res.body)).toContain(shown);
    expect(String(res.body)).not.toContain("oops");
    expect(plain.tokenCalls).toBe(1);
    const list = await api("GET", `/api/v1/secrets?username=${username}`, { token: t.apiKey });
    expect(list.body.meta.total).toBe(0);
  });
});

// ---- a minimal authorization server of our own -------------------------------------------

type PlainAnswer = { status: number; json?: unknown; text?: string };
type PlainServer = {
  url: string;
  answer: PlainAnswer;
  tokenCalls: number;
  lastToken?: { form: Record<string, string>; authorization?: string };
  /** What the browser would get from /authorize: the redirect back with a code. */
  authorize: (providerUrl: string) => Promise<URL>;
  reset: () => void;
  close: () => Promise<void>;
};

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString()));
  });

async function startPlainServer(): Promise<PlainServer> {
  const self: PlainServer = {
    url: "",
    answer: { status: 200, json: {} },
    tokenCalls: 0,
    authorize: async (providerUrl) => {
      const res = await fetch(providerUrl, { redirect: "manual" });
      return new URL(res.headers.get("location")!);
    },
    reset: () => {
      self.tokenCalls = 0;
      self.lastToken = undefined;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/authorize") {
      const back = new URL(url.searchParams.get("redirect_uri")!);
      back.searchParams.set("code", "plain-code");
      back.searchParams.set("state", url.searchParams.get("state")!);
      return res.writeHead(302, { location: back.href }).end();
    }
    if (url.pathname === "/token" && req.method === "POST") {
      self.tokenCalls++;
      self.lastToken = {
        form: Object.fromEntries(new URLSearchParams(await readBody(req))),
        authorization: req.headers.authorization,
      };
      const a = self.answer;
      if (a.text !== undefined) return res.writeHead(a.status, { "content-type": "text/html" }).end(a.text);
      return res.writeHead(a.status, { "content-type": "application/json" }).end(JSON.stringify(a.json));
    }
    if (url.pathname === "/user") {
      const ok = req.headers.authorization === "Bearer plain-access-token-1";
      return res
        .writeHead(ok ? 200 : 401, { "content-type": "application/json" })
        .end(JSON.stringify(ok ? { id: 4242, login: "octo" } : {}));
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  self.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return self;
}
