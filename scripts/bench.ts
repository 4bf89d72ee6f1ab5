/**
 * Measures the hot read path against the framework floor in the same run.
 * For each database: seed a tenant, an end user and a SIMPLE secret; start `next start`;
 * run autocannon (32 connections) on /api/health and on GET /api/v1/secrets/{id} with a
 * user token; print req/s, p50, p99 and the ratios. Targets: throughput ≥ 0.85× health,
 * p99 ≤ 1.3× health.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import autocannon from "autocannon";

/** Human-facing CLI output (the service itself logs through pino). */
const say = (...lines: string[]) => process.stdout.write(lines.join(" ") + "\n");

const PORT = 3900;
const BASE = `http://127.0.0.1:${PORT}`;
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);

type Db = { label: string; env: Record<string, string | undefined> };

async function seed(env: Db["env"]) {
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  const { resetEnvCache } = await import("@/lib/env");
  resetEnvCache();
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
  const { tenant } = await createTenant(db, { name: "Bench", adminEmail: `bench-${randomBytes(4).toString("hex")}@example.test`, adminPassword: "bench password 123" });
  const user = await ensureEndUser(db, { tenantId: tenant.id, username: "bench-user" });
  const secret = await createSecret(db, {
    scope: { tenantId: tenant.id, endUserId: user.id },
    input: { name: "bench", type: "SIMPLE", value: { username: "u", passphrase: "p" } },
    audit: {},
  });
  const { token } = await signUserToken({ endUserId: user.id, tenantId: tenant.id, username: user.username }, 3600);
  await closeDb();
  return { secretId: secret.id, token };
}

const withoutUndefined = (e: Record<string, string | undefined>) =>
  Object.fromEntries(Object.entries(e).filter(([, v]) => v !== undefined)) as Record<string, string>;

async function startServer(env: Db["env"]): Promise<ChildProcess> {
  const child = spawn("node_modules/.bin/next", ["start", "-p", String(PORT), "-H", "127.0.0.1"], {
    env: { ...withoutUndefined({ ...process.env, ...env }), NODE_ENV: "production", NEXT_MANUAL_SIG_HANDLE: "true", LOG_LEVEL: "warn" },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${BASE}/api/health`)).ok) return child;
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
    const fmt = (x: { rps: number; p50: number; p99: number }) => `${x.rps.toFixed(0).padStart(6)} req/s  p50 ${String(x.p50).padStart(4)} ms  p99 ${String(x.p99).padStart(4)} ms`;
    say(`\n${db.label}`);
    say(`  GET /api/health          ${fmt(health)}`);
    say(`  GET /api/v1/secrets/{id} ${fmt(read)}`);
    say(`  throughput ratio ${(read.rps / health.rps).toFixed(2)} (target ≥ 0.85)   p99 ratio ${(read.p99 / Math.max(1, health.p99)).toFixed(2)} (target ≤ 1.3)`);
  } finally {
    process.kill(-server.pid!, "SIGTERM");
    await new Promise((r) => server.once("exit", r));
  }
}

async function main() {
  const work = process.env.BENCH_WORK!;
  const common = {
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    DATA_DIR: path.join(work, "data"),
  };
  await bench({ label: "PGlite (embedded)", env: { ...common, DATABASE_URL: undefined, PGLITE_DIR: path.join(work, "pglite") } });
  await bench({ label: "PostgreSQL", env: { ...common, DATABASE_URL: process.env.BENCH_PG_URL } });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
