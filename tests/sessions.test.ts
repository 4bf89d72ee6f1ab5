import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { api, memberCookie, newTenant, uniq } from "./api";
import { setCookies, signInWithPassword } from "./auth-flow";

const h = { "x-requested-with": "fetch" };
const PASSWORD = "correct horse battery";
const randomIp = () => `10.${[...randomBytes(3)].join(".")}`;

/** A tenant with a developer who can sign in with PASSWORD. */
async function developer() {
  const t = await newTenant();
  const email = `${uniq("dev")}@example.test`;
  const added = await api("POST", "/api/v1/members", {
    token: t.apiKey,
    body: { email, role: "developer", password: PASSWORD },
  });
  expect(added.status).toBe(201);
  return { ...t, email, memberId: added.body.data.id as string };
}

async function signedIn(email: string, password = PASSWORD) {
  const r = await signInWithPassword(email, password, { ip: randomIp() });
  expect(r.error).toBeNull();
  return r.cookie!;
}

const status = async (cookie: string) => (await api("GET", "/api/v1/workspaces", { cookie })).status;

describe("dashboard sessions end when they should", () => {
  it(
    "a password change ends every other session of the member and keeps the current one",
    { timeout: 60_000 },
    async () => {
      const { email } = await developer();
      const current = await signedIn(email);
      const other = await signedIn(email);
      expect(await status(current)).toBe(200);
      expect(await status(other)).toBe(200);

      const changed = await api("POST", "/api/v1/account/password", {
        cookie: current,
        headers: h,
        body: { currentPassword: PASSWORD, newPassword: "a brand new password" },
      });
      expect(changed.status).toBe(204);
      // The current browser gets its session re-issued, with the cookie's attributes kept.
      const line = changed.headers.getSetCookie().find((c) => c.startsWith("authjs.session-token="));
      expect(line).toMatch(/; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Lax$/i);
      const renewed = `authjs.session-token=${setCookies(new Response(null, { headers: changed.headers })).get("authjs.session-token")}`;

      expect(await status(renewed)).toBe(200);
      expect(await status(other)).toBe(401);
      expect(await status(current)).toBe(401); // the pre-change cookie is one of the "other" sessions now
      // A fresh login with the new password works; the old password no longer signs in.
      expect(await status(await signedIn(email, "a brand new password"))).toBe(200);
      expect((await signInWithPassword(email, PASSWORD, { ip: randomIp() })).cookie).toBeNull();
    },
  );

  it("a removed member's sessions answer 401 at once", { timeout: 60_000 }, async () => {
    const { email, apiKey, memberId } = await developer();
    const cookie = await signedIn(email);
    expect(await status(cookie)).toBe(200);
    expect((await api("DELETE", `/api/v1/members/${memberId}`, { token: apiKey })).status).toBe(204);
    expect(await status(cookie)).toBe(401);
  });

  it("a role change applies to the next request of a signed-in member", { timeout: 60_000 }, async () => {
    const { email, apiKey, memberId } = await developer();
    const cookie = await signedIn(email);
    const create = () => api("POST", "/api/v1/workspaces", { cookie, headers: h, body: { slug: uniq("ws") } });
    expect((await create()).status).toBe(403); // developers do not manage workspaces
    expect((await api("PATCH", `/api/v1/members/${memberId}`, { token: apiKey, body: { role: "admin" } })).status).toBe(
      200,
    );
    expect((await create()).status).toBe(201);
    expect(
      (await api("PATCH", `/api/v1/members/${memberId}`, { token: apiKey, body: { role: "viewer" } })).status,
    ).toBe(200);
    expect((await create()).status).toBe(403);
  });
});

describe("dashboard pages (requireMember)", () => {
  it(
    "load the member only while the session version matches and the membership exists",
    { timeout: 60_000 },
    async () => {
      const { getDb } = await import("@/db/client");
      const { loadMember } = await import("@/lib/auth/session");
      const { email, tenantId, apiKey, memberId } = await developer();
      const current = await signedIn(email);
      const members = await api("GET", "/api/v1/members", { token: apiKey });
      const userId = members.body.data.find((m: { id: string }) => m.id === memberId).userId as string;
      const db = await getDb();
      expect(await loadMember(db, { userId, tenantId, sessionVersion: 0 })).toMatchObject({
        userId,
        tenantId,
        email,
        role: "developer",
      });
      const changed = await api("POST", "/api/v1/account/password", {
        cookie: current,
        headers: h,
        body: { currentPassword: PASSWORD, newPassword: "a brand new password" },
      });
      expect(changed.status).toBe(204);
      expect(await loadMember(db, { userId, tenantId, sessionVersion: 0 })).toBeNull();
      expect(await loadMember(db, { userId, tenantId, sessionVersion: 1 })).toMatchObject({ userId });
      expect(await loadMember(db, { userId, tenantId: (await newTenant()).tenantId, sessionVersion: 1 })).toBeNull();
      await api("DELETE", `/api/v1/members/${memberId}`, { token: apiKey });
      expect(await loadMember(db, { userId, tenantId, sessionVersion: 1 })).toBeNull();
    },
  );
});

describe("malformed session cookies", () => {
  it.each([
    ["a broken % escape", "authjs.session-token=%E0%A4%A"],
    ["a lone %", "authjs.session-token=%"],
    ["garbage", "authjs.session-token=not-a-jwt"],
    ["an empty value", "authjs.session-token="],
    ["a broken escape in an unrelated cookie", "theme=%ZZ; authjs.session-token=%E0%A4%A"],
  ])("%s answers 401, not 500", async (_label, cookie) => {
    const r = await api("GET", "/api/v1/workspaces", { cookie });
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe("unauthorized");
  });

  it("a broken escape in an unrelated cookie does not hide a valid session", async () => {
    const t = await newTenant();
    const cookie = await memberCookie(t.tenantId, "viewer");
    expect((await api("GET", "/api/v1/workspaces", { cookie: `theme=%ZZ; ${cookie}` })).status).toBe(200);
  });
});
