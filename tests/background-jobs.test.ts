import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditEvents, pendingRevocations, secrets, webhookDeliveries, webhookEndpoints } from "@/db/schema";
import { resetEnvCache } from "@/lib/env";
import { registerJob, runJobOnce, startRunner, stopRunner } from "@/lib/jobs";
import { jobKinds } from "@/lib/jobs/registry";
import { createAuthClient } from "@/lib/oauth/clients";
import { createAuthClientSchema } from "@/lib/oauth/schemas";
import { api, newTenant, uniq, userToken } from "./api";
import { startRevocationServer, type RevocationAnswer, type RevocationServer } from "./fakes/revocation-server";
import { startTokenServer, type TokenServer } from "./fakes/token-server";
import { oauthSecret } from "./support/oauth-secret";

/*
 * The background jobs in one process (docs/architecture.md › Background work), each tick run
 * with runJobOnce(kind, { tenantId }) so that the rest of the shared test database is left
 * alone. Real local servers on 127.0.0.1: an API the dry runs check (answers per token), the
 * token endpoint and a revocation endpoint. The cross-instance cases (claims, kill -9, the
 * runner on and off in real processes) are in background-jobs.pg.test.ts.
 */

/** A dry-run target: answers each bearer token with the status set for it (200 by default). */
type CheckApi = { url: string; answer: Map<string, number>; hits: Map<string, number>; close: () => Promise<void> };
async function startCheckApi(): Promise<CheckApi> {
  const answer = new Map<string, number>();
  const hits = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const token = (req.headers.authorization ?? "").replace(/^Bearer /, "");
    hits.set(token, (hits.get(token) ?? 0) + 1);
    res.writeHead(answer.get(token) ?? 200, { "content-type": "application/json" }).end("{}");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, answer, hits, close: () => new Promise((r) => server.close(() => r())) };
}

let check: CheckApi;
let ts: TokenServer;
let revocation: RevocationServer;
let revocationAnswer: () => RevocationAnswer = () => ({ status: 200 });
const saved = { hosts: process.env.OUTBOUND_ALLOW_HOSTS, jobs: process.env.BACKGROUND_JOBS };
const setEnv = (k: string, v: string | undefined) => {
  if (v === undefined) delete process.env[k];
  else process.env[k] = v;
  resetEnvCache();
};

beforeAll(async () => {
  [check, ts, revocation] = await Promise.all([
    startCheckApi(),
    startTokenServer(),
    startRevocationServer(() => revocationAnswer()),
  ]);
  setEnv("OUTBOUND_ALLOW_HOSTS", "127.0.0.1");
});
afterEach(() => ts.reset());
afterAll(async () => {
  await stopRunner();
  await Promise.all([check.close(), ts.close(), revocation.close()]);
  setEnv("OUTBOUND_ALLOW_HOSTS", saved.hosts);
  setEnv("BACKGROUND_JOBS", saved.jobs);
});

const row = async (id: string) => {
  const db = await getDb();
  const [r] = await db.select().from(secrets).where(eq(secrets.id, id));
  return r;
};
const setRow = async (id: string, values: Partial<typeof secrets.$inferInsert>) => {
  const db = await getDb();
  await db.update(secrets).set(values).where(eq(secrets.id, id));
};
const actions = async (tenantId: string, targetId: string) => {
  const db = await getDb();
  const rows = await db
    .select({ action: auditEvents.action, metadata: auditEvents.metadata, actorType: auditEvents.actorType })
    .from(auditEvents)
    .where(and(eq(auditEvents.tenantId, tenantId), eq(auditEvents.targetId, targetId)))
    .orderBy(auditEvents.createdAt, auditEvents.id);
  return rows;
};
/** A webhook endpoint row that wants every event, so deliveries (the outbox) can be counted. */
async function listeningEndpoint(tenantId: string) {
  const db = await getDb();
  await db.insert(webhookEndpoints).values({
    tenantId,
    url: "https://receiver.example/hook",
    events: [
      "connection.refresh_failed",
      "connection.recovered",
      "connection.verification_failed",
      "connection.expiring",
    ],
    secretCiphertext: "unused-by-these-tests",
  });
}
const deliveries = async (tenantId: string) => {
  const db = await getDb();
  const rows = await db
    .select({ type: webhookDeliveries.eventType, body: webhookDeliveries.body })
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.tenantId, tenantId))
    .orderBy(webhookDeliveries.createdAt);
  return rows.map((r) => ({ type: r.type, data: JSON.parse(r.body).data }));
};

/** A bearer credential for the generic HTTP API component, proved against the check API. */
async function checkedSecret(apiKey: string, token = uniq("tok")) {
  const r = await api("POST", "/api/v1/secrets", {
    token: apiKey,
    body: {
      name: uniq("checked"),
      type: "BEARER",
      value: { token },
      componentId: "http-api",
      config: { baseUrl: check.url, testPath: "/me" },
    },
  });
  expect(r.status).toBe(201);
  return { id: r.body.data.id as string, token };
}
const dueNow = (id: string) => setRow(id, { nextVerifyAt: sql`now() - interval '1 second'` as never });

describe("re-verification", () => {
  it("a new credential is first re-checked a day later (±10 %), and not before", async () => {
    const t = await newTenant();
    const s = await checkedSecret(t.apiKey);
    const r = await row(s.id);
    const inHours = (r.nextVerifyAt!.getTime() - Date.now()) / 3600_000;
    expect(inHours).toBeGreaterThan(24 * 0.9 - 0.01);
    expect(inHours).toBeLessThan(24 * 1.1 + 0.01);
    const before = check.hits.get(s.token);
    expect(await runJobOnce("reverify", { tenantId: t.tenantId })).toBe(0);
    expect(check.hits.get(s.token)).toBe(before);
  });

  it("one transient failure leaves the status; a second in a row turns it error; success recovers it", async () => {
    const t = await newTenant();
    await listeningEndpoint(t.tenantId);
    const s = await checkedSecret(t.apiKey);
    check.answer.set(s.token, 503);
    await dueNow(s.id);
    const hits = check.hits.get(s.token)!;
    expect(await runJobOnce("reverify", { tenantId: t.tenantId })).toBe(1);
    expect(check.hits.get(s.token)).toBe(hits + 1);
    let r = await row(s.id);
    expect(r).toMatchObject({ status: "active", verifyFailures: 1, verifyClaimedBy: null });
    expect(r.failingSince).not.toBeNull();
    const firstFailure = r.failingSince!;
    // The next check comes sooner than a day after a transient failure.
    expect(r.nextVerifyAt!.getTime()).toBeLessThan(Date.now() + 3600_000);
    expect(await deliveries(t.tenantId)).toEqual([]);

    await dueNow(s.id);
    await runJobOnce("reverify", { tenantId: t.tenantId });
    r = await row(s.id);
    expect(r).toMatchObject({ status: "error", verifyFailures: 2 });
    expect(r.statusDetail).toMatch(/error \(503\)/);
    // Failing since the first failure of the run, not the second.
    expect(r.failingSince!.getTime()).toBe(firstFailure.getTime());
    expect(r.lastVerifiedAt!.getTime()).toBeGreaterThan(Date.now() - 10_000);
    expect(await deliveries(t.tenantId)).toEqual([
      {
        type: "connection.verification_failed",
        data: expect.objectContaining({ secretId: s.id, status: "error", reason: "server_error" }),
      },
    ]);

    check.answer.delete(s.token);
    await dueNow(s.id);
    await runJobOnce("reverify", { tenantId: t.tenantId });
    r = await row(s.id);
    expect(r).toMatchObject({ status: "active", statusDetail: null, verifyFailures: 0, failingSince: null });
    expect((r.nextVerifyAt!.getTime() - Date.now()) / 3600_000).toBeGreaterThan(21);
    expect((await deliveries(t.tenantId)).map((d) => d.type)).toEqual([
      "connection.verification_failed",
      "connection.recovered",
    ]);
    const audited = (await actions(t.tenantId, s.id)).filter((a) => a.action === "secret.verified");
    expect(audited.map((a) => a.metadata)).toEqual([
      expect.objectContaining({ class: "server_error", scheduled: true, failures: 1 }),
      expect.objectContaining({ class: "server_error", scheduled: true, failures: 2 }),
      expect.objectContaining({ class: "ok", scheduled: true, failures: 0 }),
    ]);
    expect(audited.every((a) => a.actorType === "system")).toBe(true);
  });

  it("auth_failed turns the status error at once, with one verification_failed event", async () => {
    const t = await newTenant();
    await listeningEndpoint(t.tenantId);
    const s = await checkedSecret(t.apiKey);
    check.answer.set(s.token, 401);
    await dueNow(s.id);
    await runJobOnce("reverify", { tenantId: t.tenantId });
    const r = await row(s.id);
    expect(r).toMatchObject({ status: "error", verifyFailures: 1 });
    expect(r.statusDetail).toMatch(/rejected/);
    expect(r.failingSince).not.toBeNull();
    // Still failing the next day: no second event for the same news.
    await dueNow(s.id);
    await runJobOnce("reverify", { tenantId: t.tenantId });
    expect((await deliveries(t.tenantId)).map((d) => [d.type, d.data.reason])).toEqual([
      ["connection.verification_failed", "auth_failed"],
    ]);
  });

  it("a credential without a dry run is only rescheduled, and a value replaced mid-check is not judged", async () => {
    const t = await newTenant();
    const plain = await api("POST", "/api/v1/secrets", {
      token: t.apiKey,
      body: { name: uniq("plain"), type: "BEARER", value: { token: uniq("tok") } },
    });
    await dueNow(plain.body.data.id);
    await runJobOnce("reverify", { tenantId: t.tenantId });
    const r = await row(plain.body.data.id);
    expect(r).toMatchObject({ status: "active", verifyFailures: 0, lastVerifiedAt: null, verifyClaimedBy: null });
    expect(r.nextVerifyAt!.getTime()).toBeGreaterThan(Date.now() + 20 * 3600_000);
  });
});

describe("expiry", () => {
  /** OAuth2 tokens passed in without an auth client: there is no way to renew them. */
  async function passedIn(apiKey: string, expiresInSeconds: number) {
    const r = await api("POST", "/api/v1/secrets", {
      token: apiKey,
      body: {
        name: uniq("passed"),
        type: "OA2_AUTHORIZATION_CODE",
        value: {
          accessToken: uniq("at"),
          expires: new Date(Date.now() + expiresInSeconds * 1000).toISOString(),
        },
      },
    });
    expect(r.status).toBe(201);
    return r.body.data.id as string;
  }

  it("turns a credential without a refresh path expired when its time comes, once", async () => {
    const t = await newTenant();
    await listeningEndpoint(t.tenantId);
    const id = await passedIn(t.apiKey, 3600);
    await setRow(id, { expires: new Date(Date.now() - 1000) });
    await Promise.all([runJobOnce("expiry", { tenantId: t.tenantId }), runJobOnce("expiry", { tenantId: t.tenantId })]);
    const r = await row(id);
    expect(r.status).toBe("expired");
    expect(r.statusDetail).toMatch(/expiry has passed/);
    expect((await actions(t.tenantId, id)).filter((a) => a.action === "secret.expired")).toHaveLength(1);
    expect((await deliveries(t.tenantId)).map((d) => [d.type, d.data.status, d.data.reason])).toEqual([
      ["connection.expiring", "expired", "expired"],
    ]);
    const read = await api("GET", `/api/v1/secrets/${id}`, { token: t.apiKey });
    expect(read.body.data.status).toBe("expired");
  });

  it("announces an expiry seven days ahead once per expiry, and leaves later ones alone", async () => {
    const t = await newTenant();
    await listeningEndpoint(t.tenantId);
    const soon = await passedIn(t.apiKey, 3 * 86_400);
    const later = await passedIn(t.apiKey, 30 * 86_400);
    await runJobOnce("expiry", { tenantId: t.tenantId });
    await runJobOnce("expiry", { tenantId: t.tenantId });
    expect((await row(soon)).status).toBe("active");
    expect((await row(soon)).expiringNotifiedFor!.getTime()).toBe((await row(soon)).expires!.getTime());
    expect((await row(later)).expiringNotifiedFor).toBeNull();
    expect((await deliveries(t.tenantId)).map((d) => [d.type, d.data.secretId, d.data.reason])).toEqual([
      ["connection.expiring", soon, "expires_soon"],
    ]);
    expect((await actions(t.tenantId, soon)).filter((a) => a.action === "secret.expiring")).toHaveLength(1);
    // A new expiry (new tokens) is announced again.
    await setRow(soon, { expires: new Date(Date.now() + 2 * 86_400_000) });
    await runJobOnce("expiry", { tenantId: t.tenantId });
    expect((await deliveries(t.tenantId)).filter((d) => d.type === "connection.expiring")).toHaveLength(2);
  });
});

describe("proactive refresh", () => {
  it("refreshes a token due within its client's buffer once, under the lease, as the system", async () => {
    const s = await oauthSecret(ts, { expiresIn: 120 }); // buffer 300 s: due
    const fresh = await oauthSecret(ts, { expiresIn: 3600 });
    await Promise.all([
      runJobOnce("refresh", { tenantId: s.tenantId }),
      runJobOnce("refresh", { tenantId: fresh.tenantId }),
    ]);
    expect(ts.calls()).toBe(1);
    expect(ts.requests[0].form.refresh_token).toBe(s.pair.refreshToken);
    const r = await row(s.id);
    expect(r.expires!.getTime()).toBeGreaterThan(Date.now() + 3000_000);
    expect(r).toMatchObject({ status: "active", leaseOwner: null, refreshClaimedBy: null, refreshClaimedUntil: null });
    expect(r.refreshedAt!.getTime()).toBeGreaterThan(Date.now() - 10_000);
    const refreshed = (await actions(s.tenantId, s.id)).filter((a) => a.action === "secret.refreshed");
    expect(refreshed).toHaveLength(1);
    expect(refreshed[0].actorType).toBe("system");
    // Not due any more: the next tick makes no call.
    await runJobOnce("refresh", { tenantId: s.tenantId });
    expect(ts.calls()).toBe(1);
  });

  it("uses a refresh token idle for 24 h even when the access token is far from expiry", async () => {
    const s = await oauthSecret(ts, { expiresIn: 30 * 86_400 });
    await runJobOnce("refresh", { tenantId: s.tenantId });
    expect(ts.calls()).toBe(0);
    await setRow(s.id, { refreshedAt: new Date(Date.now() - 25 * 3600_000) });
    await runJobOnce("refresh", { tenantId: s.tenantId });
    expect(ts.calls()).toBe(1);
    expect(ts.isLive(s.pair.refreshToken)).toBe(false); // rotated: the new one is stored
    const read = await api("GET", `/api/v1/secrets/${s.id}`, { token: s.token });
    expect(ts.isLive(read.body.data.value.refreshToken)).toBe(true);
  });

  it("a failed refresh sends refresh_failed once, backs off, and the next success sends recovered", async () => {
    const s = await oauthSecret(ts, { expiresIn: -60 });
    await listeningEndpoint(s.tenantId);
    ts.set({ mode: "500" });
    await runJobOnce("refresh", { tenantId: s.tenantId });
    let r = await row(s.id);
    expect(r.status).toBe("error"); // the stored token had run out
    expect(r.failingSince).not.toBeNull();
    expect(r.refreshClaimedUntil!.getTime()).toBeGreaterThan(Date.now() + 60_000);
    // Cool-down over but still failing: another attempt, no second event.
    await setRow(s.id, { refreshRetryAt: new Date(Date.now() - 1000), refreshClaimedUntil: null });
    await runJobOnce("refresh", { tenantId: s.tenantId });
    expect(ts.calls()).toBe(2);
    ts.set({ mode: "rotate" });
    await setRow(s.id, { refreshRetryAt: new Date(Date.now() - 1000), refreshClaimedUntil: null });
    await runJobOnce("refresh", { tenantId: s.tenantId });
    r = await row(s.id);
    expect(r).toMatchObject({ status: "active", statusDetail: null, failingSince: null, refreshRetryAt: null });
    expect((await deliveries(s.tenantId)).map((d) => [d.type, d.data.status, d.data.reason])).toEqual([
      ["connection.refresh_failed", "error", "server_error"],
      ["connection.recovered", "active", null],
    ]);
  });

  it("invalid_grant expires the credential and says so once", async () => {
    const s = await oauthSecret(ts, { expiresIn: 60 });
    await listeningEndpoint(s.tenantId);
    ts.set({ mode: "invalid_grant" });
    await runJobOnce("refresh", { tenantId: s.tenantId });
    await runJobOnce("refresh", { tenantId: s.tenantId });
    expect(ts.calls()).toBe(1);
    expect((await row(s.id)).status).toBe("expired");
    expect((await deliveries(s.tenantId)).map((d) => [d.type, d.data.status, d.data.reason])).toEqual([
      ["connection.refresh_failed", "expired", "invalid_grant"],
    ]);
  });

  it("a linked credential without a refresh token has no refresh path: it expires instead", async () => {
    const s = await oauthSecret(ts, { expiresIn: 3600 });
    const patched = await api("PATCH", `/api/v1/secrets/${s.id}`, {
      token: s.token,
      body: {
        value: {
          authClientId: s.client.id,
          accessToken: uniq("at"),
          expires: new Date(Date.now() - 1000).toISOString(),
        },
        verify: false,
      },
    });
    expect(patched.status).toBe(200);
    await runJobOnce("refresh", { tenantId: s.tenantId });
    expect(ts.calls()).toBe(0);
    const r = await row(s.id);
    expect(r.status).toBe("expired");
    expect(r.refreshClaimedBy).toBeNull();
  });
});

describe("pending revocations", () => {
  async function deletedWhileProviderDown() {
    const t = await newTenant();
    const db = await getDb();
    const client = await createAuthClient(db, {
      tenantId: t.tenantId,
      input: createAuthClientSchema.parse({
        name: uniq("client"),
        componentId: "custom-oauth2",
        clientId: "client-1",
        clientSecret: "client-secret-1",
        endpoints: {
          auth: `${revocation.url}/authorize`,
          token: `${revocation.url}/token`,
          revocation: `${revocation.url}/revoke`,
        },
      }),
      audit: {},
    });
    const tokens = { accessToken: `at-${uniq("canary")}`, refreshToken: `rt-${uniq("canary")}` };
    const owner = await userToken(t.apiKey, uniq("user"));
    const created = await api("POST", "/api/v1/secrets", {
      token: owner,
      body: { name: uniq("conn"), type: "OA2_AUTHORIZATION_CODE", value: { authClientId: client.id, ...tokens } },
    });
    const id = created.body.data.id as string;
    await db.update(secrets).set({ authClientId: client.id }).where(eq(secrets.id, id));
    revocationAnswer = () => ({ status: 503 });
    const calls = revocation.calls().length;
    expect((await api("DELETE", `/api/v1/secrets/${id}`, { token: owner })).status).toBe(204);
    expect(revocation.calls().length).toBe(calls + 1);
    return { ...t, id, tokens };
  }
  const pending = async (secretId: string) => {
    const db = await getDb();
    return db.select().from(pendingRevocations).where(eq(pendingRevocations.secretId, secretId));
  };
  const due = async (secretId: string) => {
    const db = await getDb();
    await db
      .update(pendingRevocations)
      .set({ nextAttemptAt: sql`now()` as never })
      .where(eq(pendingRevocations.secretId, secretId));
  };

  it("keeps the tokens sealed and retries with backoff until the provider confirms", async () => {
    const d = await deletedWhileProviderDown();
    const [queued] = await pending(d.id);
    expect(queued).toMatchObject({ attempts: 1, lastClass: "server_error", lastStatus: 503 });
    expect(queued.tokensCiphertext).toMatch(/^ic1\./);
    expect(JSON.stringify(queued)).not.toContain(d.tokens.refreshToken);
    expect(queued.nextAttemptAt!.getTime()).toBeGreaterThan(Date.now());
    expect(queued.giveUpAt!.getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000);

    // Not due yet: nothing is sent.
    const before = revocation.calls().length;
    await runJobOnce("revocations", { tenantId: d.tenantId });
    expect(revocation.calls().length).toBe(before);

    await due(d.id);
    await runJobOnce("revocations", { tenantId: d.tenantId });
    const [second] = await pending(d.id);
    expect(second.attempts).toBe(2);
    // Doubling: the second wait is about two minutes.
    expect(second.nextAttemptAt!.getTime() - Date.now()).toBeGreaterThan(90_000);

    revocationAnswer = () => ({ status: 200 });
    await due(d.id);
    await runJobOnce("revocations", { tenantId: d.tenantId });
    expect(await pending(d.id)).toEqual([]);
    const last = revocation.calls().at(-1)!;
    expect(new URLSearchParams(last.body).get("token")).toBe(d.tokens.refreshToken);
    const audit = (await actions(d.tenantId, d.id)).map((a) => [a.action, a.metadata]);
    expect(audit).toEqual([
      expect.arrayContaining(["secret.created"]),
      ["secret.deleted", expect.anything()],
      ["secret.revocation_pending", expect.objectContaining({ class: "server_error", status: 503 })],
      ["secret.revoked", expect.objectContaining({ attempts: 3, retried: true })],
    ]);
    expect(JSON.stringify(audit)).not.toContain(d.tokens.refreshToken);
  });

  it("gives up after a day, audited as revocation_failed, and drops the tokens", async () => {
    const d = await deletedWhileProviderDown();
    const db = await getDb();
    await db
      .update(pendingRevocations)
      .set({ nextAttemptAt: sql`now()` as never, giveUpAt: sql`now() - interval '1 second'` as never })
      .where(eq(pendingRevocations.secretId, d.id));
    await runJobOnce("revocations", { tenantId: d.tenantId });
    expect(await pending(d.id)).toEqual([]);
    const failed = (await actions(d.tenantId, d.id)).filter((a) => a.action === "secret.revocation_failed");
    expect(failed.map((a) => a.metadata)).toEqual([expect.objectContaining({ class: "server_error", attempts: 2 })]);
  });
});

describe("the runner", () => {
  it("a failing job kind is logged without its values and never takes the process down", async () => {
    const canary = `canary-${uniq("v")}`;
    let worked = 0;
    registerJob<{ n: number }>({
      name: "test-failing",
      claimSeconds: 1,
      batchSize: 3,
      claim: async () => (worked === 0 ? [{ n: 1 }, { n: 2 }, { n: 3 }] : []),
      work: async (item) => {
        worked++;
        if (item.n === 2) throw new Error(`boom ${canary}`);
      },
    });
    registerJob({
      name: "test-failing-claim",
      claimSeconds: 1,
      claim: async () => {
        throw Object.assign(new Error(`claim ${canary}`), { code: "XX000", severity: "ERROR" });
      },
      work: async () => {},
    });
    try {
      expect(await runJobOnce("test-failing")).toBe(2); // the other two items were done
      expect(worked).toBe(3);
      expect(await runJobOnce("test-failing-claim")).toBe(0);
      const log = readFileSync(process.env.LOG_FILE!, "utf8");
      expect(log).toContain('"job":"test-failing"');
      expect(log).toContain("background job tick failed");
      expect(log).not.toContain(`claim ${canary}`);
    } finally {
      jobKinds().delete("test-failing");
      jobKinds().delete("test-failing-claim");
    }
  });

  it("BACKGROUND_JOBS=off starts nothing; on, due work is done within a tick", async () => {
    const t = await newTenant();
    const s = await checkedSecret(t.apiKey);
    check.answer.set(s.token, 401);
    await dueNow(s.id);
    setEnv("BACKGROUND_INTERVAL_SECONDS", "0.2");
    try {
      setEnv("BACKGROUND_JOBS", "off");
      await startRunner();
      await new Promise((r) => setTimeout(r, 1500));
      expect((await row(s.id)).status).toBe("active");

      setEnv("BACKGROUND_JOBS", "on");
      await startRunner();
      const end = Date.now() + 10_000;
      while ((await row(s.id)).status !== "error" && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
      expect((await row(s.id)).status).toBe("error");
    } finally {
      await stopRunner();
      setEnv("BACKGROUND_INTERVAL_SECONDS", undefined);
      setEnv("BACKGROUND_JOBS", saved.jobs);
    }
  });
});
