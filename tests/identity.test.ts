import { describe, expect, it } from "vitest";
import { SignJWT } from "jose";
import { api, newTenant, uniq, userToken } from "./api";

describe("impersonation and user tokens", () => {
  it("returns {token, id, expiresAt}, reuses the end user and honours expiresIn", async () => {
    const t = await newTenant();
    const username = uniq("cust");
    const r1 = await api("POST", "/api/v1/impersonate", { token: t.apiKey, body: { username } });
    expect(r1.status).toBe(200);
    expect(Object.keys(r1.body).sort()).toEqual(["expiresAt", "id", "token"]);
    const ms = Date.parse(r1.body.expiresAt) - Date.now();
    expect(ms).toBeGreaterThan(3590_000);
    expect(ms).toBeLessThan(3610_000);
    const r2 = await api("POST", "/api/v1/impersonate", { token: t.apiKey, body: { username, expiresIn: 60 } });
    expect(r2.body.id).toBe(r1.body.id);
    expect(Date.parse(r2.body.expiresAt) - Date.now()).toBeLessThan(61_000);
  });

  it.each([[59], [86_401], ["3600"]])("refuses expiresIn %s", async (expiresIn) => {
    const t = await newTenant();
    const r = await api("POST", "/api/v1/impersonate", { token: t.apiKey, body: { username: "u", expiresIn } });
    expect(r.status).toBe(400);
  });

  it("only an API key may impersonate", async () => {
    const t = await newTenant();
    const token = await userToken(t.apiKey, uniq("u"));
    expect((await api("POST", "/api/v1/impersonate", { token, body: { username: "other" } })).status).toBe(403);
  });

  it("refuses tokens with the wrong algorithm, audience, key or expiry", async () => {
    const t = await newTenant();
    const good = await userToken(t.apiKey, uniq("u"));
    const [h, p] = good.split(".");
    const unsigned = `${Buffer.from(JSON.stringify({ alg: "none", typ: "ic-user+jwt" })).toString("base64url")}.${p}.`;
    const wrongKey = await new SignJWT(JSON.parse(Buffer.from(p, "base64url").toString()))
      .setProtectedHeader(JSON.parse(Buffer.from(h, "base64url").toString()))
      .sign(new TextEncoder().encode("x".repeat(32)));
    for (const token of [unsigned, wrongKey, good.slice(0, -3) + "abc"]) {
      expect((await api("GET", "/api/v1/secrets", { token })).status).toBe(401);
    }
  });

  it("deleting an end user deletes their secrets and refuses their tokens", async () => {
    const t = await newTenant();
    const username = uniq("leaver");
    const token = await userToken(t.apiKey, username);
    const c = await api("POST", "/api/v1/secrets", {
      token,
      body: { name: "x", type: "BEARER", value: { token: "t" } },
    });
    expect((await api("GET", "/api/v1/secrets", { token })).status).toBe(200);
    expect((await api("DELETE", `/api/v1/end-users/${username}`, { token: t.apiKey })).status).toBe(204);
    expect((await api("GET", "/api/v1/secrets", { token })).status).toBe(401);
    expect((await api("GET", `/api/v1/secrets/${c.body.data.id}`, { token })).status).toBe(401);
    expect((await api("GET", `/api/v1/secrets/${c.body.data.id}/request-auth`, { token })).status).toBe(401);
    expect((await api("GET", `/api/v1/secrets/${c.body.data.id}`, { token: t.apiKey })).status).toBe(404);
    // Re-creating the same username makes a new end user; the old token stays dead.
    await userToken(t.apiKey, username);
    expect((await api("GET", "/api/v1/secrets", { token })).status).toBe(401);
    expect((await api("DELETE", `/api/v1/end-users/${uniq("never")}`, { token: t.apiKey })).status).toBe(404);
  });

  it("another tenant cannot delete my end user", async () => {
    const t = await newTenant();
    const other = await newTenant();
    const username = uniq("mine");
    const token = await userToken(t.apiKey, username);
    expect((await api("DELETE", `/api/v1/end-users/${username}`, { token: other.apiKey })).status).toBe(404);
    expect((await api("GET", "/api/v1/secrets", { token })).status).toBe(200);
  });
});

describe("audit events", () => {
  it("records create, read, update, usage and delete without values", async () => {
    const t = await newTenant();
    const c = await api("POST", "/api/v1/secrets", {
      token: t.apiKey,
      body: { name: "a", type: "BEARER", value: { token: "audit-canary-token" } },
    });
    const id = c.body.data.id;
    await api("GET", `/api/v1/secrets/${id}`, { token: t.apiKey });
    await api("PATCH", `/api/v1/secrets/${id}`, {
      token: t.apiKey,
      body: { value: { token: "audit-canary-token-2" } },
    });
    await api("POST", `/api/v1/secrets/${id}/usages`, { token: t.apiKey, body: { ref: "r1" } });
    await api("DELETE", `/api/v1/secrets/${id}?force=true`, { token: t.apiKey });
    const r = await api("GET", `/api/v1/audit-events?targetId=${id}&page[size]=50`, { token: t.apiKey });
    const actions = r.body.data.map((e: { action: string }) => e.action).reverse();
    expect(actions).toEqual([
      "secret.created",
      "secret.read",
      "secret.updated",
      "secret.usage_added",
      "secret.deleted",
    ]);
    expect(r.body.data[0].actor.type).toBe("api_key");
    expect(JSON.stringify(r.body)).not.toContain("audit-canary");
    const reads = await api("GET", `/api/v1/audit-events?action=secret.read&targetId=${id}`, { token: t.apiKey });
    expect(reads.body.meta.total).toBe(1);
    const other = await newTenant();
    expect((await api("GET", `/api/v1/audit-events?targetId=${id}`, { token: other.apiKey })).body.meta.total).toBe(0);
  });
});

describe("audit events by several actions", () => {
  it("lists only the asked-for actions, newest first", async () => {
    const { listAuditEvents } = await import("@/lib/audit");
    const { getDb } = await import("@/db/client");
    const t = await newTenant();
    const c = await api("POST", "/api/v1/secrets", {
      token: t.apiKey,
      body: { name: "a", type: "NO_AUTH", value: {} },
    });
    const id = c.body.data.id;
    await api("GET", `/api/v1/secrets/${id}`, { token: t.apiKey });
    await api("PATCH", `/api/v1/secrets/${id}`, { token: t.apiKey, body: { name: "b" } });
    const { rows } = await listAuditEvents(await getDb(), {
      tenantId: t.tenantId,
      page: { page: 1, perPage: 10, offset: 0 },
      actions: ["secret.created", "secret.updated"],
      targetId: id,
    });
    expect(rows.map((r) => r.action)).toEqual(["secret.updated", "secret.created"]);
  });
});
