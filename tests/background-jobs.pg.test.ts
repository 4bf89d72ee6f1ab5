import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { createInterface } from "node:readline";
import { inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { secrets } from "@/db/schema";
import { resetEnvCache } from "@/lib/env";
import { api, newTenant, uniq } from "./api";
import { startTokenServer, type TokenServer } from "./fakes/token-server";
import { leaseColumns, oauthSecret } from "./support/oauth-secret";

/*
 * The background runner across app processes on one PostgreSQL (docs/architecture.md ›
 * Background work): real instances (tests/support/runner-server.ts, the route handlers plus
 * the runner, as `next start` runs them) against a token endpoint and a dry-run API in this
 * process. PostgreSQL only: PGlite is one process's database.
 *
 * Other tests' leftovers may share this database, so every count below is of this test's
 * own tokens, never a server's total.
 */

const LEASE_SECONDS = 2;
/** The refresh job's claim: twice the lease plus 10 s (lib/jobs/refresh.ts). */
const REFRESH_CLAIM_SECONDS = LEASE_SECONDS * 2 + 10;

type Instance = { child: ChildProcess; pid: number; url: string; exited: Promise<void> };

async function startInstance(name: string, env: Record<string, string>): Promise<Instance> {
  const child = spawn(
    path.resolve("node_modules/.bin/tsx"),
    ["--conditions=react-server", "tests/support/runner-server.ts"],
    {
      cwd: process.cwd(),
      env: {
        ...process.env,
        OUTBOUND_ALLOW_HOSTS: "127.0.0.1",
        REFRESH_LEASE_SECONDS: String(LEASE_SECONDS),
        BACKGROUND_INTERVAL_SECONDS: "0.5",
        LOG_LEVEL: "warn",
        LOG_FILE: path.join(process.env.IC_TEST_SCRATCH ?? ".", `jobs-instance-${name}.log`),
        ...env,
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
  const health = await fetch(`${url}/api/health`);
  if (!health.ok) throw new Error(`instance ${name}: /api/health ${health.status}`);
  return { child, pid, url, exited };
}

async function stop(i: Instance | undefined) {
  if (!i || i.child.exitCode !== null || i.child.signalCode !== null) return;
  i.child.kill("SIGTERM");
  await i.exited;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const waitFor = async (cond: () => boolean | Promise<boolean>, ms: number) => {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await sleep(50);
  }
};

/** A dry-run target that counts requests per bearer token. */
async function startCheckApi() {
  const hits = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const token = (req.headers.authorization ?? "").replace(/^Bearer /, "");
    hits.set(token, (hits.get(token) ?? 0) + 1);
    res.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, hits, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe("the background runner on two app instances and one PostgreSQL", () => {
  let ts: TokenServer;
  let check: Awaited<ReturnType<typeof startCheckApi>>;
  const instances: Instance[] = [];
  const saved = process.env.OUTBOUND_ALLOW_HOSTS;

  beforeAll(async () => {
    [ts, check] = await Promise.all([startTokenServer(), startCheckApi()]);
    process.env.OUTBOUND_ALLOW_HOSTS = "127.0.0.1"; // for creating clients and secrets here
    resetEnvCache();
  });
  afterAll(async () => {
    await Promise.all(instances.map(stop));
    await Promise.all([ts.close(), check.close()]);
    if (saved === undefined) delete process.env.OUTBOUND_ALLOW_HOSTS;
    else process.env.OUTBOUND_ALLOW_HOSTS = saved;
    resetEnvCache();
  });

  /** Token calls that presented one of `refreshTokens`. */
  const callsFor = (refreshTokens: string[]) =>
    ts.requests.filter((r) => refreshTokens.includes(r.form.refresh_token)).map((r) => r.form.refresh_token);

  async function checkedSecrets(n: number) {
    const t = await newTenant();
    const made: { id: string; token: string }[] = [];
    for (let i = 0; i < n; i++) {
      const token = uniq("tok");
      const r = await api("POST", "/api/v1/secrets", {
        token: t.apiKey,
        body: {
          name: uniq("checked"),
          type: "BEARER",
          value: { token },
          componentId: "http-api",
          config: { baseUrl: check.url, testPath: "/me" },
        },
      });
      expect(r.status).toBe(201);
      made.push({ id: r.body.data.id, token });
    }
    return made;
  }
  const makeDue = async (ids: string[]) => {
    const db = await getDb();
    await db
      .update(secrets)
      .set({ nextVerifyAt: sql`now()` as never })
      .where(inArray(secrets.id, ids));
  };

  it("with BACKGROUND_JOBS=off an instance serves requests and runs no job", async () => {
    const off = await startInstance("off", { BACKGROUND_JOBS: "off" });
    instances.push(off);
    const s = await oauthSecret(ts, { expiresIn: 60 }); // due: within the 300 s buffer
    const [c] = await checkedSecrets(1);
    await makeDue([c.id]);
    await sleep(2500); // five intervals
    expect(callsFor([s.pair.refreshToken])).toEqual([]);
    expect(check.hits.get(c.token)).toBe(1); // only the check when it was stored
    const health = await fetch(`${off.url}/api/health`);
    expect(health.status).toBe(200);
    await stop(off);
  }, 30_000);

  it("over one cycle, each due credential is refreshed or verified exactly once, whichever instance claims it", async () => {
    instances.push(
      ...(await Promise.all([
        startInstance("a", { BACKGROUND_JOBS: "on" }),
        startInstance("b", { BACKGROUND_JOBS: "on" }),
      ])),
    );
    const oauth = [];
    for (let i = 0; i < 8; i++) oauth.push(await oauthSecret(ts, { expiresIn: 60 }));
    const checked = await checkedSecrets(8);
    await makeDue(checked.map((c) => c.id));
    const refreshTokens = oauth.map((s) => s.pair.refreshToken);

    await waitFor(
      () => callsFor(refreshTokens).length >= oauth.length && checked.every((c) => check.hits.get(c.token) === 2),
      20_000,
    );
    // Several more ticks of both instances: nothing is done twice.
    await sleep(3000);
    expect(callsFor(refreshTokens).sort()).toEqual([...refreshTokens].sort());
    expect(checked.map((c) => check.hits.get(c.token))).toEqual(Array(checked.length).fill(2));
    for (const s of oauth) {
      const r = await leaseColumns(s.id);
      expect(r).toMatchObject({ status: "active", leaseOwner: null });
      expect(r.expires!.getTime()).toBeGreaterThan(Date.now() + 3000_000);
    }
    const db = await getDb();
    const rows = await db
      .select({
        verifyClaimedBy: secrets.verifyClaimedBy,
        nextVerifyAt: secrets.nextVerifyAt,
        last: secrets.lastVerifiedAt,
      })
      .from(secrets)
      .where(
        inArray(
          secrets.id,
          checked.map((c) => c.id),
        ),
      );
    for (const r of rows) {
      expect(r.verifyClaimedBy).toBeNull();
      expect(r.nextVerifyAt!.getTime()).toBeGreaterThan(Date.now() + 20 * 3600_000);
    }
  }, 60_000);

  it("kill -9 of the instance in the middle of a refresh: another instance finishes it once the claim runs out", async () => {
    const s = await oauthSecret(ts, { expiresIn: 60 });
    let killed: number | undefined;
    let killedAt = 0;
    // The first token request hangs; the instance that sent it (the lease holder) is killed
    // while it waits. Later requests are answered normally.
    ts.set({
      mode: "hang",
      onRequest: async (req) => {
        if (killed !== undefined || req.form.refresh_token !== s.pair.refreshToken) return;
        const owner = (await leaseColumns(s.id)).leaseOwner!;
        killed = Number(owner.split(":")[0]);
        process.kill(killed, "SIGKILL");
        killedAt = Date.now();
        ts.set({ mode: "rotate", onRequest: undefined });
      },
    });
    await waitFor(() => killed !== undefined, 15_000);
    const victim = instances.find((i) => i.pid === killed);
    expect(victim).toBeDefined();
    await victim!.exited;
    await waitFor(() => callsFor([s.pair.refreshToken]).length === 2, REFRESH_CLAIM_SECONDS * 1000 + 10_000);
    // The survivor waited for the dead instance's claim to run out before trying again.
    const second = ts.requests.filter((r) => r.form.refresh_token === s.pair.refreshToken)[1];
    expect(second.at - killedAt).toBeGreaterThan((REFRESH_CLAIM_SECONDS - 2) * 1000);
    await waitFor(async () => (await leaseColumns(s.id)).expires!.getTime() > Date.now() + 3000_000, 5_000);
    const r = await leaseColumns(s.id);
    expect(r).toMatchObject({ status: "active", leaseOwner: null });
    // The one it stored is the rotated refresh token, live at the provider.
    const survivor = instances.find(
      (i) => i.pid !== killed && i.child.exitCode === null && i.child.signalCode === null,
    )!;
    const read = await fetch(`${survivor.url}/api/v1/secrets/${s.id}`, {
      headers: { authorization: `Bearer ${s.token}` },
    });
    const body = await read.json();
    expect(ts.isLive(body.data.value.refreshToken)).toBe(true);
    expect(callsFor([s.pair.refreshToken])).toHaveLength(2);
  }, 60_000);
});
