import "server-only";
import { ApiError } from "@/lib/api/errors";
import { env } from "@/lib/env";

/*
 * Caps on dry runs in flight. These protect this process's own resources (sockets,
 * check processes, CPU), so an in-process counter is the right tool here, unlike the
 * login rate limits, which must hold across instances and live in the database. Each
 * instance caps itself; N instances allow N times as much in total, which is what their
 * N times the resources can carry.
 */

const perTenant = new Map<string, number>();
let total = 0;

/** A dry run takes at most about the outbound timeout (10 s); by then a slot is free. */
const RETRY_AFTER_SECONDS = 5;

/** Test hook: dry runs currently in flight (in total, or for one tenant). */
export const dryRunSlots = {
  inFlight: (tenantId?: string): number => (tenantId ? (perTenant.get(tenantId) ?? 0) : total),
};

/**
 * Takes a slot for one dry run of `tenantId`, or throws `429 rate_limited` with
 * `Retry-After` when the tenant (DRY_RUNS_PER_TENANT) or the process (DRY_RUNS_TOTAL)
 * already has its maximum in flight. Call the returned function exactly once when the
 * dry run has ended, however it ended.
 */
export function acquireDryRunSlot(tenantId: string): () => void {
  const { DRY_RUNS_PER_TENANT, DRY_RUNS_TOTAL } = env();
  const mine = perTenant.get(tenantId) ?? 0;
  if (mine >= DRY_RUNS_PER_TENANT || total >= DRY_RUNS_TOTAL) {
    const which = mine >= DRY_RUNS_PER_TENANT ? "for this tenant" : "on this server";
    throw new ApiError("rate_limited", `Too many credential checks are running ${which}; try again shortly`, {
      headers: { "Retry-After": String(RETRY_AFTER_SECONDS) },
    });
  }
  perTenant.set(tenantId, mine + 1);
  total++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    total--;
    const left = (perTenant.get(tenantId) ?? 1) - 1;
    if (left > 0) perTenant.set(tenantId, left);
    else perTenant.delete(tenantId);
  };
}

/** Runs `work` holding a dry-run slot of `tenantId` (see acquireDryRunSlot). */
export async function withDryRunSlot<T>(tenantId: string, work: () => Promise<T>): Promise<T> {
  const release = acquireDryRunSlot(tenantId);
  try {
    return await work();
  } finally {
    release();
  }
}
