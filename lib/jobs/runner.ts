import "server-only";
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { getDb } from "@/db/client";
import { env } from "@/lib/env";
import { errorForLog, logger } from "@/lib/log";
import { jobKinds, type JobDefinition } from "./registry";

/*
 * The loop behind lib/jobs (docs/architecture.md › Background work). Each kind ticks on its
 * own timer: claim a batch, work on it a few items at a time, claim again while batches come
 * back full, then sleep for its interval (±10 %, so instances started together drift apart).
 * Nothing here is shared between instances; the claims in the database are.
 */

type State = {
  started: boolean;
  stopping: boolean;
  abort: AbortController;
  timers: Map<string, NodeJS.Timeout>;
  running: Map<string, Promise<number>>;
  /** A wake that came while the kind was running: tick again right after. */
  rerun: Set<string>;
  processId: string;
};

const g = globalThis as unknown as { __icRunner?: State };

function state(): State {
  g.__icRunner ??= {
    started: false,
    stopping: false,
    abort: new AbortController(),
    timers: new Map(),
    running: new Map(),
    rerun: new Set(),
    processId: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
  };
  return g.__icRunner;
}

/** A claim owner unique to one claim call of this process (host, pid, random ids). */
export function runnerOwner(): string {
  return `${state().processId}:${randomUUID().slice(0, 8)}`;
}

const valueOf = (v: number | (() => number)) => (typeof v === "function" ? v() : v);
/** A tick never drains more than this many batches, so one kind cannot starve the others. */
const MAX_BATCHES_PER_TICK = 20;

/**
 * Runs one tick of `kind`: claims and works until a batch comes back short. Returns how many
 * items were worked on. Never throws: a failing claim or item is logged and left to its
 * claim's expiry.
 */
async function tick(kind: JobDefinition<unknown>, onlyTenant?: string): Promise<number> {
  const s = state();
  const log = logger().child({ job: kind.name });
  const batchSize = kind.batchSize ?? 25;
  const concurrency = Math.max(1, kind.concurrency ?? 2);
  let done = 0;
  try {
    const db = await getDb();
    for (let batch = 0; batch < MAX_BATCHES_PER_TICK && !s.abort.signal.aborted; batch++) {
      const claimSeconds = valueOf(kind.claimSeconds);
      const owner = runnerOwner();
      const items = await kind.claim({ db, owner, claimSeconds, limit: batchSize, onlyTenant });
      if (items.length === 0) break;
      const ctx = { db, owner, claimSeconds, log, signal: s.abort.signal };
      let next = 0;
      const worker = async () => {
        while (next < items.length) {
          const item = items[next++];
          try {
            await kind.work(item, ctx);
            done++;
          } catch (err) {
            log.error({ err: errorForLog(err), ...kind.describe?.(item) }, "background job item failed");
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
      if (items.length < batchSize) break;
    }
  } catch (err) {
    log.error({ err: errorForLog(err) }, "background job tick failed");
  }
  return done;
}

/** Runs `kind` now unless it is already running (then once more right after). */
function runKind(kind: JobDefinition<unknown>, onlyTenant?: string): Promise<number> {
  const s = state();
  const current = s.running.get(kind.name);
  if (current) {
    s.rerun.add(kind.name);
    return current;
  }
  const p = tick(kind, onlyTenant).finally(() => {
    s.running.delete(kind.name);
    if (s.rerun.delete(kind.name) && s.started && !s.stopping) void runKind(kind);
  });
  s.running.set(kind.name, p);
  return p;
}

function schedule(kind: JobDefinition<unknown>, delayMs: number) {
  const s = state();
  if (!s.started || s.stopping) return;
  clearTimeout(s.timers.get(kind.name));
  const timer = setTimeout(async () => {
    await runKind(kind);
    const every = valueOf(kind.everySeconds ?? (() => env().BACKGROUND_INTERVAL_SECONDS)) * 1000;
    schedule(kind, every * (0.9 + Math.random() * 0.2));
  }, delayMs);
  // The runner never keeps a process alive on its own (CLI runs, tests).
  timer.unref();
  s.timers.set(kind.name, timer);
}

/**
 * Starts the runner in this process, once (later calls do nothing). Loads the job kinds
 * (lib/jobs/kinds.ts) and gives each its first tick after a short random delay, so a fleet
 * restarted at once does not claim in lockstep. With BACKGROUND_JOBS=off it only logs that.
 */
export async function startRunner(): Promise<void> {
  const s = state();
  if (s.started) return;
  if (env().BACKGROUND_JOBS === "off") {
    logger().info("background jobs are off (BACKGROUND_JOBS=off)");
    return;
  }
  s.started = true;
  s.stopping = false;
  s.abort = new AbortController();
  await import("./kinds");
  const base = Math.min(env().BACKGROUND_INTERVAL_SECONDS, 5) * 1000;
  for (const kind of jobKinds().values()) schedule(kind, Math.random() * base);
  logger().info({ kinds: [...jobKinds().keys()] }, "background jobs started");
}

/**
 * Stops the runner: no new ticks, running ones are told to stop (AbortSignal) and awaited
 * for at most `waitMs`. Work cut short keeps its claim, which runs out for another instance.
 */
export async function stopRunner(waitMs = 5_000): Promise<void> {
  const s = state();
  if (!s.started) return;
  s.stopping = true;
  s.started = false;
  for (const t of s.timers.values()) clearTimeout(t);
  s.timers.clear();
  s.abort.abort();
  const running = Promise.allSettled([...s.running.values()]);
  await Promise.race([running, new Promise((r) => setTimeout(r, waitMs).unref())]);
}

/**
 * Asks for `name`'s next tick now, in this process (for example right after a webhook event
 * was committed, so its first delivery goes out within seconds). Other instances see the work
 * at their own next tick. Does nothing when the runner is not running.
 */
export function wakeJob(name: string): void {
  const s = state();
  const kind = jobKinds().get(name);
  if (!kind || !s.started || s.stopping) return;
  schedule(kind, 0);
}

/**
 * Runs one tick of `name` to completion in this process, whether or not the runner is
 * started, and returns how many items it worked on; `tenantId` limits it to one tenant's
 * work. For tests and the CLI.
 */
export async function runJobOnce(name: string, opts: { tenantId?: string } = {}): Promise<number> {
  await import("./kinds");
  const kind = jobKinds().get(name);
  if (!kind) throw new Error(`Unknown job kind "${name}"`);
  const s = state();
  if (s.abort.signal.aborted && !s.started) s.abort = new AbortController();
  // Wait out a tick already running (the runner's own), then run this one to its end.
  while (s.running.has(kind.name)) await s.running.get(kind.name);
  return runKind(kind, opts.tenantId);
}
