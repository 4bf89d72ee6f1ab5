import { describe, expect, it } from "vitest";
import { api, memberCookie, newTenant } from "./api";

describe("tenant isolation", () => {
  it("another tenant's API key cannot see or delete keys or workspaces (404)", async () => {
    const a = await newTenant();
    const b = await newTenant();
    const keys = await api("GET", "/api/v1/api-keys", { token: a.apiKey });
    const keyId = keys.body.data[0].id;
    const ws = await api("POST", "/api/v1/workspaces", { token: a.apiKey, body: { slug: "staging" } });
    expect(ws.status).toBe(201);

    const bKeys = await api("GET", "/api/v1/api-keys", { token: b.apiKey });
    expect(bKeys.body.data.map((k: { id: string }) => k.id)).not.toContain(keyId);
    const bWs = await api("GET", "/api/v1/workspaces", { token: b.apiKey });
    expect(bWs.body.data.map((w: { id: string }) => w.id)).not.toContain(ws.body.data.id);

    expect((await api("DELETE", `/api/v1/api-keys/${keyId}`, { token: b.apiKey })).status).toBe(404);
    expect((await api("DELETE", `/api/v1/workspaces/${ws.body.data.id}`, { token: b.apiKey })).status).toBe(404);
    // Still alive for their owner.
    expect((await api("GET", "/api/v1/workspaces", { token: a.apiKey })).status).toBe(200);
    expect((await api("DELETE", `/api/v1/workspaces/${ws.body.data.id}`, { token: a.apiKey })).status).toBe(204);
  });

  it("answers 404 for malformed ids", async () => {
    const a = await newTenant();
    for (const path of ["/api/v1/api-keys/nope", "/api/v1/workspaces/123", "/api/v1/members/x"]) {
      expect((await api("DELETE", path, { token: a.apiKey })).status).toBe(404);
    }
  });
});

describe("workspaces", () => {
  it("starts with production, refuses duplicates and keeps the last one", async () => {
    const a = await newTenant();
    const list = await api("GET", "/api/v1/workspaces", { token: a.apiKey });
    expect(list.body.data.map((w: { slug: string }) => w.slug)).toEqual(["production"]);
    expect((await api("POST", "/api/v1/workspaces", { token: a.apiKey, body: { slug: "production" } })).status).toBe(
      409,
    );
    expect((await api("POST", "/api/v1/workspaces", { token: a.apiKey, body: { slug: "Bad Slug" } })).status).toBe(400);
    const r = await api("DELETE", `/api/v1/workspaces/${list.body.data[0].id}`, { token: a.apiKey });
    expect(r.status).toBe(409);
  });
});

describe("members", () => {
  it("an admin adds a member, changes the role and removes them; the last admin stays", async () => {
    const a = await newTenant();
    const cookie = await memberCookie(a.tenantId, "admin");
    const h = { "x-requested-with": "fetch" };
    const added = await api("POST", "/api/v1/members", {
      cookie,
      headers: h,
      body: { email: "Viewer@Example.test", role: "viewer", password: "a long initial password" },
    });
    expect(added.status).toBe(201);
    expect(added.body.data.email).toBe("viewer@example.test");
    expect(JSON.stringify(added.body)).not.toContain("password");
    const dup = await api("POST", "/api/v1/members", {
      cookie,
      headers: h,
      body: { email: "viewer@example.test", role: "viewer", password: "a long initial password" },
    });
    expect(dup.status).toBe(409);
    const patched = await api("PATCH", `/api/v1/members/${added.body.data.id}`, {
      cookie,
      headers: h,
      body: { role: "developer" },
    });
    expect(patched.body.data.role).toBe("developer");
    expect((await api("DELETE", `/api/v1/members/${added.body.data.id}`, { cookie, headers: h })).status).toBe(204);

    const members = await api("GET", "/api/v1/members", { token: a.apiKey });
    const admins = members.body.data.filter((m: { role: string }) => m.role === "admin");
    expect(admins.length).toBe(2);
    await api("DELETE", `/api/v1/members/${admins[0].id}`, { token: a.apiKey });
    const last = await api("PATCH", `/api/v1/members/${admins[1].id}`, { token: a.apiKey, body: { role: "viewer" } });
    expect(last.status).toBe(409);
  });

  it("a removed member's session stops working at once", async () => {
    const a = await newTenant();
    const cookie = await memberCookie(a.tenantId, "developer");
    expect((await api("GET", "/api/v1/workspaces", { cookie })).status).toBe(200);
    const members = await api("GET", "/api/v1/members", { token: a.apiKey });
    const dev = members.body.data.find((m: { role: string }) => m.role === "developer");
    await api("DELETE", `/api/v1/members/${dev.id}`, { token: a.apiKey });
    expect((await api("GET", "/api/v1/workspaces", { cookie })).status).toBe(401);
  });
});

describe("account", () => {
  it("a member changes their own password after proving the current one", async () => {
    const { getDb } = await import("@/db/client");
    const { checkLogin } = await import("@/lib/auth/login");
    const t = await newTenant();
    const cookie = await memberCookie(t.tenantId, "viewer");
    const h = { "x-requested-with": "fetch" };
    const db = await getDb();
    const wrong = await api("POST", "/api/v1/account/password", {
      cookie,
      headers: h,
      body: { currentPassword: "nope", newPassword: "a brand new password" },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.issues[0].path).toBe("currentPassword");
    const short = await api("POST", "/api/v1/account/password", {
      cookie,
      headers: h,
      body: { currentPassword: "x".repeat(12), newPassword: "short" },
    });
    expect(short.body.error.issues[0].path).toBe("newPassword");
    const ok = await api("POST", "/api/v1/account/password", {
      cookie,
      headers: h,
      body: { currentPassword: "x".repeat(12), newPassword: "a brand new password" },
    });
    expect(ok.status).toBe(204);
    const members = await api("GET", "/api/v1/members", { token: t.apiKey });
    const email = members.body.data.find((m: { role: string }) => m.role === "viewer").email;
    expect(await checkLogin(db, email, "a brand new password")).not.toBeNull();
    expect(await checkLogin(db, email, "x".repeat(12))).toBeNull();
    expect(
      (
        await api("POST", "/api/v1/account/password", {
          token: t.apiKey,
          body: { currentPassword: "a", newPassword: "b".repeat(12) },
        })
      ).status,
    ).toBe(403);
  });
});
