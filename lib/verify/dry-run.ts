import "server-only";
import { fillTemplate, type ComponentEntry } from "@/lib/components";
import { renderRequestAuth } from "@/lib/secrets/render";
import { resultFromError, resultFromStatus, type VerifyResult } from "./classify";
import { checkMysql, checkPostgres, type DatabaseCheckOptions } from "./database";
import { safeFetch } from "./http-client";
import { withDryRunSlot } from "./limits";

export type DryRunInput = {
  /** Whose dry run this is: the in-flight caps count per tenant. */
  tenantId: string;
  entry: ComponentEntry;
  type: string;
  value: Record<string, unknown>;
  config: Record<string, string>;
};

/**
 * Proves a credential with the component's dry run: an HTTP request with the
 * credential applied (through the SSRF-safe client), or a database `SELECT 1` (in a
 * child process, see database.ts). Returns null when the component has none. Never
 * returns a response body. Throws `429 rate_limited` when the tenant or the process
 * already has its maximum of dry runs in flight (limits.ts).
 */
export async function runDryRun(input: DryRunInput): Promise<VerifyResult | null> {
  if (!input.entry.dryRun) return null;
  return withDryRunSlot(input.tenantId, () => dryRun(input));
}

async function dryRun(input: DryRunInput): Promise<VerifyResult> {
  const dry = input.entry.dryRun!;
  if (dry.kind === "database") {
    // Only the connection fields: the deadline is ours, never the value's.
    const { host, port, database, username, password, sslMode } = input.value as unknown as DatabaseCheckOptions;
    const opts: DatabaseCheckOptions = { host, port, database, username, password, sslMode };
    return dry.engine === "postgres" ? checkPostgres(opts) : checkMysql(opts);
  }
  const started = performance.now();
  try {
    const auth = renderRequestAuth(input);
    const url = new URL(fillTemplate(dry.url, input.config));
    for (const [k, v] of Object.entries(auth.query)) url.searchParams.set(k, v);
    const headers: Record<string, string> = { ...dry.headers, ...auth.headers };
    const cookies = Object.entries(auth.cookies).map(([k, v]) => `${k}=${v}`);
    if (cookies.length) headers.cookie = cookies.join("; ");
    const res = await safeFetch(url.toString(), { method: dry.method, headers, body: dry.body });
    return resultFromStatus(res.status, res.durationMs, dry.successStatuses);
  } catch (err) {
    return resultFromError(err, Math.round(performance.now() - started));
  }
}
