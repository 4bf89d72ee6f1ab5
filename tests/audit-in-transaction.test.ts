import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { apiKeys, auditEvents, endUsers, memberships, secretUsages, tenants, users, workspaces } from "@/db/schema";
import type { Caller } from "@/lib/auth/caller";
import { createApiKey, revokeApiKey } from "@/lib/auth/api-keys";
import { changePassword } from "@/lib/auth/account";
import { impersonate } from "@/lib/auth/impersonate";
import { verifyPassword } from "@/lib/auth/password";
import { removeUsage, upsertUsage } from "@/lib/secrets/usages";
import { addMember, removeMember, updateMemberRole } from "@/lib/tenants/members";
import { updateSettings } from "@/lib/tenants/settings";
import { createWorkspace, deleteWorkspace } from "@/lib/tenants/workspaces";
import { api, memberCookie, newTenant, uniq } from "./api";

// Every mutation writes its audit event in the transaction that makes the change, so the
// log and the data cannot disagree: a crash between the two would otherwise lose the event.

const h = { "x-requested-with": "fetch" };
const PASSWORD = "correct horse battery";

type Tenant = Awaited<ReturnType<typeof newTenant>>;

async function eventsOf(tenantId: string, action: string, targetId?: string) {
  const db = await getDb();
  const where = [eq(auditEvents.tenantId, tenantId), eq(auditEvents.action, action)];
  if (targetId) where.push(eq(auditEvents.targetId, targetId));
  return db
    .select()
    .from(auditEvents)
    .where(and(...where));
}

/** The one event of `action` on `targetId`, checked against the request that made it. */
async function expectEvent(t: Tenant, res: { headers: Headers }, action: string, targetId: string) {
  const events = await eventsOf(t.tenantId, action, targetId);
  expect(events, `${action} on ${targetId}`).toHaveLength(1);
  expect(events[0].requestId).toBe(res.headers.get("x-request-id"));
  return events[0];
}

/** The tenant's API key as an audit actor. */
async function keyActor(t: Tenant) {
  const db = await getDb();
  const [k] = await db.select().from(apiKeys).where(eq(apiKeys.tenantId, t.tenantId));
  return { actorType: "api_key", actorId: k.id, actorLabel: k.name };
}

describe("each mutation's event names its actor and request", () => {
  it("members: add (by an admin's session), role change and removal (by an API key)", async () => {
    const t = await newTenant();
    const cookie = await memberCookie(t.tenantId, "admin");
    const email = `${uniq("m")}@example.test`;
    const added = await api("POST", "/api/v1/members", {
      cookie,
      headers: h,
      body: { email, role: "viewer", password: PASSWORD },
    });
    expect(added.status).toBe(201);
    const addedEvent = await expectEvent(t, added, "member.added", added.body.data.id);
    expect(addedEvent.actorType).toBe("member");
    const db = await getDb();
    const [admin] = await db.select().from(users).where(eq(users.email, addedEvent.actorLabel!));
    expect(addedEvent.actorId).toBe(admin.id);
    expect(addedEvent.metadata).toEqual({ email, role: "viewer" });

    const id = added.body.data.id;
    const role = await api("PATCH", `/api/v1/members/${id}`, { token: t.apiKey, body: { role: "developer" } });
    expect(role.status).toBe(200);
    expect(await expectEvent(t, role, "member.role_changed", id)).toMatchObject({
      ...(await keyActor(t)),
      metadata: { role: "developer" },
    });

    const removed = await api("DELETE", `/api/v1/members/${id}`, { token: t.apiKey });
    expect(removed.status).toBe(204);
    expect(await expectEvent(t, removed, "member.removed", id)).toMatchObject(await keyActor(t));
  });

  it("API keys: create and revoke", async () => {
    const t = await newTenant();
    const name = uniq("key");
    // Read the acting key before a second one exists in the tenant.
    const actor = await keyActor(t);
    const c = await api("POST", "/api/v1/api-keys", { token: t.apiKey, body: { name } });
    expect(c.status).toBe(201);
    const created = await expectEvent(t, c, "api_key.created", c.body.data.id);
    expect(created).toMatchObject({ ...actor, metadata: { name, prefix: c.body.data.prefix } });
    // The plaintext key is shown once, in the response, never in the log.
    expect(JSON.stringify(created)).not.toContain(c.body.data.key);

    const r = await api("DELETE", `/api/v1/api-keys/${c.body.data.id}`, { token: t.apiKey });
    expect(r.status).toBe(204);
    expect(await expectEvent(t, r, "api_key.revoked", c.body.data.id)).toMatchObject({
      metadata: { name, prefix: c.body.data.prefix },
    });
  });

  it("workspaces: create and delete", async () => {
    const t = await newTenant();
    const slug = uniq("ws");
    const c = await api("POST", "/api/v1/workspaces", { token: t.apiKey, body: { slug } });
    expect(c.status).toBe(201);
    expect(await expectEvent(t, c, "workspace.created", c.body.data.id)).toMatchObject({
      ...(await keyActor(t)),
      metadata: { slug },
    });
    const d = await api("DELETE", `/api/v1/workspaces/${c.body.data.id}`, { token: t.apiKey });
    expect(d.status).toBe(204);
    expect(await expectEvent(t, d, "workspace.deleted", c.body.data.id)).toMatchObject({ metadata: { slug } });
  });

  it("settings: a patch names the fields it changed", async () => {
    const t = await newTenant();
    const r = await api("PATCH", "/api/v1/settings", {
      token: t.apiKey,
      body: { userTokenTtl: 600, embedOrigins: ["https://app.example.com"] },
    });
    expect(r.status).toBe(200);
    const e = await expectEvent(t, r, "settings.updated", t.tenantId);
    expect(e).toMatchObject(await keyActor(t));
    expect((e.metadata as { fields: string[] }).fields.sort()).toEqual(["embedOrigins", "userTokenTtl"]);
  });

  it("impersonation: one event per token, on the end user", async () => {
    const t = await newTenant();
    const username = uniq("cust");
    const r = await api("POST", "/api/v1/impersonate", { token: t.apiKey, body: { username, expiresIn: 120 } });
    expect(r.status).toBe(200);
    expect(await expectEvent(t, r, "end_user.impersonated", r.body.id)).toMatchObject({
      ...(await keyActor(t)),
      metadata: { username, expiresIn: 120 },
    });
  });

  it("password change: the member is actor and target, and no password is in the event", async () => {
    const t = await newTenant();
    const cookie = await memberCookie(t.tenantId, "developer");
    const newPassword = uniq("a-new-long-password");
    const r = await api("POST", "/api/v1/account/password", {
      cookie,
      headers: h,
      body: { currentPassword: "x".repeat(12), newPassword },
    });
    expect(r.status).toBe(204);
    const [e] = await eventsOf(t.tenantId, "member.password_changed");
    expect(e.requestId).toBe(r.headers.get("x-request-id"));
    expect(e.actorType).toBe("member");
    expect(e.targetId).toBe(e.actorId);
    expect(JSON.stringify(e)).not.toContain(newPassword);
  });

  it("usages: add and remove", async () => {
    const t = await newTenant();
    const s = await api("POST", "/api/v1/secrets", {
      token: t.apiKey,
      body: { name: "s", type: "BEARER", value: { token: "t" } },
    });
    const id = s.body.data.id;
    const a = await api("POST", `/api/v1/secrets/${id}/usages`, { token: t.apiKey, body: { ref: "flow-1" } });
    expect(a.status).toBe(201);
    expect(await expectEvent(t, a, "secret.usage_added", id)).toMatchObject({
      ...(await keyActor(t)),
      metadata: { ref: "flow-1", active: true },
    });
    const d = await api("DELETE", `/api/v1/secrets/${id}/usages/flow-1`, { token: t.apiKey });
    expect(d.status).toBe(204);
    expect(await expectEvent(t, d, "secret.usage_removed", id)).toMatchObject({ metadata: { ref: "flow-1" } });
  });
});

// Postgres text cannot hold U+0000, so an audit context whose request id carries one makes
// the audit insert fail. It runs after the change in the same transaction: if they really
// are one, the change is rolled back with it.
const BROKEN_REQUEST_ID = "broken\u0000request";

type Ctx = { t: Tenant; caller: Caller };
type AtomicCase = {
  name: string;
  action: string;
  /** Creates what the change needs; returns what `run` and `state` take. */
  setup?: (c: Ctx) => Promise<Record<string, string>>;
  run: (c: Ctx, s: Record<string, string>, audit: { caller: Caller; requestId: string }) => Promise<unknown>;
  /** A snapshot of what the change touches, compared before and after. */
  state: (c: Ctx, s: Record<string, string>) => Promise<unknown>;
};

const atomic: AtomicCase[] = [
  {
    name: "add a member",
    action: "member.added",
    setup: async () => ({ email: `${uniq("m")}@example.test` }),
    run: async ({ t }, s, audit) =>
      addMember(await getDb(), {
        tenantId: t.tenantId,
        input: { email: s.email, role: "viewer", password: PASSWORD },
        audit,
      }),
    state: async (_c, s) => (await getDb()).select({ id: users.id }).from(users).where(eq(users.email, s.email)),
  },
  {
    name: "change a member's role",
    action: "member.role_changed",
    setup: async ({ t }) => ({ id: await viewerMembership(t) }),
    run: async ({ t }, s, audit) =>
      updateMemberRole(await getDb(), { tenantId: t.tenantId, id: s.id, role: "developer", audit }),
    state: async (_c, s) =>
      (await getDb()).select({ role: memberships.role }).from(memberships).where(eq(memberships.id, s.id)),
  },
  {
    name: "remove a member",
    action: "member.removed",
    setup: async ({ t }) => ({ id: await viewerMembership(t) }),
    run: async ({ t }, s, audit) => removeMember(await getDb(), { tenantId: t.tenantId, id: s.id, audit }),
    state: async (_c, s) =>
      (await getDb()).select({ id: memberships.id }).from(memberships).where(eq(memberships.id, s.id)),
  },
  {
    name: "create an API key",
    action: "api_key.created",
    setup: async () => ({ name: uniq("key") }),
    run: async ({ t }, s, audit) => createApiKey(await getDb(), { tenantId: t.tenantId, name: s.name, audit }),
    state: async ({ t }, s) =>
      (await getDb())
        .select({ id: apiKeys.id })
        .from(apiKeys)
        .where(and(eq(apiKeys.tenantId, t.tenantId), eq(apiKeys.name, s.name))),
  },
  {
    name: "revoke an API key",
    action: "api_key.revoked",
    setup: async ({ t }) => ({
      id: (await createApiKey(await getDb(), { tenantId: t.tenantId, name: uniq("key") })).apiKey.id,
    }),
    run: async ({ t }, s, audit) => revokeApiKey(await getDb(), { tenantId: t.tenantId, id: s.id, audit }),
    state: async (_c, s) =>
      (await getDb()).select({ revokedAt: apiKeys.revokedAt }).from(apiKeys).where(eq(apiKeys.id, s.id)),
  },
  {
    name: "create a workspace",
    action: "workspace.created",
    setup: async () => ({ slug: uniq("ws") }),
    run: async ({ t }, s, audit) => createWorkspace(await getDb(), { tenantId: t.tenantId, slug: s.slug, audit }),
    state: async ({ t }, s) =>
      (await getDb())
        .select({ id: workspaces.id })
        .from(workspaces)
        .where(and(eq(workspaces.tenantId, t.tenantId), eq(workspaces.slug, s.slug))),
  },
  {
    name: "delete a workspace",
    action: "workspace.deleted",
    setup: async ({ t }) => {
      const [w] = await (
        await getDb()
      )
        .insert(workspaces)
        .values({ tenantId: t.tenantId, slug: uniq("ws"), name: "w" })
        .returning();
      return { id: w.id };
    },
    run: async ({ t }, s, audit) => deleteWorkspace(await getDb(), { tenantId: t.tenantId, id: s.id, audit }),
    state: async (_c, s) =>
      (await getDb()).select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.id, s.id)),
  },
  {
    name: "patch the settings",
    action: "settings.updated",
    run: async ({ t }, _s, audit) =>
      updateSettings(await getDb(), { tenantId: t.tenantId, patch: { userTokenTtl: 777 }, audit }),
    state: async ({ t }) =>
      (await getDb()).select({ settings: tenants.settings }).from(tenants).where(eq(tenants.id, t.tenantId)),
  },
  {
    name: "impersonate a new end user",
    action: "end_user.impersonated",
    setup: async () => ({ username: uniq("cust") }),
    run: async ({ t }, s, audit) => impersonate(await getDb(), { tenantId: t.tenantId, username: s.username, audit }),
    state: async ({ t }, s) =>
      (await getDb())
        .select({ id: endUsers.id })
        .from(endUsers)
        .where(and(eq(endUsers.tenantId, t.tenantId), eq(endUsers.username, s.username))),
  },
  {
    name: "add a usage",
    action: "secret.usage_added",
    setup: async ({ t }) => ({ secretId: await secretOf(t) }),
    run: async ({ t }, s, audit) =>
      upsertUsage(await getDb(), { tenantId: t.tenantId, secretId: s.secretId, ref: "flow", active: true, audit }),
    state: async (_c, s) =>
      (await getDb()).select({ ref: secretUsages.ref }).from(secretUsages).where(eq(secretUsages.secretId, s.secretId)),
  },
  {
    name: "remove a usage",
    action: "secret.usage_removed",
    setup: async ({ t }) => {
      const secretId = await secretOf(t);
      await (await getDb()).insert(secretUsages).values({ tenantId: t.tenantId, secretId, ref: "flow", active: true });
      return { secretId };
    },
    run: async ({ t }, s, audit) =>
      removeUsage(await getDb(), { tenantId: t.tenantId, secretId: s.secretId, ref: "flow", audit }),
    state: async (_c, s) =>
      (await getDb()).select({ ref: secretUsages.ref }).from(secretUsages).where(eq(secretUsages.secretId, s.secretId)),
  },
];

async function viewerMembership(t: Tenant): Promise<string> {
  const db = await getDb();
  const [u] = await db
    .insert(users)
    .values({ email: `${uniq("v")}@example.test`, name: "v", passwordHash: "x" })
    .returning();
  const [m] = await db.insert(memberships).values({ tenantId: t.tenantId, userId: u.id, role: "viewer" }).returning();
  return m.id;
}

async function secretOf(t: Tenant): Promise<string> {
  const r = await api("POST", "/api/v1/secrets", {
    token: t.apiKey,
    body: { name: "s", type: "BEARER", value: { token: "t" } },
  });
  return r.body.data.id;
}

describe("a change and its audit event commit together or not at all", () => {
  it.each(atomic)("$name", async ({ action, setup, run, state }) => {
    const t = await newTenant();
    const caller: Caller = {
      kind: "api_key",
      tenantId: t.tenantId,
      ...(await keyActor(t).then((a) => ({ apiKeyId: a.actorId, name: a.actorLabel }))),
    };
    const c = { t, caller };
    const s = (await setup?.(c)) ?? {};
    const before = await state(c, s);

    await expect(run(c, s, { caller, requestId: BROKEN_REQUEST_ID })).rejects.toThrow();
    expect(await state(c, s), "the change was rolled back with its event").toEqual(before);
    expect(await eventsOf(t.tenantId, action)).toHaveLength(0);

    // Control: with a sound audit context the same call changes the data and logs one event.
    await run(c, s, { caller, requestId: "req-ok" });
    expect(await state(c, s)).not.toEqual(before);
    const events = await eventsOf(t.tenantId, action);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actorType: "api_key",
      actorId: caller.kind === "api_key" && caller.apiKeyId,
      requestId: "req-ok",
    });
  });

  it("change a password", async () => {
    const t = await newTenant();
    const db = await getDb();
    const [admin] = await db.select().from(users).where(eq(users.id, t.adminId));
    const caller: Caller = {
      kind: "member",
      tenantId: t.tenantId,
      userId: admin.id,
      email: admin.email,
      role: "admin",
    };
    const change = (requestId: string) =>
      changePassword(db, {
        tenantId: t.tenantId,
        userId: admin.id,
        currentPassword: PASSWORD,
        newPassword: "a different passphrase",
        ip: "10.9.9.9",
        audit: { caller, requestId },
      });

    await expect(change(BROKEN_REQUEST_ID)).rejects.toThrow();
    const [kept] = await db.select().from(users).where(eq(users.id, admin.id));
    expect(kept.sessionVersion).toBe(admin.sessionVersion);
    expect(await verifyPassword(PASSWORD, kept.passwordHash)).toBe(true);
    expect(await eventsOf(t.tenantId, "member.password_changed")).toHaveLength(0);

    await change("req-ok");
    const [changed] = await db.select().from(users).where(eq(users.id, admin.id));
    expect(changed.sessionVersion).toBe(admin.sessionVersion + 1);
    expect(await eventsOf(t.tenantId, "member.password_changed")).toMatchObject([
      { actorId: admin.id, targetId: admin.id, requestId: "req-ok" },
    ]);
  });
});
