import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { secrets } from "@/db/schema";
import { resetEnvCache } from "@/lib/env";
import { api, newTenant, uniq, userToken } from "./api";
import { startLoginServer, type LoginServer } from "./fakes/login-server";
import { startInstance, stopInstance, type Instance } from "./support/instances";
import { leaseColumns } from "./support/oauth-secret";

// Session auth across instances (issue 10): two app processes on the one PostgreSQL database
// this suite runs on, against a login endpoint in this process. 50 concurrent reads of a due
// session token, split over both, make exactly one login call: the same single flight and
// row lease as an OAuth refresh. PostgreSQL only (`*.pg.test.ts`).

const PASSWORD = "s3cret-pass-0123456789";

describe("session auth across two app instances on one PostgreSQL", () => {
  let ls: LoginServer;
  let a: Instance | undefined;
  let b: Instance | undefined;
  const saved = process.env.OUTBOUND_ALLOW_HOSTS;

  beforeAll(async () => {
    ls = await startLoginServer({ accept: (r) => r.fields.username === "alice" && r.fields.password === PASSWORD });
    process.env.OUTBOUND_ALLOW_HOSTS = "127.0.0.1"; // for creating the recipe here
    resetEnvCache();
    [a, b] = await Promise.all([
      startInstance("session-a", { REFRESH_LEASE_SECONDS: "5" }),
      startInstance("session-b", { REFRESH_LEASE_SECONDS: "5" }),
    ]);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([stopInstance(a), stopInstance(b)]);
    await ls.close();
    if (saved === undefined) delete process.env.OUTBOUND_ALLOW_HOSTS;
    else process.env.OUTBOUND_ALLOW_HOSTS = saved;
    resetEnvCache();
  });

  it("50 concurrent reads of a due token, over both, make one login call and all get the new token", async () => {
    const t = await newTenant();
    const client = await api("POST", "/api/v1/auth-clients", {
      token: t.apiKey,
      body: {
        type: "SESSION_AUTH",
        name: uniq("Login"),
        componentId: "custom-session",
        fields: [
          { name: "username", label: "Username" },
          { name: "password", label: "Password", secret: true },
        ],
        endpoints: {
          auth: {
            url: ls.loginUrl,
            authType: "FORM_AUTH",
            requestFields: { username: "{{fields.username}}", password: "{{fields.password}}" },
          },
        },
        tokenPath: "data.token",
        expirationPath: "data.ttl",
      },
    });
    expect(client.status).toBe(201);
    const token = await userToken(t.apiKey, uniq("user"));
    const created = await api("POST", "/api/v1/secrets", {
      token,
      body: {
        name: uniq("sess"),
        type: "SESSION_AUTH",
        value: { authClientId: client.body.data.id, inputFields: { username: "alice", password: PASSWORD } },
      },
    });
    expect(created.status).toBe(201);
    const id: string = created.body.data.id;
    expect(ls.calls()).toBe(1);
    const db = await getDb();
    await db
      .update(secrets)
      .set({ expires: new Date(Date.now() - 60_000) })
      .where(eq(secrets.id, id));

    ls.set({ latencyMs: 300 }); // every read arrives while the one login is in flight
    const reads = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        fetch(`${i % 2 ? a!.url : b!.url}/api/v1/secrets/${id}`, {
          headers: { authorization: `Bearer ${token}` },
        }).then(async (r) => ({ status: r.status, body: await r.json() })),
      ),
    );
    expect(reads.map((r) => r.status)).toEqual(Array(50).fill(200));
    const tokens = new Set(reads.map((r) => r.body.data.value.accessToken));
    expect(tokens).toEqual(new Set([ls.issued[1]]));
    expect(ls.calls()).toBe(2);
    expect(await leaseColumns(id)).toMatchObject({ leaseOwner: null, leaseUntil: null, status: "active" });
    // Fresh now: both instances read the stored token without another login.
    for (const base of [a!.url, b!.url]) {
      const again = await fetch(`${base}/api/v1/secrets/${id}`, { headers: { authorization: `Bearer ${token}` } });
      expect((await again.json()).data.value.accessToken).toBe(ls.issued[1]);
    }
    expect(ls.calls()).toBe(2);
  }, 60_000);
});
