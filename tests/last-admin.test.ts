import { describe, expect, it } from "vitest";
import { api, memberCookie, newTenant } from "./api";

// The last-admin rule is a check followed by a change. Unless the two are one serialised
// step per tenant, two admins acting at once both see "two admins" and both go ahead.
// This shows on PostgreSQL, where requests run on separate connections; PGlite has one.
const h = { "x-requested-with": "fetch" };
const ROUNDS = 6;

type Member = { id: string; role: string; userId: string };

/**
 * A tenant with exactly two admins, A and B, each signed in to the dashboard: two admin
 * logins are added, then the founder is made a viewer.
 */
async function twoAdmins() {
  const t = await newTenant();
  const cookieA = await memberCookie(t.tenantId, "admin");
  const afterA = (await api("GET", "/api/v1/members", { token: t.apiKey })).body.data as Member[];
  const cookieB = await memberCookie(t.tenantId, "admin");
  const all = (await api("GET", "/api/v1/members", { token: t.apiKey })).body.data as Member[];
  const founder = all.find((m) => m.userId === t.adminId)!;
  const a = afterA.find((m) => m.role === "admin" && m.id !== founder.id)!;
  const b = all.find((m) => m.role === "admin" && m.id !== founder.id && m.id !== a.id)!;
  expect(
    (await api("PATCH", `/api/v1/members/${founder.id}`, { token: t.apiKey, body: { role: "viewer" } })).status,
  ).toBe(200);
  expect(await adminsLeft(t.apiKey)).toBe(2);
  return { t, a, b, cookieA, cookieB };
}

async function adminsLeft(apiKey: string) {
  const members = await api("GET", "/api/v1/members", { token: apiKey });
  return members.body.data.filter((m: { role: string }) => m.role === "admin").length;
}

/**
 * Exactly one of two racing requests wins; the other is refused: `409 conflict` when it got
 * to the check after the winner, or `403` when the winner had already demoted its caller
 * before it was authenticated (the usual order on PGlite's single connection).
 */
function expectOneWinner(results: { status: number; body: any }[], okStatus: number, loserCodes = ["conflict"]) {
  const won = results.filter((r) => r.status === okStatus);
  const lost = results.filter((r) => r.status !== okStatus);
  expect(won, JSON.stringify(results.map((r) => r.body))).toHaveLength(1);
  expect(lost).toHaveLength(1);
  expect(loserCodes).toContain(lost[0].body.error.code);
}

describe("the last admin cannot be lost to a race", () => {
  it("two admins demoting each other at once: one succeeds, one gets 409, one admin remains", async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const { t, a, b, cookieA, cookieB } = await twoAdmins();
      const results = await Promise.all([
        api("PATCH", `/api/v1/members/${b.id}`, { cookie: cookieA, headers: h, body: { role: "developer" } }),
        api("PATCH", `/api/v1/members/${a.id}`, { cookie: cookieB, headers: h, body: { role: "developer" } }),
      ]);
      expectOneWinner(results, 200, ["conflict", "forbidden"]);
      expect(await adminsLeft(t.apiKey)).toBe(1);
    }
  });

  it("two admins removed at once: one removal succeeds, one gets 409, one admin remains", async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const { t, a, b } = await twoAdmins();
      const results = await Promise.all([
        api("DELETE", `/api/v1/members/${a.id}`, { token: t.apiKey }),
        api("DELETE", `/api/v1/members/${b.id}`, { token: t.apiKey }),
      ]);
      expectOneWinner(results, 204);
      expect(await adminsLeft(t.apiKey)).toBe(1);
    }
  });

  it("a demotion racing a removal: one goes through, one admin remains", async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const { t, a, b } = await twoAdmins();
      const results = await Promise.all([
        api("PATCH", `/api/v1/members/${a.id}`, { token: t.apiKey, body: { role: "viewer" } }),
        api("DELETE", `/api/v1/members/${b.id}`, { token: t.apiKey }),
      ]);
      expect(results.filter((r) => r.status === 409)).toHaveLength(1);
      expect(await adminsLeft(t.apiKey)).toBe(1);
    }
  });

  it("with three admins, two concurrent demotions both succeed (the lock does not over-refuse)", async () => {
    const { t, a, b } = await twoAdmins();
    await memberCookie(t.tenantId, "admin");
    const results = await Promise.all([
      api("PATCH", `/api/v1/members/${a.id}`, { token: t.apiKey, body: { role: "viewer" } }),
      api("PATCH", `/api/v1/members/${b.id}`, { token: t.apiKey, body: { role: "viewer" } }),
    ]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    expect(await adminsLeft(t.apiKey)).toBe(1);
  });
});
