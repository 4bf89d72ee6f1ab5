/**
 * Measures the hot read path against the framework floor in the same run.
 * For each database: seed a tenant, an end user and a SIMPLE secret; start `next start`;
 * run autocannon (32 connections) on /api/health and on GET /api/v1/secrets/{id} with a
 * user token; print req/s, p50, p99 and the ratios. Targets: throughput ≥ 0.85× health,
 * p99 ≤ 1.3× health.
 *
 * Then a refresh storm on PostgreSQL: two `next start` instances on one database, a token
 * endpoint on 127.0.0.1 with a fixed latency, and 200 concurrent reads of one expired OAuth2
 * secret split over both. Prints the token calls (must be 1) and the wall time against the
 * provider's latency (goal: within latency + 150 ms).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import autocannon from "autocannon";
import { startTokenServer, type TokenServer } from "../tests/fakes/token-server";

/** Human-facing CLI output (the service itself logs through pino). */
const say = (...lines: string[]) => process.stdout.write(lines.join(" ") + "\n");

const PORT = 3900;
const BASE = `http://127.0.0.1:${PORT}`;
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const STORM_READS = 200;
const STORM_LATENCY_MS = 200;
const STORM_ROUNDS = Number(process.env.BENCH_STORM_ROUNDS ?? 5);

type Db = { label: string; env: Record<string, string | undefined> };

async function applyEnv(env: Db["env"]) {
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  const { resetEnvCache } = await import("@/lib/env");
  resetEnvCache();
}

async function seed(env: Db["env"]) {
  await applyEnv(env);
  const { getDb, closeDb } = await import("@/db/client");
  const { createTenant } = await import("@/lib/tenants/create");
  const { createSecret } = await import("@/lib/secrets/store");
  const { ensureEndUser } = await import("@/lib/secrets/end-users");
  const { signUserToken } = await import("@/lib/auth/user-tokens");
  const { resetDataKeyCache } = await import("@/lib/crypto/data-keys");
  const { resetMasterKeyring } = await import("@/lib/crypto/master");
  resetDataKeyCache();
  resetMasterKeyring();
  const db = await getDb();
  const { tenant } = await createTenant(db, {
    name: "Bench",
    adminEmail: `bench-${randomBytes(4).toString("hex")}@example.test`,
    adminPassword: "bench password 123",
  });
  const user = await ensureEndUser(db, { tenantId: tenant.id, username: "bench-user" });
  const secret = await createSecret(db, {
    scope: { tenantId: tenant.id, endUserId: user.id },
    input: { name: "bench", type: "SIMPLE", value: { username: "u", passphrase: "p" } },
    audit: {},
  });
  const { token } = await signUserToken({ endUserId: user.id, tenantId: tenant.id, username: user.username }, 3600);
  await closeDb();
  return { secretId: secret.id, token, tenantId: tenant.id, endUserId: user.id };
}

const withoutUndefined = (e: Record<string, string | undefined>) =>
  Object.fromEntries(Object.entries(e).filter(([, v]) => v !== undefined)) as Record<string, string>;

async function startServer(env: Db["env"], port = PORT): Promise<ChildProcess> {
  const child = spawn("node_modules/.bin/next", ["start", "-p", String(port), "-H", "127.0.0.1"], {
    env: {
      ...withoutUndefined({ ...process.env, ...env }),
      NODE_ENV: "production",
      NEXT_MANUAL_SIG_HANDLE: "true",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return child;
    } catch {}
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("server did not start");
}

async function run(url: string, headers: Record<string, string> = {}, duration = DURATION) {
  const r = await autocannon({ url, connections: 32, duration, headers });
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99 };
}

async function bench(db: Db) {
  const { secretId, token } = await seed(db.env);
  const server = await startServer(db.env);
  try {
    const auth = { authorization: `Bearer ${token}` };
    await run(`${BASE}/api/health`, {}, 3); // warm-up: JIT and connection pools
    await run(`${BASE}/api/v1/secrets/${secretId}`, auth, 3);
    const health = await run(`${BASE}/api/health`);
    const read = await run(`${BASE}/api/v1/secrets/${secretId}`, auth);
    const fmt = (x: { rps: number; p50: number; p99: number }) =>
      `${x.rps.toFixed(0).padStart(6)} req/s  p50 ${String(x.p50).padStart(4)} ms  p99 ${String(x.p99).padStart(4)} ms`;
    say(`\n${db.label}`);
    say(`  GET /api/health          ${fmt(health)}`);
    say(`  GET /api/v1/secrets/{id} ${fmt(read)}`);
    say(
      `  throughput ratio ${(read.rps / health.rps).toFixed(2)} (target ≥ 0.85)   p99 ratio ${(read.p99 / Math.max(1, health.p99)).toFixed(2)} (target ≤ 1.3)`,
    );
  } finally {
    await stopServer(server);
  }
}

async function stopServer(server: ChildProcess) {
  if (server.exitCode !== null) return;
  process.kill(-server.pid!, "SIGTERM");
  await new Promise((r) => server.once("exit", r));
}

/** An end user's OAuth2 secret whose token expired a minute ago, linked to a client at `ts`. */
async function seedExpiredOAuth(ts: TokenServer, tenantId: string, endUserId: string) {
  const { getDb } = await import("@/db/client");
  const { secrets, authClients } = await import("@/db/schema");
  const { createAuthClient } = await import("@/lib/oauth/clients");
  const { createSecret } = await import("@/lib/secrets/store");
  const { eq } = await import("drizzle-orm");
  const db = await getDb();
  let [client] = await db.select().from(authClients).where(eq(authClients.tenantId, tenantId));
  client ??= await createAuthClient(db, {
    tenantId,
    input: {
      name: "Storm",
      type: "OA2_AUTHORIZATION_CODE",
      clientId: ts.clientId,
      clientSecret: ts.clientSecret,
      endpoints: { auth: `${ts.url}/authorize`, token: ts.tokenUrl },
    },
    audit: {},
  });
  const pair = ts.issue();
  const secret = await createSecret(db, {
    scope: { tenantId, endUserId },
    input: {
      name: `storm-${randomBytes(3).toString("hex")}`,
      type: "OA2_AUTHORIZATION_CODE",
      value: { authClientId: client.id, ...pair, scope: "read", expires: new Date(Date.now() - 60_000).toISOString() },
    },
    audit: {},
  });
  await db.update(secrets).set({ authClientId: client.id }).where(eq(secrets.id, secret.id));
  return { id: secret.id, accessToken: pair.accessToken };
}

/**
 * 200 concurrent reads of an expired secret, split over two instances on one PostgreSQL,
 * `STORM_ROUNDS` times with a fresh secret each. All must answer 200 with one new token.
 */
async function refreshStorm(db: Db) {
  const ts = await startTokenServer({ latencyMs: STORM_LATENCY_MS });
  const env = { ...db.env, OUTBOUND_ALLOW_HOSTS: "127.0.0.1" };
  const { token, tenantId, endUserId } = await seed(env);
  await applyEnv(env); // seed closed the database; the secrets below reopen it
  const ports = [PORT, PORT + 1];
  const servers = await Promise.all(ports.map((p) => startServer(env, p)));
  try {
    const auth = { authorization: `Bearer ${token}` };
    const warm = await seedExpiredOAuth(ts, tenantId, endUserId);
    for (const p of ports) {
      await run(`http://127.0.0.1:${p}/api/health`, {}, 2);
      await fetch(`http://127.0.0.1:${p}/api/v1/secrets/${warm.id}`, { headers: auth });
    }
    const burst = async (id: string) => {
      const started = performance.now();
      epoch = Date.now();
      const answers = await Promise.all(
        Array.from({ length: STORM_READS }, async (_, i) => {
          const res = await fetch(`http://127.0.0.1:${ports[i % 2]}/api/v1/secrets/${id}`, { headers: auth });
          return { status: res.status, body: (await res.json()) as { data?: { value?: { accessToken?: string } } } };
        }),
      );
      return { wall: performance.now() - started, answers };
    };
    let epoch = 0;
    const rounds: { wall: number; calls: number; fresh: number; callAt: number }[] = [];
    for (let round = 0; round < STORM_ROUNDS; round++) {
      const s = await seedExpiredOAuth(ts, tenantId, endUserId);
      ts.reset();
      ts.set({ latencyMs: STORM_LATENCY_MS });
      const { wall, answers } = await burst(s.id);
      const bad = answers.filter((a) => a.status !== 200).length;
      const tokens = new Set(answers.map((a) => a.body.data?.value?.accessToken));
      if (bad > 0 || tokens.size !== 1 || tokens.has(s.accessToken)) {
        throw new Error(`refresh storm: ${bad} non-200 answers, ${tokens.size} distinct tokens`);
      }
      const calls = ts.calls();
      const callAt = ts.requests[0].at - epoch;
      // The same burst on the now-fresh secret: what 200 reads cost with nothing to refresh.
      rounds.push({ wall, calls, callAt, fresh: (await burst(s.id)).wall });
    }
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
    const walls = rounds.map((r) => r.wall).sort((x, y) => x - y);
    const storm = median(walls);
    const fresh = median(rounds.map((r) => r.fresh));
    const calls = rounds.map((r) => r.calls);
    say(
      `\nRefresh storm (PostgreSQL, 2 instances, ${STORM_READS} concurrent reads of an expired secret, ${STORM_ROUNDS} rounds)`,
    );
    say(`  token calls per round   ${calls.join(" ")} (must be 1)`);
    say(
      `  wall time               median ${storm.toFixed(0)} ms, best ${walls[0].toFixed(0)} ms, worst ${walls[walls.length - 1].toFixed(0)} ms`,
    );
    say(
      `  token call sent after   median ${median(rounds.map((r) => r.callAt)).toFixed(0)} ms (the first read's own work, queued behind the burst's)`,
    );
    say(`  same burst, no refresh  median ${fresh.toFixed(0)} ms`);
    say(
      `  provider latency        ${STORM_LATENCY_MS} ms   storm − latency ${(storm - STORM_LATENCY_MS).toFixed(0)} ms (goal ≤ 150)   storm − latency − no-refresh burst ${(storm - STORM_LATENCY_MS - fresh).toFixed(0)} ms`,
    );
    if (calls.some((c) => c !== 1)) throw new Error("refresh storm: more than one token call in a round");
  } finally {
    await Promise.all(servers.map(stopServer));
    const { closeDb } = await import("@/db/client");
    await closeDb();
    await ts.close();
  }
}

async function main() {
  const work = process.env.BENCH_WORK!;
  const common = {
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    DATA_DIR: path.join(work, "data"),
  };
  // BENCH_ONLY=storm runs the refresh storm alone.
  if (process.env.BENCH_ONLY !== "storm") {
    await bench({
      label: "PGlite (embedded)",
      env: { ...common, DATABASE_URL: undefined, PGLITE_DIR: path.join(work, "pglite") },
    });
    await bench({ label: "PostgreSQL", env: { ...common, DATABASE_URL: process.env.BENCH_PG_URL } });
  }
  await refreshStorm({ label: "PostgreSQL", env: { ...common, DATABASE_URL: process.env.BENCH_PG_URL } });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
