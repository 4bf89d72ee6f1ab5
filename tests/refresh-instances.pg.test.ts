import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { startTokenServer, type TokenServer } from "./fakes/token-server";
import { leaseColumns, oauthSecret } from "./support/oauth-secret";

// Refresh across instances: two app processes (tests/support/app-server.ts) on the one
// PostgreSQL database this suite runs on, against a token endpoint in this process.
// PostgreSQL only (`*.pg.test.ts` files run only with DATABASE_URL, see vitest.config.ts):
// PGlite is one process's embedded database, so there is no second instance to race with.
// The single-process cases are in refresh.test.ts and run on both.

const LEASE_SECONDS = 3;

/** `pid` is the app's own process (tsx runs it in a child of `child`). */
type Instance = { child: ChildProcess; pid: number; url: string; exited: Promise<void> };

async function startInstance(name: string): Promise<Instance> {
  const child = spawn(
    path.resolve("node_modules/.bin/tsx"),
    ["--conditions=react-server", "tests/support/app-server.ts"],
    {
      cwd: process.cwd(),
      env: {
        ...process.env,
        OUTBOUND_ALLOW_HOSTS: "127.0.0.1",
        REFRESH_LEASE_SECONDS: String(LEASE_SECONDS),
        LOG_LEVEL: "warn",
        LOG_FILE: path.join(process.env.IC_TEST_SCRATCH ?? ".", `instance-${name}.log`),
      },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const { port, pid } = await new Promise<{ port: number; pid: number }>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once("line", (line) => resolve(JSON.parse(line)));
    child.once("exit", (code) => reject(new Error(`instance ${name} exited (${code}) before listening`)));
  });
  const url = `http://127.0.0.1:${port}`;
  // The first request opens the database (and waits for the migration lock).
  const health = await fetch(`${url}/api/health`);
  if (!health.ok) throw new Error(`instance ${name}: /api/health ${health.status}`);
  return { child, pid, url, exited };
}

async function stop(i: Instance | undefined) {
  if (!i || i.child.exitCode !== null || i.child.signalCode !== null) return;
  i.child.kill("SIGTERM");
  await i.exited;
}

const get = async (base: string, p: string, token: string) => {
  const res = await fetch(`${base}${p}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: await res.json() };
};

const waitFor = async (cond: () => boolean | Promise<boolean>, ms: number) => {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe("refresh across two app instances on one PostgreSQL", () => {
  let ts: TokenServer;
  let a: Instance | undefined;
  let b: Instance | undefined;
  const saved = process.env.OUTBOUND_ALLOW_HOSTS;

  beforeAll(async () => {
    ts = await startTokenServer();
    process.env.OUTBOUND_ALLOW_HOSTS = "127.0.0.1"; // for creating the auth client here
    resetEnvCache();
    [a, b] = await Promise.all([startInstance("a"), startInstance("b")]);
  }, 120_000);
  afterEach(() => ts.reset());
  afterAll(async () => {
    await Promise.all([stop(a), stop(b)]);
    await ts.close();
    if (saved === undefined) delete process.env.OUTBOUND_ALLOW_HOSTS;
    else process.env.OUTBOUND_ALLOW_HOSTS = saved;
    resetEnvCache();
  });

  it("50 concurrent reads of an expired secret, split over both, make one token call and all get the new token", async () => {
    ts.set({ latencyMs: 300 }); // every read arrives while the one refresh is in flight
    const s = await oauthSecret(ts, { expiresIn: -60 });
    const reads = await Promise.all(
      Array.from({ length: 50 }, (_, i) => get(i % 2 ? a!.url : b!.url, `/api/v1/secrets/${s.id}`, s.token)),
    );
    expect(reads.map((r) => r.status)).toEqual(Array(50).fill(200));
    const tokens = new Set(reads.map((r) => r.body.data.value.accessToken));
    expect(tokens.size).toBe(1);
    const [fresh] = tokens;
    expect(fresh).not.toBe(s.pair.accessToken);
    expect(ts.calls()).toBe(1);
    // What both instances now read is what the one refresh stored, rotated refresh token included.
    const stored = await get(a!.url, `/api/v1/secrets/${s.id}`, s.token);
    expect(stored.body.data.value.accessToken).toBe(fresh);
    expect(ts.isLive(stored.body.data.value.refreshToken)).toBe(true);
    expect(await leaseColumns(s.id)).toMatchObject({ leaseOwner: null, leaseUntil: null });
  });

  it("a lease held by another instance makes readers wait and re-read; they never call the provider", async () => {
    ts.set({ latencyMs: 800 });
    const s = await oauthSecret(ts, { expiresIn: -60 });
    const first = get(a!.url, `/api/v1/secrets/${s.id}`, s.token);
    await waitFor(() => ts.calls() === 1, 5_000);
    const lease = await leaseColumns(s.id);
    expect(lease.leaseOwner).toMatch(new RegExp(`^${a!.pid}:`));
    const started = Date.now();
    const second = await get(b!.url, `/api/v1/secrets/${s.id}`, s.token);
    expect(Date.now() - started).toBeGreaterThan(300); // it waited for A's answer
    expect(second.body.data.value.accessToken).toBe((await first).body.data.value.accessToken);
    expect(ts.calls()).toBe(1);
  });

  it("kill -9 of the instance holding the lease: the other reads the secret once the lease has run out", async () => {
    ts.set({ mode: "hang" });
    const s = await oauthSecret(ts, { expiresIn: -60 });
    void get(a!.url, `/api/v1/secrets/${s.id}`, s.token).catch(() => {});
    await waitFor(() => ts.calls() === 1, 5_000);
    const lease = await leaseColumns(s.id);
    expect(lease.leaseOwner).toMatch(new RegExp(`^${a!.pid}:`));
    process.kill(a!.pid, "SIGKILL");
    await a!.exited;
    ts.set({ mode: "rotate" }); // the provider recovers; A's request never got an answer

    const started = Date.now();
    const r = await get(b!.url, `/api/v1/secrets/${s.id}`, s.token);
    expect(r.status).toBe(200);
    expect(r.body.data.value.accessToken).not.toBe(s.pair.accessToken);
    // B waited for the dead lease to run out rather than refreshing under it.
    expect(Date.now()).toBeGreaterThanOrEqual(lease.leaseUntil!.getTime() - 50);
    expect(Date.now() - started).toBeLessThan(LEASE_SECONDS * 1000 + 4_000);
    expect(ts.calls()).toBe(2);
    expect(ts.requests[1].form.refresh_token).toBe(s.pair.refreshToken);
    expect(await leaseColumns(s.id)).toMatchObject({ leaseOwner: null, status: "active" });
    a = await startInstance("a2");
  }, 60_000);
});
