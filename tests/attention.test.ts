import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq, sql } from "drizzle-orm";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AttentionNotes, needsAttention } from "@/components/credentials/dashboard/attention";
import { getDb } from "@/db/client";
import { secrets } from "@/db/schema";
import { resetEnvCache } from "@/lib/env";
import { runJobOnce } from "@/lib/jobs";
import { listSecrets } from "@/lib/secrets/store";
import { api, newTenant, uniq } from "./api";
import { startTokenServer, type TokenServer } from "./fakes/token-server";

/*
 * The dashboard's "needs attention" (issue 12 part 4): the flags the list and detail page
 * show and the filter that gathers them, computed from what the background jobs write.
 */

let ts: TokenServer;
let server: Server;
let checkUrl: string;
const rejected = new Set<string>();
const saved = process.env.OUTBOUND_ALLOW_HOSTS;

beforeAll(async () => {
  ts = await startTokenServer();
  server = createServer((req, res) => {
    const token = (req.headers.authorization ?? "").replace(/^Bearer /, "");
    res.writeHead(rejected.has(token) ? 401 : 200).end("{}");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  checkUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.OUTBOUND_ALLOW_HOSTS = "127.0.0.1";
  resetEnvCache();
});
afterAll(async () => {
  await ts.close();
  await new Promise<void>((r) => server.close(() => r()));
  if (saved === undefined) delete process.env.OUTBOUND_ALLOW_HOSTS;
  else process.env.OUTBOUND_ALLOW_HOSTS = saved;
  resetEnvCache();
});

const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();

async function create(apiKey: string, body: Record<string, unknown>) {
  const r = await api("POST", "/api/v1/secrets", { token: apiKey, body: { name: uniq("s"), ...body } });
  expect(r.status).toBe(201);
  return r.body.data.id as string;
}

describe("needs attention", () => {
  it("gathers expired, failing and soon-expiring credentials, and nothing healthy", async () => {
    const t = await newTenant();
    const db = await getDb();
    const healthy = await create(t.apiKey, { type: "BEARER", value: { token: uniq("tok") } });
    const later = await create(t.apiKey, {
      type: "OA2_AUTHORIZATION_CODE",
      value: { accessToken: uniq("at"), expires: inDays(30) },
    });
    const soon = await create(t.apiKey, {
      type: "OA2_AUTHORIZATION_CODE",
      value: { accessToken: uniq("at"), expires: inDays(3) },
    });
    const gone = await create(t.apiKey, {
      type: "OA2_AUTHORIZATION_CODE",
      value: { accessToken: uniq("at"), expires: inDays(1) },
    });
    await db
      .update(secrets)
      .set({ expires: new Date(Date.now() - 1000) })
      .where(eq(secrets.id, gone));
    await runJobOnce("expiry", { tenantId: t.tenantId });
    // Failing: a scheduled re-check the API rejects.
    const token = uniq("tok");
    const failing = await create(t.apiKey, {
      type: "BEARER",
      value: { token },
      componentId: "http-api",
      config: { baseUrl: checkUrl, testPath: "/me" },
    });
    rejected.add(token);
    await db
      .update(secrets)
      .set({ nextVerifyAt: sql`now()` as never })
      .where(eq(secrets.id, failing));
    await runJobOnce("reverify", { tenantId: t.tenantId });

    const page = { page: 1, perPage: 50, offset: 0 };
    const all = await listSecrets(db, { tenantId: t.tenantId }, {}, page);
    expect(all.total).toBe(5);
    const flagged = await listSecrets(db, { tenantId: t.tenantId }, { attention: true }, page);
    expect(flagged.rows.map((r) => r.id).sort()).toEqual([soon, gone, failing].sort());
    expect(flagged.total).toBe(3);
    const byId = new Map(all.rows.map((r) => [r.id, r]));
    expect(byId.get(soon)).toMatchObject({ status: "active", expiresSoon: true });
    expect(byId.get(later)).toMatchObject({ expiresSoon: false });
    expect(byId.get(gone)).toMatchObject({ status: "expired", expiresSoon: false });
    expect(byId.get(failing)!.status).toBe("error");
    expect(byId.get(failing)!.failingSince).toBeInstanceOf(Date);
    expect(byId.get(healthy)).toMatchObject({ failingSince: null, expiresSoon: false });
    expect(
      all.rows
        .filter(needsAttention)
        .map((r) => r.id)
        .sort(),
    ).toEqual(flagged.rows.map((r) => r.id).sort());
    // The API's answers carry none of the dashboard's flags.
    const listed = await api("GET", "/api/v1/secrets", { token: t.apiKey });
    expect(JSON.stringify(listed.body)).not.toMatch(/failingSince|expiresSoon/);
  });

  it("an OAuth2 token due for refresh is not 'expires soon': it renews itself", async () => {
    const t = await newTenant();
    const db = await getDb();
    const id = await create(t.apiKey, {
      type: "OA2_AUTHORIZATION_CODE",
      value: { accessToken: uniq("at"), refreshToken: uniq("rt"), expires: inDays(1) },
    });
    // Linked to an auth client, as the OAuth callback links it: it has a refresh path.
    const client = await api("POST", "/api/v1/auth-clients", {
      token: t.apiKey,
      body: {
        name: uniq("c"),
        type: "OA2_AUTHORIZATION_CODE",
        clientId: "c1",
        clientSecret: "s1",
        endpoints: { auth: `${ts.url}/authorize`, token: ts.tokenUrl },
      },
    });
    expect(client.status).toBe(201);
    await db.update(secrets).set({ authClientId: client.body.data.id }).where(eq(secrets.id, id));
    const flagged = await listSecrets(
      db,
      { tenantId: t.tenantId },
      { attention: true },
      { page: 1, perPage: 5, offset: 0 },
    );
    expect(flagged.total).toBe(0);
  });

  it("says why in words: re-authorisation, failing since, expires soon", () => {
    const html = (s: Parameters<typeof AttentionNotes>[0]["secret"]) =>
      renderToStaticMarkup(createElement(AttentionNotes, { secret: s }));
    expect(html({ status: "active", expires: null })).toBe("");
    expect(html({ status: "expired", expires: null })).toContain("Needs re-authorisation");
    const since = new Date(Date.now() - 3 * 3600_000);
    const failing = html({ status: "error", expires: null, failingSince: since });
    expect(failing).toContain("Failing since");
    expect(failing).toContain("3 hours ago");
    expect(failing).toContain(`dateTime="${since.toISOString()}"`);
    const soon = html({ status: "active", expires: new Date("2031-05-04T10:00:00Z"), expiresSoon: true });
    expect(soon).toContain("Expires soon");
    expect(soon).toContain("4 May 2031");
  });
});
