import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { api, memberCookie, newTenant, uniq, userToken } from "./api";
import { startTokenServer, type TokenServer } from "./fakes/token-server";
import { leaseColumns, oauthSecret } from "./support/oauth-secret";

// Refresh on read in one process, against a real token endpoint on 127.0.0.1
// (docs/architecture.md › Token refresh). The cross-instance cases are in
// refresh-instances.test.ts.

let ts: TokenServer;
const saved = { hosts: process.env.OUTBOUND_ALLOW_HOSTS, lease: process.env.REFRESH_LEASE_SECONDS };
const setEnv = (k: string, v: string | undefined) => {
  if (v === undefined) delete process.env[k];
  else process.env[k] = v;
  resetEnvCache();
};

beforeAll(async () => {
  ts = await startTokenServer();
  setEnv("OUTBOUND_ALLOW_HOSTS", "127.0.0.1");
});
afterEach(() => {
  ts.reset();
  setEnv("REFRESH_LEASE_SECONDS", saved.lease);
});
afterAll(async () => {
  await ts.close();
  setEnv("OUTBOUND_ALLOW_HOSTS", saved.hosts);
});

const read = (s: { id: string; token: string }) => api("GET", `/api/v1/secrets/${s.id}`, { token: s.token });
const auditActions = async (apiKey: string, id: string) =>
  ((await api("GET", `/api/v1/audit-events?targetId=${id}`, { token: apiKey })).body.data as { action: string }[]).map(
    (e) => e.action,
  );

describe("refresh on read", () => {
  it("refreshes an expired token once; a rotated refresh token is kept and used next time", async () => {
    const s = await oauthSecret(ts, { expiresIn: -60 });
    const r = await read(s);
    expect(r.status).toBe(200);
    const v = r.body.data.value;
    expect(v.accessToken).not.toBe(s.pair.accessToken);
    expect(v.refreshToken).not.toBe(s.pair.refreshToken);
    expect(ts.isLive(v.refreshToken)).toBe(true);
    expect(ts.isLive(s.pair.refreshToken)).toBe(false);
    expect(v).toMatchObject({ authClientId: s.client.id, scope: "read write", externalId: "acct-1" });
    expect(new Date(v.expires).getTime()).toBeGreaterThan(Date.now() + 3500_000);
    expect(new Date(r.body.data.expires).getTime()).toBe(new Date(v.expires).getTime());
    expect(ts.calls()).toBe(1);
    // The client authenticated itself (client_secret_basic) and sent the stored refresh token.
    expect(ts.requests[0].form).toMatchObject({ grant_type: "refresh_token", refresh_token: s.pair.refreshToken });
    expect(ts.requests[0].form.scope).toBeUndefined();

    // Fresh now: the next read is the stored value, with no token call.
    const again = await read(s);
    expect(again.body.data.value).toEqual(v);
    expect(ts.calls()).toBe(1);

    // A forced refresh presents the rotated refresh token, which the server accepts.
    const forced = await api("POST", `/api/v1/secrets/${s.id}/refresh`, { token: s.token });
    expect(forced.status).toBe(200);
    expect(ts.requests[1].form.refresh_token).toBe(v.refreshToken);
    expect(JSON.stringify(forced.body)).not.toContain(v.refreshToken);
    expect(forced.body.data.value.accessToken).toBeUndefined();
    const after = await read(s);
    expect(after.body.data.value.accessToken).not.toBe(v.accessToken);
    expect(forced.body.data.expires).toBe(after.body.data.expires);
    expect(await auditActions(s.apiKey, s.id)).toEqual(expect.arrayContaining(["secret.refreshed"]));
    expect(await leaseColumns(s.id)).toMatchObject({
      leaseOwner: null,
      leaseUntil: null,
      refreshRetryAt: null,
      status: "active",
    });
  });

  it("keeps the old refresh token when the answer has none", async () => {
    ts.set({ mode: "no-rotate" });
    const s = await oauthSecret(ts, { expiresIn: -5 });
    const r = await read(s);
    expect(r.status).toBe(200);
    expect(r.body.data.value.accessToken).not.toBe(s.pair.accessToken);
    expect(r.body.data.value.refreshToken).toBe(s.pair.refreshToken);
    expect((await read(s)).body.data.value.refreshToken).toBe(s.pair.refreshToken);
  });

  it("honours the client's refresh buffer; an unknown expiry is never refreshed", async () => {
    const outside = await oauthSecret(ts, { expiresIn: 600 }); // default buffer 300 s
    expect((await read(outside)).body.data.value.accessToken).toBe(outside.pair.accessToken);
    const unknown = await oauthSecret(ts, { expiresIn: null });
    expect((await read(unknown)).body.data.value.accessToken).toBe(unknown.pair.accessToken);
    expect(ts.calls()).toBe(0);
    const inside = await oauthSecret(ts, { expiresIn: 600, refreshBufferSeconds: 900 });
    expect((await read(inside)).body.data.value.accessToken).not.toBe(inside.pair.accessToken);
    expect(ts.calls()).toBe(1);
  });

  it("sends scope when the client asks for it, and client_secret_post credentials in the body", async () => {
    const s = await oauthSecret(ts, {
      expiresIn: -1,
      refreshWithScope: true,
      tokenEndpointAuthMethod: "client_secret_post",
      scope: "a b",
    });
    expect((await read(s)).status).toBe(200);
    expect(ts.requests[0].form).toMatchObject({ scope: "a b", client_id: ts.clientId, client_secret: ts.clientSecret });
    expect(ts.requests[0].authorization).toBeUndefined();
  });

  it("a provider scope in the answer replaces the stored one", async () => {
    ts.set({ scope: "read" });
    const s = await oauthSecret(ts, { expiresIn: -1 });
    const r = await read(s);
    expect(r.body.data.value.scope).toBe("read");
    expect(r.body.data.scope).toBe("read");
  });

  it("20 concurrent reads in one process make one token call and all get the new token", async () => {
    ts.set({ latencyMs: 150 });
    const s = await oauthSecret(ts, { expiresIn: -60 });
    const all = await Promise.all(Array.from({ length: 20 }, () => read(s)));
    expect(all.map((r) => r.status)).toEqual(Array(20).fill(200));
    const tokens = new Set(all.map((r) => r.body.data.value.accessToken));
    expect(tokens.size).toBe(1);
    expect([...tokens][0]).not.toBe(s.pair.accessToken);
    expect(ts.calls()).toBe(1);
  });

  it("request-auth refreshes first", async () => {
    const s = await oauthSecret(ts, { expiresIn: -60 });
    const r = await api("GET", `/api/v1/secrets/${s.id}/request-auth`, { token: s.token });
    expect(r.status).toBe(200);
    const header: string = r.body.data.headers.Authorization;
    expect(header).toMatch(/^Bearer at-/);
    expect(header).not.toBe(`Bearer ${s.pair.accessToken}`);
    expect(header).toBe(`Bearer ${(await read(s)).body.data.value.accessToken}`);
    expect(ts.calls()).toBe(1);
  });
});

describe("refresh failures", () => {
  it("invalid_grant after another instance rotated the token resolves to success", async () => {
    const s = await oauthSecret(ts, { expiresIn: -60 });
    const rotated = ts.issue();
    // While our request is at the provider, "another instance" stores a rotated pair; the
    // provider then refuses the refresh token we sent, which is now dead.
    ts.set({
      mode: "invalid_grant",
      onRequest: async () => {
        const value = {
          ...s.value,
          accessToken: rotated.accessToken,
          refreshToken: rotated.refreshToken,
          expires: new Date(Date.now() + 3600_000).toISOString(),
        };
        const p = await api("PATCH", `/api/v1/secrets/${s.id}`, { token: s.token, body: { value } });
        expect(p.status).toBe(200);
      },
    });
    const r = await read(s);
    expect(r.status).toBe(200);
    expect(r.body.data.value).toMatchObject({ accessToken: rotated.accessToken, refreshToken: rotated.refreshToken });
    expect(r.body.data.status).toBe("active");
    expect(ts.calls()).toBe(1);
    expect(await leaseColumns(s.id)).toMatchObject({ status: "active", leaseOwner: null, leaseUntil: null });
    expect(await auditActions(s.apiKey, s.id)).not.toContain("secret.expired");
  });

  it("a genuine invalid_grant answers 409 needs_reauth, sets expired, audits, and stops calling the provider", async () => {
    ts.set({ mode: "invalid_grant" });
    const s = await oauthSecret(ts, { expiresIn: 60 }); // still valid, but due
    const r = await read(s);
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe("needs_reauth");
    expect(JSON.stringify(r.body)).not.toContain(s.pair.refreshToken);
    expect(await leaseColumns(s.id)).toMatchObject({ status: "expired", leaseOwner: null, leaseUntil: null });
    expect(await auditActions(s.apiKey, s.id)).toContain("secret.expired");
    const list = await api("GET", "/api/v1/secrets", { token: s.token });
    expect(list.body.data[0]).toMatchObject({ id: s.id, status: "expired" });
    expect(list.body.data[0].statusDetail).toMatch(/invalid_grant/);
    // Further reads, request-auth and forced refreshes answer 409 without another call.
    expect((await read(s)).status).toBe(409);
    expect((await api("GET", `/api/v1/secrets/${s.id}/request-auth`, { token: s.token })).body.error.code).toBe(
      "needs_reauth",
    );
    expect((await api("POST", `/api/v1/secrets/${s.id}/refresh`, { token: s.token })).status).toBe(409);
    expect(ts.calls()).toBe(1);
    // Re-connecting (a new value) makes it active again.
    const fresh = ts.issue();
    const p = await api("PATCH", `/api/v1/secrets/${s.id}`, {
      token: s.token,
      body: { value: { ...s.value, ...fresh, expires: new Date(Date.now() + 3600_000).toISOString() } },
    });
    expect(p.body.data.status).toBe("active");
    expect((await read(s)).body.data.value.accessToken).toBe(fresh.accessToken);
  });

  it("a 500 returns the still-valid token, leaves the lease free, and is not retried for 30 s", async () => {
    ts.set({ mode: "500" });
    const s = await oauthSecret(ts, { expiresIn: 120 });
    const before = Date.now();
    const r = await read(s);
    expect(r.status).toBe(200);
    expect(r.body.data.value.accessToken).toBe(s.pair.accessToken);
    const cols = await leaseColumns(s.id);
    expect(cols).toMatchObject({ leaseOwner: null, leaseUntil: null, status: "active" });
    const retryIn = cols.refreshRetryAt!.getTime() - before;
    expect(retryIn).toBeGreaterThan(28_000);
    expect(retryIn).toBeLessThan(32_000);
    expect(await auditActions(s.apiKey, s.id)).toContain("secret.refresh_failed");
    ts.set({ mode: "rotate" });
    expect((await read(s)).body.data.value.accessToken).toBe(s.pair.accessToken);
    expect(ts.calls()).toBe(1);
    // A forced refresh respects the cool-down too.
    const forced = await api("POST", `/api/v1/secrets/${s.id}/refresh`, { token: s.token });
    expect(forced.status).toBe(503);
    expect(ts.calls()).toBe(1);
  });

  it("a 500 with an expired token answers 503 upstream_unavailable with Retry-After", async () => {
    ts.set({ mode: "500" });
    const s = await oauthSecret(ts, { expiresIn: -60 });
    const r = await read(s);
    expect(r.status).toBe(503);
    expect(r.body.error.code).toBe("upstream_unavailable");
    expect(r.headers.get("retry-after")).toBe("30");
    expect(await leaseColumns(s.id)).toMatchObject({ leaseOwner: null, status: "error" });
    const again = await read(s);
    expect(again.status).toBe(503);
    expect(Number(again.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(Number(again.headers.get("retry-after"))).toBeLessThanOrEqual(30);
    expect(ts.calls()).toBe(1);
  });

  it("a hanging provider times out before the lease ends, and the lease is freed", async () => {
    setEnv("REFRESH_LEASE_SECONDS", "2"); // token timeout: 1 s
    let leaseUntil: Date | null = null;
    const s = await oauthSecret(ts, { expiresIn: 60 });
    ts.set({ mode: "hang", onRequest: async () => void (leaseUntil = (await leaseColumns(s.id)).leaseUntil) });
    const r = await read(s);
    expect(r.status).toBe(200);
    expect(r.body.data.value.accessToken).toBe(s.pair.accessToken);
    // The client gave up on the provider after its timeout, while the lease was still ours.
    await vi.waitFor(() => expect(ts.requests[0].closedAt).toBeDefined()); // the server sees the hang-up a tick later
    const { at, closedAt } = ts.requests[0];
    expect(closedAt! - at).toBeGreaterThanOrEqual(900);
    expect(leaseUntil).not.toBeNull();
    expect(closedAt!).toBeLessThan(leaseUntil!.getTime());
    const cols = await leaseColumns(s.id);
    expect(cols.leaseOwner).toBeNull();
    expect(cols.refreshRetryAt).not.toBeNull();
    expect(ts.calls()).toBe(1);
  });
});

describe("POST /secrets/{id}/refresh", () => {
  it("refreshes a fresh token on demand, for the owner, an API key acting as the user, and a developer", async () => {
    const s = await oauthSecret(ts, { expiresIn: 3000 });
    const own = await api("POST", `/api/v1/secrets/${s.id}/refresh`, { token: s.token });
    expect(own.status).toBe(200);
    expect(own.headers.get("cache-control")).toBe("no-store");
    expect(new Date(own.body.data.expires).getTime()).toBeGreaterThan(Date.now() + 3500_000);
    expect(
      (await api("POST", `/api/v1/secrets/${s.id}/refresh?username=${s.username}`, { token: s.apiKey })).status,
    ).toBe(200);
    const dev = await memberCookie(s.tenantId, "developer");
    expect(
      (await api("POST", `/api/v1/secrets/${s.id}/refresh`, { cookie: dev, headers: { "x-requested-with": "fetch" } }))
        .status,
    ).toBe(200);
    expect(ts.calls()).toBe(3);
    const viewer = await memberCookie(s.tenantId, "viewer");
    expect(
      (
        await api("POST", `/api/v1/secrets/${s.id}/refresh`, {
          cookie: viewer,
          headers: { "x-requested-with": "fetch" },
        })
      ).status,
    ).toBe(403);
  });

  it("answers 404 to another tenant and another user, 400 for a non-OAuth secret, 409 without an auth client", async () => {
    const s = await oauthSecret(ts, { expiresIn: -60 });
    const other = await newTenant();
    expect((await api("POST", `/api/v1/secrets/${s.id}/refresh`, { token: other.apiKey })).status).toBe(404);
    const stranger = await userToken(s.apiKey, uniq("other"));
    expect((await api("POST", `/api/v1/secrets/${s.id}/refresh`, { token: stranger })).status).toBe(404);
    expect(ts.calls()).toBe(0);

    const simple = await api("POST", "/api/v1/secrets", {
      token: s.token,
      body: { name: "basic", type: "SIMPLE", value: { username: "u", passphrase: "p" } },
    });
    expect((await api("POST", `/api/v1/secrets/${simple.body.data.id}/refresh`, { token: s.token })).status).toBe(400);
    const unlinked = await api("POST", "/api/v1/secrets", {
      token: s.token,
      body: {
        name: "passed in",
        type: "OA2_AUTHORIZATION_CODE",
        value: { accessToken: "at-x", refreshToken: "rt-x", expires: "2000-01-01T00:00:00Z" },
      },
    });
    const r = await api("POST", `/api/v1/secrets/${unlinked.body.data.id}/refresh`, { token: s.token });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe("conflict");
    // Passed-in tokens without an auth client are returned as stored, never refreshed.
    expect(
      (await api("GET", `/api/v1/secrets/${unlinked.body.data.id}`, { token: s.token })).body.data.value.accessToken,
    ).toBe("at-x");
    expect(ts.calls()).toBe(0);
  });
});
