import { eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { secrets } from "@/db/schema";
import { resetEnvCache } from "@/lib/env";
import { runJobOnce } from "@/lib/jobs";
import { DELIVERY_JOB } from "@/lib/webhooks/job";
import { api } from "./api";
import { startTokenServer, type TokenServer } from "./fakes/token-server";
import { startWebhookReceiver, type WebhookReceiver } from "./fakes/webhook-receiver";
import { oauthSecret } from "./support/oauth-secret";

// Connection health reaches the tenant's backend: a refresh that fails sends
// connection.refresh_failed, and the next success sends connection.recovered, both to a
// receiver on 127.0.0.1 that verifies the signature, sent by the background runner's own
// webhook job (lib/webhooks/job.ts).

let ts: TokenServer;
let rx: WebhookReceiver;
const saved = process.env.OUTBOUND_ALLOW_HOSTS;

beforeAll(async () => {
  ts = await startTokenServer();
  rx = await startWebhookReceiver();
  process.env.OUTBOUND_ALLOW_HOSTS = "127.0.0.1";
  resetEnvCache();
});
afterEach(() => {
  ts.reset();
  rx.reset();
});
afterAll(async () => {
  await ts.close();
  await rx.close();
  if (saved === undefined) delete process.env.OUTBOUND_ALLOW_HOSTS;
  else process.env.OUTBOUND_ALLOW_HOSTS = saved;
  resetEnvCache();
});

/** An OAuth2 secret whose tenant has an endpoint at the receiver for the health events. */
async function watched(expiresIn: number) {
  const s = await oauthSecret(ts, { expiresIn });
  const r = await api("POST", "/api/v1/webhooks", {
    token: s.apiKey,
    body: { url: rx.url, events: ["connection.refresh_failed", "connection.recovered"] },
  });
  expect(r.status).toBe(201);
  rx.setSecret(r.body.data.secret);
  return s;
}

/** One tick of the runner's webhook job, as each instance runs it every 2 s. */
const tick = () => runJobOnce(DELIVERY_JOB);
const read = (s: { id: string; token: string }) => api("GET", `/api/v1/secrets/${s.id}`, { token: s.token });
const mine = (id: string) => rx.received.filter((r) => r.body.data.secretId === id);

/** Ends the 30 s cool-down of a failed refresh, as waiting would. */
async function coolDownOver(id: string) {
  const db = await getDb();
  await db
    .update(secrets)
    .set({ refreshRetryAt: sql`now() - interval '1 second'` })
    .where(eq(secrets.id, id));
}

describe("refresh health webhooks", () => {
  it("a failed refresh sends connection.refresh_failed once; the next success sends connection.recovered", async () => {
    const s = await watched(-60);
    ts.set({ mode: "500" });
    expect((await read(s)).status).toBe(503);
    await tick();
    expect(mine(s.id)).toHaveLength(1);
    const failed = mine(s.id)[0];
    expect(failed.verified).toBe(true);
    expect(failed.body).toEqual({
      type: "connection.refresh_failed",
      timestamp: expect.any(String),
      data: {
        secretId: s.id,
        componentId: null,
        username: s.username,
        workspace: "production",
        status: "error",
        reason: "server_error",
      },
    });

    // Failing again after the cool-down is the same news: nothing new is sent.
    await coolDownOver(s.id);
    expect((await read(s)).status).toBe(503);
    expect(ts.calls()).toBe(2);
    await tick();
    expect(mine(s.id)).toHaveLength(1);

    await coolDownOver(s.id);
    ts.set({ mode: "rotate" });
    expect((await read(s)).status).toBe(200);
    await tick();
    const events = mine(s.id);
    expect(events.map((e) => e.body.type)).toEqual(["connection.refresh_failed", "connection.recovered"]);
    expect(events[1].verified).toBe(true);
    expect(events[1].body.data).toMatchObject({ secretId: s.id, username: s.username, status: "active" });
    // No token, old or new, in anything the receiver saw.
    const fresh = (await read(s)).body.data.value;
    for (const t of [s.pair.accessToken, s.pair.refreshToken, fresh.accessToken, fresh.refreshToken]) {
      expect(JSON.stringify(rx.received)).not.toContain(t);
    }
  });

  it("a refresh token the provider refuses sends refresh_failed with invalid_grant and status expired", async () => {
    const s = await watched(-60);
    ts.set({ mode: "invalid_grant" });
    expect((await read(s)).status).toBe(409);
    await tick();
    expect(mine(s.id).map((e) => [e.body.type, e.body.data.status, e.body.data.reason, e.verified])).toEqual([
      ["connection.refresh_failed", "expired", "invalid_grant", true],
    ]);
  });

  it("a healthy refresh sends nothing", async () => {
    const s = await watched(-60);
    expect((await read(s)).status).toBe(200);
    await tick();
    expect(mine(s.id)).toEqual([]);
  });
});
