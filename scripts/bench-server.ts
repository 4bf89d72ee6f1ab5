/**
 * What the bench and the profiler share: seeding a tenant in-process, starting and stopping
 * `next start` (a production build) as its own process group, and reading the server's memory
 * from /proc. Not a test helper: nothing here runs in CI.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";

/** Human-facing CLI output (the service itself logs through pino). */
export const say = (...lines: string[]) => process.stdout.write(lines.join(" ") + "\n");

export type DbEnv = Record<string, string | undefined>;

/** Sets (or, for undefined, removes) environment variables in this process and re-reads them. */
export async function applyEnv(env: DbEnv) {
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  const { resetEnvCache } = await import("@/lib/env");
  resetEnvCache();
}

export type Seeded = { secretId: string; token: string; apiKey: string; tenantId: string; endUserId: string };

/**
 * A tenant with an API key, an end user, a user token (1 h) and one SIMPLE secret, written
 * in this process; the database is closed again so `next start` can open it (PGlite allows
 * only one process).
 */
export async function seed(env: DbEnv): Promise<Seeded> {
  await applyEnv(env);
  const { getDb, closeDb } = await import("@/db/client");
  const { createTenant } = await import("@/lib/tenants/create");
  const { createSecret } = await import("@/lib/secrets/store");
  const { ensureEndUser } = await import("@/lib/secrets/end-users");
  const { signUserToken } = await import("@/lib/auth/user-tokens");
  const { createApiKey } = await import("@/lib/auth/api-keys");
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
  const { key } = await createApiKey(db, { tenantId: tenant.id, name: "bench" });
  await closeDb();
  return { secretId: secret.id, token, apiKey: key, tenantId: tenant.id, endUserId: user.id };
}

const withoutUndefined = (e: Record<string, string | undefined>) =>
  Object.fromEntries(Object.entries(e).filter(([, v]) => v !== undefined)) as Record<string, string>;

/** When the last server was spawned (performance.now()): a CPU profile's samples start about then. */
export let startedAt = 0;

/**
 * Starts `next start` on `port` in its own process group and waits for /api/health.
 * `nodeArgs` go to node itself (the profiler passes `--cpu-prof`, which NODE_OPTIONS refuses).
 */
export async function startServer(env: DbEnv, port: number, nodeArgs: string[] = []): Promise<ChildProcess> {
  startedAt = performance.now();
  // The heap limit npm start gives the server (lib/node-options.ts), so the bench measures that.
  await applyEnv(env);
  const [{ env: config }, { serverNodeOptions }] = await Promise.all([
    import("@/lib/env"),
    import("@/lib/node-options"),
  ]);
  const nodeOptions = serverNodeOptions(process.env.NODE_OPTIONS, config().SERVER_HEAP_MB);
  const args = [...nodeArgs, "node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"];
  const child = spawn(process.execPath, args, {
    env: {
      ...withoutUndefined({ ...process.env, ...env }),
      NODE_ENV: "production",
      NEXT_MANUAL_SIG_HANDLE: "true",
      LOG_LEVEL: "warn",
      ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}),
    },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return child;
    } catch {}
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("server did not start");
}

/** SIGTERM to the server's group (it closes the database and exits: a CPU profile gets written). */
export async function stopServer(server: ChildProcess) {
  if (server.exitCode !== null) return;
  const exited = new Promise((r) => server.once("exit", r));
  process.kill(-server.pid!, "SIGTERM");
  await exited;
}

/** A /proc/<pid>/status field in MB (VmRSS now, VmHWM the peak so far), or NaN if unreadable. */
export function procMb(pid: number, field: "VmRSS" | "VmHWM"): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** Samples the server's RSS every 250 ms until stopped; returns the peak seen and VmHWM. */
export function sampleRss(pid: number) {
  let max = 0;
  const timer = setInterval(() => {
    const mb = procMb(pid, "VmRSS");
    if (mb > max) max = mb;
  }, 250);
  return {
    stop: () => {
      clearInterval(timer);
      return { maxRssMb: Math.max(max, procMb(pid, "VmRSS") || 0), hwmMb: procMb(pid, "VmHWM") };
    },
  };
}
