import "server-only";
import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import { z } from "zod";
import { logger } from "@/lib/log";
import { checkHost, connectHooks, type PinnedHost } from "./address-policy";
import { classifyError, errorCode, resultFromError, type VerifyClass, type VerifyResult } from "./classify";
import { TimeoutError } from "./errors";

/** libpq's sslmode names; MySQL gets the closest equivalent. */
export type SslMode = "disable" | "prefer" | "require" | "verify-ca" | "verify-full";

/** The connection fields of a POSTGRES / MYSQL credential. */
export interface DatabaseCheckOptions {
  host: string;
  port?: number;
  database: string;
  username: string;
  password: string;
  sslMode?: SslMode;
  /** Whole-check deadline (DNS, connect, auth, query). Defaults to 5 s. */
  timeoutMs?: number;
}

// Server error codes that say something about the credential rather than the network.
// MySQL answers ER_DBACCESS_DENIED_ERROR, not ER_BAD_DB_ERROR, for a missing database
// when the user has no global privileges, so the two cannot be told apart: both not_found.
const DB_CODES: Record<string, VerifyClass> = {
  "28P01": "auth_failed", // invalid_password
  "28000": "auth_failed", // invalid_authorization_specification (pg_hba reject)
  "3D000": "not_found", // invalid_catalog_name
  "42501": "forbidden", // no CONNECT privilege
  ER_ACCESS_DENIED_ERROR: "auth_failed",
  ER_BAD_DB_ERROR: "not_found",
  ER_DBACCESS_DENIED_ERROR: "not_found",
  ER_HOST_NOT_PRIVILEGED: "forbidden",
};

const classifyDb = (err: unknown): VerifyClass =>
  DB_CODES[(err as { code?: string } | null)?.code ?? ""] ?? classifyError(err);

/** What the check process answers (validated: it is the other side of a process boundary). */
const childAnswerSchema = z.strictObject({ ok: z.boolean(), code: z.string().max(64).optional() });
type ChildAnswer = z.infer<typeof childAnswerSchema>;

// Next bundles lib/ code, so import.meta.url does not point at the source tree; both
// `next start` and Vitest run from the repository root.
const CHILD_SCRIPT = path.join("lib", "verify", "db-check-child.mjs");

// The check process gets no configuration: it must not hold the master key, the database
// URL or the auth secret while it talks to a stranger's server. Only what TLS needs passes.
const CHILD_ENV_KEYS = ["PATH", "NODE_EXTRA_CA_CERTS", "SSL_CERT_FILE", "SSL_CERT_DIR"];

// On globalThis: dev hot reload re-evaluates this module, and the exit hook below must be
// registered once and see every check process.
const g = globalThis as unknown as { __icDbChecks?: Set<ChildProcess> };
const live = g.__icDbChecks ?? new Set<ChildProcess>();
if (!g.__icDbChecks) {
  g.__icDbChecks = live;
  // A check process must not outlive the service (its IPC "disconnect" handler cannot run
  // while it is stuck in native code).
  process.once("exit", () => live.forEach((c) => c.kill("SIGKILL")));
}
let lastPid: number | undefined;

/** Test hooks: the check processes still running, and the pid of the last one started. */
export const dbCheckHooks = {
  live: (): number => live.size,
  lastPid: (): number | undefined => lastPid,
};

/** The check script, found from the working directory at run time (repo root under `next start` and Vitest). */
function childScriptPath(): string {
  return path.join(process.cwd(), CHILD_SCRIPT);
}

function spawnCheck(): ChildProcess {
  const env = Object.fromEntries(CHILD_ENV_KEYS.flatMap((k) => (process.env[k] ? [[k, process.env[k]]] : [])));
  // turbopackIgnore: the script runs as it is in its own process; the bundler must not resolve it.
  const child = fork(/* turbopackIgnore: true */ childScriptPath(), [], {
    // Not the parent's flags (Vitest and Next add loaders); a small heap bounds each check.
    execArgv: ["--max-old-space-size=64"],
    env: env as NodeJS.ProcessEnv,
    // The drivers' output could echo connection details: none of it is kept.
    stdio: ["ignore", "ignore", "ignore", "ipc"],
    serialization: "json",
  });
  live.add(child);
  lastPid = child.pid;
  child.once("exit", () => live.delete(child));
  child.once("error", () => live.delete(child));
  return child;
}

/** Sends the request and waits for the one answer; a process that dies first is a failure. */
function ask(child: ChildProcess, request: object): Promise<ChildAnswer> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (code: string, message: string) => {
      if (settled) return;
      settled = true;
      reject(Object.assign(new Error(message), { code }));
    };
    child.once("message", (msg) => {
      const parsed = childAnswerSchema.safeParse(msg);
      if (!parsed.success) return fail("CHECK_PROTOCOL", "Malformed answer from the database check process");
      settled = true;
      resolve(parsed.data);
    });
    child.once("error", (err) => fail(errorCode(err) ?? "CHECK_SPAWN", "Database check process failed"));
    child.once("exit", (exitCode, signal) => {
      if (settled) return;
      // Our own SIGKILL at the deadline ends the race elsewhere; anything else is a crash.
      if (signal !== "SIGKILL") logger().warn({ exitCode, signal }, "database check process exited without an answer");
      fail("CHECK_EXIT", "Database check process exited");
    });
    child.send(request, (err) => {
      if (err) fail("CHECK_EXIT", "Database check process is gone");
    });
  });
}

/**
 * Checks the host against the address policy here, then runs the driver in a child
 * process that dials only the pinned IP, all under one deadline. At the deadline the
 * child is SIGKILLed: a worker thread would not do, because terminate() waits for native
 * code such as postgres.js's pbkdf2Sync (a SCRAM iteration count the server chooses) to
 * return, minutes later. Driver messages never leave the child, so the password cannot
 * leak through them; only a class and a machine code come back.
 */
async function runCheck(
  engine: "postgres" | "mysql",
  opts: DatabaseCheckOptions,
  defaultPort: number,
): Promise<VerifyResult> {
  const timeoutMs = opts.timeoutMs ?? 5000;
  const started = performance.now();
  const durationMs = () => Math.round(performance.now() - started);
  let timer: NodeJS.Timeout | undefined;
  let child: ChildProcess | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(timeoutMs)), timeoutMs);
  });
  expired.catch(() => {}); // only ever observed through the races below
  try {
    const pin: PinnedHost = await Promise.race([checkHost(opts.host, opts.port ?? defaultPort), expired]);
    connectHooks.count();
    child = spawnCheck();
    const answer = await Promise.race([
      ask(child, {
        engine,
        pin: { hostname: pin.hostname, address: pin.address, port: pin.port },
        database: opts.database,
        username: opts.username,
        password: opts.password,
        sslMode: opts.sslMode ?? "prefer",
        timeoutMs: Math.max(1, timeoutMs - durationMs()),
      }),
      expired,
    ]);
    if (answer.ok) return { ok: true, class: "ok", durationMs: durationMs() };
    return resultFromError(answer, durationMs(), classifyDb(answer));
  } catch (err) {
    return resultFromError(err, durationMs(), classifyDb(err));
  } finally {
    clearTimeout(timer);
    if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
}

/** Connects to PostgreSQL through the address policy and runs `SELECT 1`, in a child process. Never throws. */
export async function checkPostgres(opts: DatabaseCheckOptions): Promise<VerifyResult> {
  return runCheck("postgres", opts, 5432);
}

/**
 * Connects to MySQL/MariaDB through the address policy and runs `SELECT 1`, in a child
 * process. Never throws. mysql2 has no "prefer": it tries TLS and falls back to plain only
 * when the server has no TLS at all.
 */
export async function checkMysql(opts: DatabaseCheckOptions): Promise<VerifyResult> {
  return runCheck("mysql", opts, 3306);
}
