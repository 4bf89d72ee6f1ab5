import { describe, expect, it } from "vitest";
import { api, memberCookie, newTenant, uniq, userToken } from "./api";

const h = { "x-requested-with": "fetch" };

/** An end user with two secrets; the first has an active usage when `inUse`. */
async function endUserWithSecrets(inUse: boolean) {
  const t = await newTenant();
  const username = uniq("leaver");
  const token = await userToken(t.apiKey, username);
  const ids: string[] = [];
  for (const name of ["crm", "mail"]) {
    const c = await api("POST", "/api/v1/secrets", { token, body: { name, type: "BEARER", value: { token: "t" } } });
    expect(c.status).toBe(201);
    ids.push(c.body.data.id);
  }
  if (inUse) {
    const u = await api("POST", `/api/v1/secrets/${ids[0]}/usages`, {
      token,
      body: { ref: "flow/7", label: "Nightly sync" },
    });
    expect(u.status).toBe(201);
  }
  // An inactive usage never blocks, on either secret.
  await api("POST", `/api/v1/secrets/${ids[1]}/usages`, { token, body: { ref: "old", active: false } });
  return { t, username, token, ids };
}

const stillThere = async (apiKey: string, ids: string[]) =>
  Promise.all(ids.map(async (id) => (await api("GET", `/api/v1/secrets/${id}`, { token: apiKey })).status));

describe("deleting an end user honours active usages", () => {
  it("an active usage blocks the delete with 409 in_use and its usages; nothing is deleted", async () => {
    const { t, username, token, ids } = await endUserWithSecrets(true);
    const r = await api("DELETE", `/api/v1/end-users/${username}`, { token: t.apiKey });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe("in_use");
    expect(r.body.error.usages).toEqual([
      expect.objectContaining({ secretId: ids[0], ref: "flow/7", label: "Nightly sync" }),
    ]);
    expect(await stillThere(t.apiKey, ids)).toEqual([200, 200]);
    expect((await api("GET", "/api/v1/secrets", { token })).status).toBe(200); // the user token still works
    const events = await api("GET", "/api/v1/audit-events?action=end_user.deleted", { token: t.apiKey });
    expect(events.body.meta.total).toBe(0);
  });

  it("?force=true is refused (403) to a developer and a viewer, and deletes nothing", async () => {
    const { t, username, ids } = await endUserWithSecrets(true);
    for (const role of ["developer", "viewer"] as const) {
      const cookie = await memberCookie(t.tenantId, role);
      const r = await api("DELETE", `/api/v1/end-users/${username}?force=true`, { cookie, headers: h });
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe("forbidden");
    }
    expect(await stillThere(t.apiKey, ids)).toEqual([200, 200]);
  });

  it("?force=true by an API key deletes the end user and every secret, with an audit event for each", async () => {
    const { t, username, token, ids } = await endUserWithSecrets(true);
    const r = await api("DELETE", `/api/v1/end-users/${username}?force=true`, { token: t.apiKey });
    expect(r.status).toBe(204);
    expect(await stillThere(t.apiKey, ids)).toEqual([404, 404]);
    expect((await api("GET", "/api/v1/secrets", { token })).status).toBe(401);

    const deleted = await api("GET", "/api/v1/audit-events?action=secret.deleted&page[size]=50", { token: t.apiKey });
    expect(deleted.body.data.map((e: { targetId: string }) => e.targetId).sort()).toEqual([...ids].sort());
    for (const e of deleted.body.data) {
      expect(e.metadata.reason).toBe("end_user.deleted");
      expect(e.actor.type).toBe("api_key");
    }
    const forced = Object.fromEntries(deleted.body.data.map((e: any) => [e.targetId, e.metadata.forced]));
    expect(forced).toEqual({ [ids[0]]: true, [ids[1]]: false });

    const gone = await api("GET", "/api/v1/audit-events?action=end_user.deleted", { token: t.apiKey });
    expect(gone.body.meta.total).toBe(1);
    expect(gone.body.data[0].metadata).toMatchObject({ username, secrets: 2, forced: true });
    // One request, one transaction: every event carries the same request id.
    const requestIds = new Set(
      [...deleted.body.data, ...gone.body.data].map((e: { requestId: string }) => e.requestId),
    );
    expect(requestIds.size).toBe(1);
    expect(requestIds.has(r.headers.get("x-request-id")!)).toBe(true);
  });

  it("?force=true by a dashboard admin is allowed", async () => {
    const { t, username, ids } = await endUserWithSecrets(true);
    const cookie = await memberCookie(t.tenantId, "admin");
    expect((await api("DELETE", `/api/v1/end-users/${username}?force=true`, { cookie, headers: h })).status).toBe(204);
    expect(await stillThere(t.apiKey, ids)).toEqual([404, 404]);
  });

  it("without an active usage no force is needed, and each secret is audited", async () => {
    const { t, username, ids } = await endUserWithSecrets(false);
    expect((await api("DELETE", `/api/v1/end-users/${username}`, { token: t.apiKey })).status).toBe(204);
    expect(await stillThere(t.apiKey, ids)).toEqual([404, 404]);
    const deleted = await api("GET", "/api/v1/audit-events?action=secret.deleted", { token: t.apiKey });
    expect(deleted.body.meta.total).toBe(2);
  });

  it("another tenant's API key gets 404 even with force, and deletes nothing", async () => {
    const { t, username, ids } = await endUserWithSecrets(true);
    const other = await newTenant();
    expect((await api("DELETE", `/api/v1/end-users/${username}?force=true`, { token: other.apiKey })).status).toBe(404);
    expect(await stillThere(t.apiKey, ids)).toEqual([200, 200]);
  });
});

describe("forcing a secret delete uses the same rule", () => {
  it.each([
    ["developer", 403],
    ["admin", 204],
  ] as const)("?force=true by a dashboard %s → %i", async (role, status) => {
    const t = await newTenant();
    const c = await api("POST", "/api/v1/secrets", {
      token: t.apiKey,
      body: { name: "x", type: "NO_AUTH", value: {} },
    });
    await api("POST", `/api/v1/secrets/${c.body.data.id}/usages`, { token: t.apiKey, body: { ref: "r" } });
    const cookie = await memberCookie(t.tenantId, role);
    expect((await api("DELETE", `/api/v1/secrets/${c.body.data.id}?force=true`, { cookie, headers: h })).status).toBe(
      status,
    );
  });
});
