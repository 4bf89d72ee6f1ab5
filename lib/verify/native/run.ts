import "server-only";
import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import { z } from "zod";
import { logger } from "@/lib/log";
import { checkHost, connectHooks, type LookupAll, type PinnedHost } from "../address-policy";
import { classifyError, errorCode, resultFromError, type VerifyClass, type VerifyResult } from "../classify";
import { TimeoutError } from "../errors";
import { failClasses } from "../public";

/*
 * Native connector checks (docs/architecture.md › Native connectors): the address policy
 * runs here, for every host the credential names; the protocol's own client library runs
 * in a child process (child.mjs) that dials only the checked IPs, under one deadline that
 * SIGKILLs it. A worker thread would not do: terminate() waits for native code such as
 * postgres.js's pbkdf2Sync (a SCRAM iteration count the server chooses) to return.
 */

/** Every engine child.mjs knows; a new one is a module in engines/ and a line in both lists. */
export const NATIVE_ENGINES = [
  "postgres",
  "mysql",
  "aws",
  "azure-storage",
  "sftp",
  "ftp",
  "mssql",
  "redis",
  "amqp",
  "mongodb",
  "kafka",
] as const;
export type NativeEngine = (typeof NATIVE_ENGINES)[number];

/** One host:port the check will dial; the policy resolves and checks it before the child starts. */
export type NativeTarget = { host: string; port: number };

/** At most this many hosts per check (Kafka bootstrap servers, MongoDB seed lists). */
export const MAX_TARGETS = 10;
/** At most this many hosts a server may add by advertising them (`followAdvertised`). */
export const MAX_ADVERTISED = 32;

export type NativeCheck = {
  engine: NativeEngine;
  targets: readonly NativeTarget[];
  /** What the engine needs besides the pins: credentials and options. Sent over IPC only. */
  params: Record<string, unknown>;
  /** Whole-check deadline (DNS, connect, auth, command). Defaults to 5 s. */
  timeoutMs?: number;
  /** Server error codes that say something about the credential rather than the network. */
  codes?: Readonly<Record<string, VerifyClass>>;
  /**
   * When the engine reports hosts the server told it to dial (a Kafka cluster's advertised
   * brokers: the bootstrap address of a managed cluster is rarely a broker), put each
   * through the address policy and run the check once more with them pinned too. One
   * refused host refuses the check. Without it such hosts are refused as not pinned.
   */
  followAdvertised?: boolean;
  /**
   * How the policy resolves the targets' names (checkHost's `lookup`); the system resolver
   * without it. For tests that serve the addresses from a local DNS server.
   */
  lookup?: LookupAll;
};

/** What the check process answers (validated: it is the other side of a process boundary). */
const childAnswerSchema = z.strictObject({
  ok: z.boolean(),
  code: z.string().max(64).optional(),
  class: z.enum(failClasses).optional(),
  /** Hosts the server told the engine to dial that were not pinned (Kafka's advertised brokers). */
  more: z
    .array(z.strictObject({ host: z.string().min(1).max(253), port: z.number().int().min(1).max(65535) }))
    .max(MAX_ADVERTISED)
    .optional(),
});
type ChildAnswer = z.infer<typeof childAnswerSchema>;

// Next bundles lib/ code, so import.meta.url does not point at the source tree; both
// `next start` and Vitest run from the repository root.
const CHILD_SCRIPT = path.join("lib", "verify", "native", "child.mjs");

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
export const nativeCheckHooks = {
  live: (): number => live.size,
  lastPid: (): number | undefined => lastPid,
};

function spawnCheck(): ChildProcess {
  const env = Object.fromEntries(CHILD_ENV_KEYS.flatMap((k) => (process.env[k] ? [[k, process.env[k]]] : [])));
  // turbopackIgnore: the script runs as it is in its own process; the bundler must not resolve it.
  const child = fork(/* turbopackIgnore: true */ path.join(process.cwd(), CHILD_SCRIPT), [], {
    // Not the parent's flags (Vitest and Next add loaders); a small heap bounds each check.
    execArgv: ["--max-old-space-size=96"],
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
      if (!parsed.success) return fail("CHECK_PROTOCOL", "Malformed answer from the check process");
      settled = true;
      resolve(parsed.data);
    });
    child.once("error", (err) => fail(errorCode(err) ?? "CHECK_SPAWN", "Check process failed"));
    child.once("exit", (exitCode, signal) => {
      if (settled) return;
      // Our own SIGKILL at the deadline ends the race elsewhere; anything else is a crash.
      if (signal !== "SIGKILL") logger().warn({ exitCode, signal }, "check process exited without an answer");
      fail("CHECK_EXIT", "Check process exited");
    });
    child.send(request, (err) => {
      if (err) fail("CHECK_EXIT", "Check process is gone");
    });
  });
}

/**
 * Runs one native connector check. Every target goes through the address policy first,
 * one by one (a single refused host refuses the check: `blocked`), then the engine runs in
 * a child process that dials only the checked IPs, all under one deadline (with
 * `followAdvertised`, hosts the server advertised are checked the same way and the check
 * runs once more with them). Driver
 * messages never leave the child, so a password cannot leak through them; only a class
 * and a machine code come back. Never throws.
 */
export async function runNativeCheck(check: NativeCheck): Promise<VerifyResult> {
  const timeoutMs = check.timeoutMs ?? 5000;
  const started = performance.now();
  const durationMs = () => Math.round(performance.now() - started);
  const classify = (err: unknown): VerifyClass =>
    check.codes?.[(err as { code?: string } | null)?.code ?? ""] ?? classifyError(err);
  let timer: NodeJS.Timeout | undefined;
  let child: ChildProcess | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(timeoutMs)), timeoutMs);
  });
  expired.catch(() => {}); // only ever observed through the races below
  try {
    if (check.targets.length === 0 || check.targets.length > MAX_TARGETS) {
      throw Object.assign(new Error(`A check names 1 to ${MAX_TARGETS} hosts`), { code: "CHECK_TARGETS" });
    }
    const pins: PinnedHost[] = [];
    const lookup = check.lookup ? { lookup: check.lookup } : {};
    for (const t of check.targets) pins.push(await Promise.race([checkHost(t.host, t.port, lookup), expired]));
    let answer: ChildAnswer | undefined;
    // A second round only for hosts the first one reported and the policy then allowed.
    for (let round = 0; round < 2; round++) {
      connectHooks.count();
      child = spawnCheck();
      answer = await Promise.race([
        ask(child, {
          engine: check.engine,
          pins: pins.map((p) => ({ hostname: p.hostname, address: p.address, port: p.port })),
          params: check.params,
          timeoutMs: Math.max(1, timeoutMs - durationMs()),
        }),
        expired,
      ]);
      child.kill("SIGKILL");
      const key = (host: string, port: number) => `${host.toLowerCase()}:${port}`;
      const known = new Set(pins.map((p) => key(p.hostname, p.port)));
      const more = (answer.more ?? []).filter((h) => !known.has(key(h.host, h.port)));
      if (answer.ok || !check.followAdvertised || round > 0 || more.length === 0) break;
      const added = await Promise.race([Promise.all(more.map((h) => checkHost(h.host, h.port, lookup))), expired]);
      pins.push(...added);
    }
    if (answer!.ok) return { ok: true, class: "ok", durationMs: durationMs() };
    return resultFromError(answer, durationMs(), answer!.class ?? classify(answer));
  } catch (err) {
    return resultFromError(err, durationMs(), classify(err));
  } finally {
    clearTimeout(timer);
    if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
}
