import "server-only";
import { credentialDryRun, fillTemplate, type ComponentEntry, type DryRun } from "@/lib/components";
import { renderRequestAuth } from "@/lib/secrets/render";
import { resultFromError, resultFromStatus, type VerifyResult } from "./classify";
import { safeFetch } from "./http-client";
import { withDryRunSlot } from "./limits";
import { isNativeType, nativeDryRun } from "./native";

export type DryRunInput = {
  /** Whose dry run this is: the in-flight caps count per tenant. */
  tenantId: string;
  /** The credential's component; without one, a native type is proved by its own check (credentialDryRun). */
  entry?: ComponentEntry;
  type: string;
  value: Record<string, unknown>;
  config: Record<string, string>;
};

/** What a dry run found: the outcome, and the provider account when the entry says where it is. */
export type DryRunOutcome = { result: VerifyResult; accountId?: string };

/**
 * Proves a credential with its dry run (lib/components `credentialDryRun`): an HTTP request
 * with the credential applied (through the SSRF-safe client), or a native connector's own check
 * (a database `SELECT 1`, a Redis `PING`, …, in a child process: native/run.ts), which a native
 * credential without a component has too. Returns null when there is none. Never
 * returns a response body. Throws `429 rate_limited` when the tenant or the process
 * already has its maximum of dry runs in flight (limits.ts).
 */
export async function runDryRun(input: DryRunInput): Promise<VerifyResult | null> {
  return (await runDryRunWithAccount(input))?.result ?? null;
}

/**
 * `runDryRun`, plus the provider account the entry's `accountId` paths point at in a
 * successful answer (the OAuth callback's `externalId`). Only that value leaves: a string or
 * a number, joined with ":" for several paths, at most 200 characters and without control
 * characters; anything else (a missing path, an object, a body that is not JSON) gives none.
 * The body itself is never returned or logged.
 */
export async function runDryRunWithAccount(input: DryRunInput): Promise<DryRunOutcome | null> {
  const dry = credentialDryRun(input.entry, input.type);
  if (!dry) return null;
  return withDryRunSlot(input.tenantId, () => dryRun(input, dry));
}

async function dryRun(input: DryRunInput, dry: DryRun): Promise<DryRunOutcome> {
  if (dry.kind === "native") {
    // The catalogue checks that a native dry run belongs to an entry of native types only
    // (and credentialDryRun gives one without an entry to a native type only).
    if (!isNativeType(input.type)) return { result: { ok: false, class: "server_error", durationMs: 0 } };
    return { result: await nativeDryRun(input.type, input.value, input.config) };
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
    const result = resultFromStatus(res.status, res.durationMs, dry.successStatuses);
    const accountId = result.ok && dry.accountId ? accountFromBody(res.body, dry.accountId) : undefined;
    return accountId ? { result, accountId } : { result };
  } catch (err) {
    return { result: resultFromError(err, Math.round(performance.now() - started)) };
  }
}

const MAX_ACCOUNT_ID = 200;

/** The value at `path` in `json`, walking own properties only (never the prototype chain). */
function at(json: unknown, path: string): unknown {
  let node = json;
  for (const key of path.split(".")) {
    if (node === null || typeof node !== "object" || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** The account id at `paths` in a dry run's JSON body (see runDryRunWithAccount), or undefined. */
export function accountFromBody(body: Buffer, paths: string | readonly string[]): string | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body.toString("utf8"));
  } catch {
    return undefined;
  }
  const parts: string[] = [];
  for (const path of typeof paths === "string" ? [paths] : paths) {
    const value = at(json, path);
    if (typeof value === "number" && Number.isFinite(value)) parts.push(String(value));
    else if (typeof value === "string" && value !== "" && !/[\u0000-\u001f\u007f]/.test(value)) parts.push(value);
    else return undefined;
  }
  const id = parts.join(":");
  return id.length > 0 && id.length <= MAX_ACCOUNT_ID ? id : undefined;
}
