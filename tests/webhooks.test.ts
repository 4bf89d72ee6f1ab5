import { randomBytes } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditEvents, secrets, webhookAttempts, webhookDeliveries, webhookEndpoints } from "@/db/schema";
import { rotateTenant } from "@/lib/crypto/rotation";
import { keyStatus } from "@/lib/crypto/status";
import { resetEnvCache } from "@/lib/env";
import { connectHooks } from "@/lib/verify/http-client";
import { claimDeliveries, deliverDueWebhooks, deliverOne, retryDelaySeconds } from "@/lib/webhooks/deliver";
import { sign, verifySignature } from "@/lib/webhooks/signing";
import { api, memberCookie, newTenant, uniq, userToken } from "./api";
import { startWebhookReceiver, type WebhookReceiver } from "./fakes/webhook-receiver";

// Webhooks to the tenant's backend (docs/architecture.md › Webhooks): endpoints, the
// outbox written in the change's transaction, signed delivery to a real receiver on
// 127.0.0.1, retries with backoff, the delivery log, Resend, and disabling after a day.

let rx: WebhookReceiver;
const saved = process.env.OUTBOUND_ALLOW_HOSTS;
const write = { "x-requested-with": "fetch" };

beforeAll(async () => {
  rx = await startWebhookReceiver();
  process.env.OUTBOUND_ALLOW_HOSTS = "127.0.0.1";
  resetEnvCache();
});
afterEach(() => rx.reset());
afterAll(async () => {
  await rx.close();
  if (saved === undefined) delete process.env.OUTBOUND_ALLOW_HOSTS;
  else process.env.OUTBOUND_ALLOW_HOSTS = saved;
  resetEnvCache();
});

/** A tenant with one endpoint at the receiver (the receiver learns its secret). */
async function tenantWithEndpoint(events?: string[]) {
  const t = await newTenant();
  const r = await api("POST", "/api/v1/webhooks", { token: t.apiKey, body: { url: rx.url, events } });
  expect(r.status).toBe(201);
  rx.setSecret(r.body.data.secret);
  return { ...t, endpointId: r.body.data.id as string, secret: r.body.data.secret as string };
}

const deliver = async (tenantId: string) => deliverDueWebhooks(await getDb(), { tenantId });

const bearer = (apiKey: string, value = "tok-" + randomBytes(4).toString("hex"), username?: string) =>
  api("POST", `/api/v1/secrets${username ? `?username=${username}` : ""}`, {
    token: apiKey,
    body: { name: uniq("crm"), type: "BEARER", value: { token: value } },
  });

const deliveries = (apiKey: string, endpointId: string) =>
  api("GET", `/api/v1/webhooks/${endpointId}/deliveries`, { token: apiKey });

/** Makes every pending delivery of the endpoint due now (the backoff has been checked already). */
async function dueNow(endpointId: string) {
  const db = await getDb();
  await db
    .update(webhookDeliveries)
    .set({ nextAttemptAt: sql`now()` })
    .where(eq(webhookDeliveries.endpointId, endpointId));
}

describe("webhook endpoints", () => {
  it("are saved with a whsec_ secret shown once, stored encrypted, and listed without it", async () => {
    const t = await newTenant();
    const r = await api("POST", "/api/v1/webhooks", {
      token: t.apiKey,
      body: { url: rx.url, events: ["connection.created", "connection.deleted"], description: "CRM sync" },
    });
    expect(r.status).toBe(201);
    const secret: string = r.body.data.secret;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(r.body.data).toMatchObject({
      url: rx.url,
      events: ["connection.created", "connection.deleted"],
      description: "CRM sync",
      enabled: true,
      failingSince: null,
    });
    const list = await api("GET", "/api/v1/webhooks", { token: t.apiKey });
    expect(list.status).toBe(200);
    expect(list.body.data).toHaveLength(1);
    expect(JSON.stringify(list.body)).not.toContain(secret.slice(6));
    const [row] = await (await getDb()).select().from(webhookEndpoints).where(eq(webhookEndpoints.id, r.body.data.id));
    expect(row.secretCiphertext).toMatch(/^ic1\./);
    expect(row.secretCiphertext).not.toContain(secret.slice(6));
    // No events given: every event.
    const all = await api("POST", "/api/v1/webhooks", { token: t.apiKey, body: { url: rx.url } });
    expect(all.body.data.events).toHaveLength(7);
    const audit = await api("GET", "/api/v1/audit-events?action=webhook.created", { token: t.apiKey });
    expect(audit.body.meta.total).toBe(2);
    expect(JSON.stringify(audit.body)).not.toContain(secret.slice(6));
  });

  it("PATCH changes events and description, disables and re-enables; DELETE removes it", async () => {
    const t = await tenantWithEndpoint();
    const path = `/api/v1/webhooks/${t.endpointId}`;
    const p = await api("PATCH", path, {
      token: t.apiKey,
      body: { events: ["connection.recovered"], description: "ops" },
    });
    expect(p.status).toBe(200);
    expect(p.body.data).toMatchObject({ events: ["connection.recovered"], description: "ops" });
    const off = await api("PATCH", path, { token: t.apiKey, body: { enabled: false } });
    expect(off.body.data).toMatchObject({ enabled: false, disabledReason: expect.stringContaining("Disabled") });
    const on = await api("PATCH", path, { token: t.apiKey, body: { enabled: true } });
    expect(on.body.data).toMatchObject({ enabled: true, disabledAt: null, disabledReason: null });
    expect((await api("PATCH", path, { token: t.apiKey, body: {} })).status).toBe(400);
    expect((await api("DELETE", path, { token: t.apiKey })).status).toBe(204);
    expect((await api("DELETE", path, { token: t.apiKey })).status).toBe(404);
    expect((await api("GET", "/api/v1/webhooks", { token: t.apiKey })).body.data).toEqual([]);
  });

  it("are for admins and API keys only: developers, viewers and user tokens get 403", async () => {
    const t = await newTenant();
    const admin = await memberCookie(t.tenantId, "admin");
    const made = await api("POST", "/api/v1/webhooks", { cookie: admin, headers: write, body: { url: rx.url } });
    expect(made.status).toBe(201);
    const id = made.body.data.id;
    const token = await userToken(t.apiKey, uniq("user"));
    for (const who of [
      { cookie: await memberCookie(t.tenantId, "developer"), headers: write },
      { cookie: await memberCookie(t.tenantId, "viewer"), headers: write },
      { token },
    ]) {
      expect((await api("GET", "/api/v1/webhooks", who)).status).toBe(403);
      expect((await api("POST", "/api/v1/webhooks", { ...who, body: { url: rx.url } })).status).toBe(403);
      expect((await api("PATCH", `/api/v1/webhooks/${id}`, { ...who, body: { enabled: false } })).status).toBe(403);
      expect((await api("DELETE", `/api/v1/webhooks/${id}`, who)).status).toBe(403);
      expect((await api("GET", `/api/v1/webhooks/${id}/deliveries`, who)).status).toBe(403);
    }
    expect((await api("GET", "/api/v1/webhooks", { cookie: admin })).body.data).toHaveLength(1);
  });

  it("another tenant's endpoint and delivery answer 404, as missing and malformed ids do", async () => {
    const a = await tenantWithEndpoint();
    await bearer(a.apiKey);
    await deliver(a.tenantId);
    const deliveryId = (await deliveries(a.apiKey, a.endpointId)).body.data[0].id;
    const b = await tenantWithEndpoint();
    const paths: ["PATCH" | "DELETE" | "GET" | "POST", string, object?][] = [
      ["PATCH", `/api/v1/webhooks/${a.endpointId}`, { enabled: false }],
      ["GET", `/api/v1/webhooks/${a.endpointId}/deliveries`],
      ["POST", `/api/v1/webhooks/${a.endpointId}/deliveries/${deliveryId}/resend`],
      ["POST", `/api/v1/webhooks/${b.endpointId}/deliveries/${deliveryId}/resend`],
      ["DELETE", `/api/v1/webhooks/${a.endpointId}`],
      ["PATCH", "/api/v1/webhooks/not-a-uuid", { enabled: false }],
      ["GET", `/api/v1/webhooks/00000000-0000-4000-8000-000000000000/deliveries`],
    ];
    for (const [method, path, body] of paths) {
      const r = await api(method, path, { token: b.apiKey, body });
      expect(r.status, `${method} ${path}`).toBe(404);
    }
    // Still there, still enabled, for its own tenant.
    expect((await api("GET", "/api/v1/webhooks", { token: a.apiKey })).body.data[0].enabled).toBe(true);
  });

  const refused: [string, string][] = [
    ["https://10.0.0.5/hook", "private"],
    ["https://172.16.3.4/hook", "private"],
    ["https://192.168.1.10/hook", "private"],
    ["https://169.254.169.254/latest/meta-data", "link-local"],
    ["https://100.64.0.1/hook", "CGNAT"],
    ["https://[fd00::1]/hook", "unique local"],
    ["https://[::ffff:10.0.0.1]/hook", "IPv4-mapped"],
    ["https://[::1]/hook", "loopback not on the allowlist"],
    ["http://example.com/hook", "plain http"],
    ["https://user:pw@example.com/hook", "credentials"],
    ["ftp://example.com/hook", "scheme"],
  ];
  it.each(refused)("%s (%s) is refused when saved, before any connection", async (url) => {
    const t = await newTenant();
    connectHooks.reset();
    const r = await api("POST", "/api/v1/webhooks", { token: t.apiKey, body: { url } });
    expect(r.status).toBe(400);
    expect(r.body.error.issues[0].path).toBe("url");
    expect(connectHooks.attempts()).toBe(0);
    expect((await api("GET", "/api/v1/webhooks", { token: t.apiKey })).body.data).toEqual([]);
    // Nor can an existing endpoint be moved there.
    const ok = await api("POST", "/api/v1/webhooks", { token: t.apiKey, body: { url: rx.url } });
    const moved = await api("PATCH", `/api/v1/webhooks/${ok.body.data.id}`, { token: t.apiKey, body: { url } });
    expect(moved.status).toBe(400);
    expect((await api("GET", "/api/v1/webhooks", { token: t.apiKey })).body.data[0].url).toBe(rx.url);
  });
});

describe("signed deliveries", () => {
  it("a new credential reaches the receiver within one run, signed the Standard Webhooks way", async () => {
    const t = await tenantWithEndpoint();
    const username = uniq("cust");
    const c = await bearer(t.apiKey, undefined, username);
    expect(c.status).toBe(201);
    expect(await deliver(t.tenantId)).toBe(1);
    expect(rx.received).toHaveLength(1);
    const got = rx.received[0];
    expect(got.verified).toBe(true);
    expect(got.headers["webhook-id"]).toMatch(/^msg_[0-9a-f]{32}$/);
    expect(Math.abs(Number(got.headers["webhook-timestamp"]) - Date.now() / 1000)).toBeLessThan(10);
    expect(got.headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(got.headers["content-type"]).toBe("application/json");
    expect(got.body).toEqual({
      type: "connection.created",
      timestamp: expect.any(String),
      data: {
        secretId: c.body.data.id,
        componentId: null,
        username,
        workspace: "production",
        status: "active",
        reason: null,
      },
    });
    // The signature covers id, timestamp and body: any change, or another secret, fails.
    const h = { id: got.headers["webhook-id"], timestamp: got.headers["webhook-timestamp"] };
    const signature = got.headers["webhook-signature"];
    expect(verifySignature({ secret: t.secret, headers: { ...h, signature }, body: got.raw })).toBe(true);
    expect(verifySignature({ secret: t.secret, headers: { ...h, signature }, body: got.raw + " " })).toBe(false);
    const other = (await tenantWithEndpoint()).secret;
    expect(verifySignature({ secret: other, headers: { ...h, signature }, body: got.raw })).toBe(false);
    const old = { ...h, timestamp: String(Number(h.timestamp) - 600) };
    const replayed = sign({ secret: t.secret, id: old.id!, timestamp: Number(old.timestamp), body: got.raw });
    expect(verifySignature({ secret: t.secret, headers: { ...old, signature: replayed }, body: got.raw })).toBe(false);

    const log = await deliveries(t.apiKey, t.endpointId);
    expect(log.body.data).toEqual([
      expect.objectContaining({
        messageId: got.headers["webhook-id"],
        eventType: "connection.created",
        status: "succeeded",
        attempts: 1,
        lastStatusCode: 204,
        nextAttemptAt: null,
        log: [expect.objectContaining({ attempt: 1, statusCode: 204, error: null })],
      }),
    ]);
    expect(log.body.data[0].deliveredAt).not.toBeNull();
    // Sent once: nothing is due any more.
    expect(await deliver(t.tenantId)).toBe(0);
    expect(rx.received).toHaveLength(1);
  });

  it("only the events an endpoint asked for; updated and deleted carry the secret's facts", async () => {
    const t = await tenantWithEndpoint(["connection.updated", "connection.deleted"]);
    const c = await bearer(t.apiKey);
    const id = c.body.data.id;
    expect((await api("PATCH", `/api/v1/secrets/${id}`, { token: t.apiKey, body: { name: "renamed" } })).status).toBe(
      200,
    );
    expect((await api("DELETE", `/api/v1/secrets/${id}`, { token: t.apiKey })).status).toBe(204);
    await deliver(t.tenantId);
    const types = rx.verified().map((r) => r.body.type);
    expect(types.sort()).toEqual(["connection.deleted", "connection.updated"]);
    for (const r of rx.received) expect(r.body.data).toMatchObject({ secretId: id, workspace: "production" });
  });

  it("a new value for an expired credential is announced as updated and recovered", async () => {
    const t = await tenantWithEndpoint(["connection.updated", "connection.recovered"]);
    const id = (await bearer(t.apiKey)).body.data.id;
    const db = await getDb();
    await db.update(secrets).set({ status: "expired", statusDetail: "gone" }).where(eq(secrets.id, id));
    const p = await api("PATCH", `/api/v1/secrets/${id}`, { token: t.apiKey, body: { value: { token: "fresh" } } });
    expect(p.status).toBe(200);
    await deliver(t.tenantId);
    const byType = Object.fromEntries(rx.verified().map((r) => [r.body.type, r.body.data]));
    expect(byType["connection.updated"]).toMatchObject({ secretId: id, status: "active" });
    expect(byType["connection.recovered"]).toMatchObject({ secretId: id, status: "active", reason: "value_replaced" });
  });

  it("deleting an end user sends connection.deleted for each of their credentials", async () => {
    const t = await tenantWithEndpoint(["connection.deleted"]);
    const username = uniq("leaver");
    const ids = [
      (await bearer(t.apiKey, undefined, username)).body.data.id,
      (await bearer(t.apiKey, undefined, username)).body.data.id,
    ];
    expect((await api("DELETE", `/api/v1/end-users/${username}`, { token: t.apiKey })).status).toBe(204);
    await deliver(t.tenantId);
    expect(
      rx
        .verified()
        .map((r) => r.body.data.secretId as string)
        .sort(),
    ).toEqual([...ids].sort());
    for (const r of rx.received) {
      expect(r.body).toMatchObject({
        type: "connection.deleted",
        data: { username, workspace: "production", status: "active", reason: "end_user_deleted" },
      });
    }
  });

  it("a change that is rolled back sends nothing: the outbox row is in its transaction", async () => {
    const t = await tenantWithEndpoint();
    const db = await getDb();
    const c = await bearer(t.apiKey);
    await deliver(t.tenantId);
    rx.reset();
    const { emitConnectionEvent } = await import("@/lib/events/emit");
    await expect(
      db.transaction(async (tx) => {
        await emitConnectionEvent(tx, { type: "connection.updated", tenantId: t.tenantId, secretId: c.body.data.id });
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect(await deliver(t.tenantId)).toBe(0);
    expect(rx.received).toHaveLength(0);
  });

  it("a receiver that fails twice gets the event on the third try, with backoff in between", async () => {
    const t = await tenantWithEndpoint();
    rx.respond([500, 503, 200]);
    const id = (await bearer(t.apiKey)).body.data.id;
    const db = await getDb();
    const row = async () =>
      (await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, t.endpointId)))[0];

    expect(await deliver(t.tenantId)).toBe(1);
    let d = await row();
    expect(d).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: 500, lastError: "http_status" });
    // The first retry waits about 5 s (±10 %): not due yet.
    const wait = (d.nextAttemptAt.getTime() - d.lastAttemptAt!.getTime()) / 1000;
    expect(wait).toBeGreaterThanOrEqual(4.4);
    expect(wait).toBeLessThanOrEqual(5.6);
    expect(await deliver(t.tenantId)).toBe(0);
    const [ep] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, t.endpointId));
    expect(ep.failingSince).not.toBeNull();

    await dueNow(t.endpointId);
    expect(await deliver(t.tenantId)).toBe(1);
    d = await row();
    expect(d).toMatchObject({ status: "pending", attempts: 2, lastStatusCode: 503 });
    const wait2 = (d.nextAttemptAt.getTime() - d.lastAttemptAt!.getTime()) / 1000;
    expect(wait2).toBeGreaterThanOrEqual(9);
    expect(wait2).toBeLessThanOrEqual(11);

    await dueNow(t.endpointId);
    expect(await deliver(t.tenantId)).toBe(1);
    d = await row();
    expect(d).toMatchObject({ status: "succeeded", attempts: 3, lastStatusCode: 200, lastError: null });
    // Three signed requests of one message; the receiver's answer body is kept nowhere.
    expect(rx.received.map((r) => r.status)).toEqual([500, 503, 200]);
    expect(rx.received.every((r) => r.verified)).toBe(true);
    expect(new Set(rx.received.map((r) => r.headers["webhook-id"])).size).toBe(1);
    expect(rx.received.every((r) => r.body.data.secretId === id)).toBe(true);
    const log = (await deliveries(t.apiKey, t.endpointId)).body.data[0].log;
    expect(log.map((a: { attempt: number; statusCode: number }) => [a.attempt, a.statusCode])).toEqual([
      [1, 500],
      [2, 503],
      [3, 200],
    ]);
    expect(JSON.stringify(log)).not.toContain("receiver answered");
    const [healthy] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, t.endpointId));
    expect(healthy.failingSince).toBeNull();
    expect(healthy.lastSuccessAt).not.toBeNull();
  });

  it("the backoff doubles from 5 s up to an hour, with jitter", () => {
    expect([1, 2, 3, 4].map((n) => retryDelaySeconds(n, () => 0.5))).toEqual([5, 10, 20, 40]);
    expect(retryDelaySeconds(11, () => 0.5)).toBe(3600);
    expect(retryDelaySeconds(40, () => 0.5)).toBe(3600);
    expect(retryDelaySeconds(4, () => 0)).toBe(36);
    expect(retryDelaySeconds(4, () => 1)).toBe(44);
    expect(retryDelaySeconds(12, () => 1)).toBe(3960);
    // About thirty attempts fit in a day.
    let total = 0;
    let n = 0;
    while (total < 24 * 3600) total += retryDelaySeconds(++n, () => 0.5);
    expect(n).toBeGreaterThan(25);
    expect(n).toBeLessThan(40);
  });

  it("a receiver that does not answer times out; the attempt is logged as a timeout", async () => {
    const t = await tenantWithEndpoint();
    rx.respond(["hang"]);
    await bearer(t.apiKey);
    const started = Date.now();
    await deliver(t.tenantId);
    expect(Date.now() - started).toBeLessThan(9_000);
    const [d] = (await deliveries(t.apiKey, t.endpointId)).body.data;
    expect(d).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: null, lastError: "timeout" });
    expect(d.lastDurationMs).toBeGreaterThanOrEqual(4_900);
  });

  it("a signing secret that will not decrypt is a logged failed attempt, never a request or a stuck claim", async () => {
    const t = await tenantWithEndpoint();
    const other = await tenantWithEndpoint();
    const db = await getDb();
    // Another endpoint's envelope: bound to that row, so it fails to decrypt here.
    const [theirs] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, other.endpointId));
    await db
      .update(webhookEndpoints)
      .set({ secretCiphertext: theirs.secretCiphertext })
      .where(eq(webhookEndpoints.id, t.endpointId));
    await bearer(t.apiKey);
    expect(await deliver(t.tenantId)).toBe(1);
    expect(rx.received).toHaveLength(0);
    const [d] = (await deliveries(t.apiKey, t.endpointId)).body.data;
    expect(d).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: null, lastError: "signing_failed" });
    const [row] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, d.id));
    expect(row.claimOwner).toBeNull();
  });

  it("a delivery still failing after 24 h is given up", async () => {
    const t = await tenantWithEndpoint();
    rx.respond([500]);
    await bearer(t.apiKey);
    const db = await getDb();
    await db
      .update(webhookDeliveries)
      .set({ createdAt: sql`now() - interval '25 hours'` })
      .where(eq(webhookDeliveries.endpointId, t.endpointId));
    await deliver(t.tenantId);
    const [d] = (await deliveries(t.apiKey, t.endpointId)).body.data;
    expect(d).toMatchObject({ status: "failed", attempts: 1, nextAttemptAt: null, lastStatusCode: 500 });
    await dueNow(t.endpointId);
    expect(await deliver(t.tenantId)).toBe(0);
  });

  it("an endpoint failing for a day is disabled, flagged, audited, and gets no new events", async () => {
    const t = await tenantWithEndpoint();
    rx.respond([500]);
    await bearer(t.apiKey);
    await deliver(t.tenantId);
    const db = await getDb();
    await db
      .update(webhookEndpoints)
      .set({ failingSince: sql`now() - interval '25 hours'` })
      .where(eq(webhookEndpoints.id, t.endpointId));
    await bearer(t.apiKey); // a second pending delivery, settled when the endpoint stops
    await dueNow(t.endpointId);
    await deliver(t.tenantId);
    const [ep] = (await api("GET", "/api/v1/webhooks", { token: t.apiKey })).body.data;
    expect(ep).toMatchObject({ enabled: false, disabledReason: "Every delivery failed for 24 hours" });
    expect(ep.disabledAt).not.toBeNull();
    const log = (await deliveries(t.apiKey, t.endpointId)).body.data;
    expect(log.map((d: { status: string }) => d.status)).toEqual(["failed", "failed"]);
    const audit = await db.select().from(auditEvents).where(eq(auditEvents.targetId, t.endpointId));
    expect(audit.map((e) => [e.action, e.actorType])).toContainEqual(["webhook.disabled", "system"]);

    const before = rx.received.length;
    await bearer(t.apiKey);
    expect(await deliver(t.tenantId)).toBe(0);
    expect(rx.received.length).toBe(before);
    expect((await deliveries(t.apiKey, t.endpointId)).body.meta.total).toBe(2);
    // Resend is refused until it is enabled again, which clears the flag.
    const resend = await api("POST", `/api/v1/webhooks/${t.endpointId}/deliveries/${log[0].id}/resend`, {
      token: t.apiKey,
    });
    expect(resend.status).toBe(409);
    const on = await api("PATCH", `/api/v1/webhooks/${t.endpointId}`, { token: t.apiKey, body: { enabled: true } });
    expect(on.body.data).toMatchObject({ enabled: true, failingSince: null, disabledReason: null });
  });

  it("Resend queues the same message again, due now, and logs it as a new delivery", async () => {
    const t = await tenantWithEndpoint();
    await bearer(t.apiKey);
    await deliver(t.tenantId);
    const [first] = (await deliveries(t.apiKey, t.endpointId)).body.data;
    const admin = await memberCookie(t.tenantId, "admin");
    const r = await api("POST", `/api/v1/webhooks/${t.endpointId}/deliveries/${first.id}/resend`, {
      cookie: admin,
      headers: write,
    });
    expect(r.status).toBe(201);
    expect(r.body.data).toMatchObject({
      status: "pending",
      attempts: 0,
      resendOf: first.id,
      messageId: first.messageId,
    });
    expect(await deliver(t.tenantId)).toBe(1);
    expect(rx.received.map((x) => x.headers["webhook-id"])).toEqual([first.messageId, first.messageId]);
    expect(rx.received[1].raw).toBe(rx.received[0].raw);
    expect(rx.received[1].verified).toBe(true);
    const log = (await deliveries(t.apiKey, t.endpointId)).body.data;
    expect(log.map((d: { status: string; resendOf: string | null }) => [d.status, d.resendOf])).toEqual([
      ["succeeded", first.id],
      ["succeeded", null],
    ]);
    const audit = await api("GET", "/api/v1/audit-events?action=webhook.delivery_resent", { token: t.apiKey });
    expect(audit.body.meta.total).toBe(1);
  });

  it("a dead runner's claim runs out and another sends it; the dead one's late outcome is not written", async () => {
    const t = await tenantWithEndpoint();
    await bearer(t.apiKey);
    const db = await getDb();
    const [claimed] = await claimDeliveries(db, { owner: "killed-runner", limit: 10, tenantId: t.tenantId });
    expect(claimed).toBeDefined();
    // While the claim is live nobody else takes it.
    expect(await deliver(t.tenantId)).toBe(0);
    await db
      .update(webhookDeliveries)
      .set({ claimUntil: sql`now() - interval '1 second'` })
      .where(eq(webhookDeliveries.id, claimed.id));
    expect(await deliver(t.tenantId)).toBe(1);
    expect(rx.received).toHaveLength(1);
    // The killed runner wakes up and finishes its stale copy: its request goes out (at least
    // once), but its outcome does not overwrite the delivery another runner settled.
    await deliverOne(db, claimed, { owner: "killed-runner" });
    const [d] = (await deliveries(t.apiKey, t.endpointId)).body.data;
    expect(d).toMatchObject({ status: "succeeded", attempts: 1 });
    expect(d.log).toHaveLength(1);
  });

  it("two runners claiming at once send each delivery exactly once", async () => {
    const t = await tenantWithEndpoint();
    for (let i = 0; i < 8; i++) await bearer(t.apiKey);
    const db = await getDb();
    const [a, b] = await Promise.all([
      deliverDueWebhooks(db, { tenantId: t.tenantId, owner: "runner-a", limit: 5 }),
      deliverDueWebhooks(db, { tenantId: t.tenantId, owner: "runner-b", limit: 5 }),
    ]);
    await deliver(t.tenantId);
    expect(a + b).toBeGreaterThanOrEqual(5);
    expect(rx.received).toHaveLength(8);
    expect(new Set(rx.received.map((r) => r.headers["webhook-id"])).size).toBe(8);
    const attempts = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(webhookAttempts)
      .where(eq(webhookAttempts.tenantId, t.tenantId));
    expect(attempts[0].n).toBe(8);
  });

  it("a key rotation re-encrypts signing secrets: deliveries still verify, and the old key holds nothing", async () => {
    const t = await tenantWithEndpoint();
    const db = await getDb();
    const result = await rotateTenant(db, t.tenantId);
    expect(result.failed).toEqual([]);
    const [row] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, t.endpointId));
    expect(row.secretCiphertext).toMatch(new RegExp(`^ic1\\.${result.version}\\.`));
    const status = await keyStatus(db);
    const old = status.dataKeys.find((k) => k.tenantId === t.tenantId && k.version === 1);
    expect(old?.rows).toBe(0);
    await bearer(t.apiKey);
    await deliver(t.tenantId);
    expect(rx.received).toHaveLength(1);
    expect(rx.received[0].verified).toBe(true);
  });

  it("rotating the signing secret: the new one shown once, both sign during the overlap, then only the new", async () => {
    const t = await tenantWithEndpoint();
    const before = t.secret;
    const rotated = await api("POST", `/api/v1/webhooks/${t.endpointId}/rotate-secret`, {
      token: t.apiKey,
      body: { overlapSeconds: 3600 },
    });
    expect(rotated.status, JSON.stringify(rotated.body)).toBe(200);
    const after = rotated.body.data.secret as string;
    expect(after).toMatch(/^whsec_/);
    expect(after).not.toBe(before);
    const until = Date.parse(rotated.body.data.previousSecretExpiresAt);
    expect(until - Date.now()).toBeGreaterThan(3500_000);
    expect(until - Date.now()).toBeLessThanOrEqual(3600_000);
    // Shown once: lists and the audit event hold neither secret.
    const list = await api("GET", "/api/v1/webhooks", { token: t.apiKey });
    expect(JSON.stringify(list.body)).not.toContain(after);
    expect(list.body.data[0].previousSecretExpiresAt).toBe(rotated.body.data.previousSecretExpiresAt);
    const db = await getDb();
    const [event] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.tenantId, t.tenantId), eq(auditEvents.action, "webhook.secret_rotated")));
    expect(event.targetId).toBe(t.endpointId);
    expect(JSON.stringify(event)).not.toContain(after);
    expect(JSON.stringify(event)).not.toContain(before);

    // During the overlap a receiver with either secret verifies: two v1 signatures.
    await bearer(t.apiKey);
    await deliver(t.tenantId);
    const got = rx.received[0];
    expect(got.headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]{43}= v1,[A-Za-z0-9+/]{43}=$/);
    const h = { id: got.headers["webhook-id"], timestamp: got.headers["webhook-timestamp"] };
    const signature = got.headers["webhook-signature"];
    for (const secret of [before, after]) {
      expect(verifySignature({ secret, headers: { ...h, signature }, body: got.raw })).toBe(true);
    }
    // keys rotate-tenant re-encrypts the previous secret too, and it still signs.
    expect((await rotateTenant(db, t.tenantId)).failed).toEqual([]);
    const [row] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, t.endpointId));
    expect(row.previousSecretCiphertext).toMatch(/^ic1\.2\./);

    // Once the overlap has passed, only the new secret signs.
    await db
      .update(webhookEndpoints)
      .set({ previousSecretExpiresAt: sql`now() - interval '1 second'` })
      .where(eq(webhookEndpoints.id, t.endpointId));
    rx.reset();
    await bearer(t.apiKey);
    await deliver(t.tenantId);
    const late = rx.received[0];
    expect(late.headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    const lh = { id: late.headers["webhook-id"], timestamp: late.headers["webhook-timestamp"] };
    const ls = late.headers["webhook-signature"];
    expect(verifySignature({ secret: after, headers: { ...lh, signature: ls }, body: late.raw })).toBe(true);
    expect(verifySignature({ secret: before, headers: { ...lh, signature: ls }, body: late.raw })).toBe(false);
    expect((await api("GET", "/api/v1/webhooks", { token: t.apiKey })).body.data[0].previousSecretExpiresAt).toBeNull();
  });

  it("rotating with no overlap stops the old secret at once; bad input is a 400 and changes nothing", async () => {
    const t = await tenantWithEndpoint();
    const bad = await api("POST", `/api/v1/webhooks/${t.endpointId}/rotate-secret`, {
      token: t.apiKey,
      body: { overlapSeconds: 604_801 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("validation_failed");
    const rotated = await api("POST", `/api/v1/webhooks/${t.endpointId}/rotate-secret`, {
      token: t.apiKey,
      body: { overlapSeconds: 0 },
    });
    expect(rotated.status).toBe(200);
    expect(rotated.body.data.previousSecretExpiresAt).toBeNull();
    rx.setSecret(rotated.body.data.secret);
    await bearer(t.apiKey);
    await deliver(t.tenantId);
    expect(rx.received[0].headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(rx.received[0].verified).toBe(true);
    // Another tenant's endpoint is 404; an admin's session may rotate, a developer may not.
    const other = await newTenant();
    expect((await api("POST", `/api/v1/webhooks/${t.endpointId}/rotate-secret`, { token: other.apiKey })).status).toBe(
      404,
    );
    const dev = await memberCookie(t.tenantId, "developer");
    expect(
      (await api("POST", `/api/v1/webhooks/${t.endpointId}/rotate-secret`, { cookie: dev, headers: write })).status,
    ).toBe(403);
  });

  it("concurrent rotations each answer 200 or 409, and deliveries verify under the stored secret and the one before", async () => {
    const t = await tenantWithEndpoint();
    const answers = await Promise.all(
      Array.from({ length: 4 }, () =>
        api("POST", `/api/v1/webhooks/${t.endpointId}/rotate-secret`, { token: t.apiKey, body: {} }),
      ),
    );
    expect(answers.every((a) => a.status === 200 || a.status === 409)).toBe(true);
    const given = answers.filter((a) => a.status === 200).map((a) => a.body.data.secret as string);
    expect(given.length).toBeGreaterThan(0);
    // The stored secret is one a caller was given, and the one before it still signs.
    await bearer(t.apiKey);
    await deliver(t.tenantId);
    const got = rx.received[0];
    const h = { id: got.headers["webhook-id"], timestamp: got.headers["webhook-timestamp"] };
    const signature = got.headers["webhook-signature"];
    const verifying = [t.secret, ...given].filter((secret) =>
      verifySignature({ secret, headers: { ...h, signature }, body: got.raw }),
    );
    expect(verifying).toHaveLength(2);
    expect(verifying.filter((s) => given.includes(s)).length).toBeGreaterThan(0);
    if (given.length === 1) expect(verifying.sort()).toEqual([t.secret, given[0]].sort());
  });

  it("a canary value is in no webhook body, header, stored delivery or delivery log", async () => {
    const t = await tenantWithEndpoint();
    const canary = `canary-${randomBytes(12).toString("hex")}`;
    const c = await bearer(t.apiKey, canary);
    const id = c.body.data.id;
    await api("PATCH", `/api/v1/secrets/${id}`, { token: t.apiKey, body: { value: { token: `${canary}-2` } } });
    await api("DELETE", `/api/v1/secrets/${id}`, { token: t.apiKey });
    await deliver(t.tenantId);
    expect(rx.received.map((r) => r.body.type).sort()).toEqual([
      "connection.created",
      "connection.deleted",
      "connection.updated",
    ]);
    expect(JSON.stringify(rx.received)).not.toContain(canary);
    const db = await getDb();
    const stored = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.tenantId, t.tenantId));
    expect(stored).toHaveLength(3);
    expect(JSON.stringify(stored)).not.toContain(canary);
    const tried = await db.select().from(webhookAttempts).where(eq(webhookAttempts.tenantId, t.tenantId));
    expect(JSON.stringify(tried)).not.toContain(canary);
    expect(JSON.stringify((await deliveries(t.apiKey, t.endpointId)).body)).not.toContain(canary);
  });
});
