import "server-only";
import type { Logger } from "pino";
import type { Db } from "@/db/client";

/* Job kinds registered in this process; see lib/jobs/index.ts for how to write one. */

/** What `claim` gets: the database, this runner's owner id and how long a claim lasts. */
export type ClaimContext = {
  db: Db;
  /** This process's claim owner (host, pid and a random id): write it to `claimed_by`. */
  owner: string;
  claimSeconds: number;
  /** How many items to claim at most. */
  limit: number;
  /** Claim only this tenant's work (tests share one database; `runJobOnce(name, { tenantId })`). */
  onlyTenant?: string;
};

/** What `work` gets for one claimed item. */
export type JobContext = {
  db: Db;
  owner: string;
  claimSeconds: number;
  /** A child logger with `{ job: name }`; log ids and classes, never values. */
  log: Logger;
  /** Aborted when the process shuts down: stop early where you can. */
  signal: AbortSignal;
};

export type JobDefinition<T = unknown> = {
  /** Unique kind name, used in logs and by `wakeJob`. */
  name: string;
  /** Seconds between ticks in one process; default BACKGROUND_INTERVAL_SECONDS (read each tick). */
  everySeconds?: number | (() => number);
  /** How long a claimed item stays this instance's: longer than the work on one item can take. */
  claimSeconds: number | (() => number);
  /** Items claimed at once (default 25). A full batch is followed by another claim in the same tick. */
  batchSize?: number;
  /** Items of this kind worked on at once in this process (default 2). */
  concurrency?: number;
  /** Claims due items (step 1 above). Return an empty array when nothing is due. */
  claim(ctx: ClaimContext): Promise<T[]>;
  /** Does one claimed item (steps 2 and 3). */
  work(item: T, ctx: JobContext): Promise<void>;
  /** Log fields naming an item (ids only), for the failure log line. */
  describe?(item: T): Record<string, unknown>;
};

const g = globalThis as unknown as { __icJobs?: Map<string, JobDefinition<unknown>> };

/** The registered kinds of this process, by name. */
export function jobKinds(): Map<string, JobDefinition<unknown>> {
  g.__icJobs ??= new Map();
  return g.__icJobs;
}

/**
 * Registers a job kind with the runner. Call it at the top level of the kind's module and
 * import that module from lib/jobs/kinds.ts. Registering a name again replaces the kind
 * (dev hot reload re-runs modules).
 */
export function registerJob<T>(def: JobDefinition<T>): void {
  jobKinds().set(def.name, def as JobDefinition<unknown>);
}
