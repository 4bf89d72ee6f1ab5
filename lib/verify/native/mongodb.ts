import "server-only";
import { Resolver } from "node:dns/promises";
import { mongoConnection, type MongodbValue } from "@/lib/secrets/types/mongodb";
import type { LookupAll } from "../address-policy";
import { resultFromError, type VerifyResult } from "../classify";
import { TimeoutError } from "../errors";
import { MAX_TARGETS, runNativeCheck, type NativeTarget } from "./run";

/** TXT options a mongodb+srv:// record may set (the driver spec allows these, nothing else). */
const TXT_OPTIONS = new Set(["authSource", "replicaSet", "loadBalanced"]);

/** Connection-string options the check passes on; the rest (timeouts, pools, proxies) are ours or ignored. */
const URI_OPTIONS = ["authSource", "authMechanism", "replicaSet"] as const;

/**
 * The seed list of a `mongodb+srv://` name, from its SRV record. Every target must sit under
 * the SRV name's parent domain (the driver spec's rule; for a name of fewer than three labels,
 * under the name itself), or the record could point the check anywhere.
 */
export function srvSeeds(srvHost: string, records: { name: string; port: number }[]): NativeTarget[] | string {
  const host = srvHost.toLowerCase().replace(/\.$/, "");
  const labels = host.split(".");
  const parent = labels.length >= 3 ? labels.slice(1).join(".") : host;
  if (records.length === 0) return "SRV_EMPTY";
  if (records.length > MAX_TARGETS) return "SRV_TOO_MANY";
  const seeds: NativeTarget[] = [];
  for (const r of records) {
    const name = r.name.toLowerCase().replace(/\.$/, "");
    if (name === parent || !name.endsWith(`.${parent}`)) return "SRV_DOMAIN_MISMATCH";
    seeds.push({ host: name, port: r.port });
  }
  return seeds;
}

/** `authSource=admin&replicaSet=rs0` from a TXT record, refusing any option the spec does not allow. */
export function txtOptions(records: string[][]): Record<string, string> | string {
  if (records.length > 1) return "TXT_MULTIPLE";
  const options: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(records[0]?.join("") ?? "")) {
    if (!TXT_OPTIONS.has(k)) return "TXT_OPTION";
    options[k] = v;
  }
  return options;
}

/**
 * checkHost's `lookup` through the given DNS servers (A and AAAA), so a test's local DNS
 * server answers for the SRV targets' addresses too. Both questions failing is the A error.
 */
function lookupVia(servers: string[], timeoutMs: number): LookupAll {
  return async (host) => {
    const resolver = new Resolver({ timeout: Math.min(2000, timeoutMs), tries: 1 });
    resolver.setServers(servers);
    const [v4, v6] = await Promise.allSettled([resolver.resolve4(host), resolver.resolve6(host)]);
    if (v4.status === "rejected" && v6.status === "rejected") throw v4.reason;
    return [
      ...(v4.status === "fulfilled" ? v4.value.map((address) => ({ address, family: 4 })) : []),
      ...(v6.status === "fulfilled" ? v6.value.map((address) => ({ address, family: 6 })) : []),
    ];
  };
}

const fail = (code: string, cls: VerifyResult["class"], started: number): VerifyResult =>
  resultFromError({ code }, Math.round(performance.now() - started), cls);

/**
 * MongoDB: `ping` on the admin database. A `mongodb+srv://` name is resolved here (SRV and
 * TXT, under the check's deadline); its targets must sit under the name's domain, and each
 * one, like every host of a seed list, then goes through the address policy in
 * runNativeCheck, so one refused seed refuses the check. The driver runs confined to those
 * pins (engines/mongodb.mjs). `dnsServers` is for tests (a local DNS server): it answers the
 * SRV and TXT questions and the targets' addresses, which the policy checks. Never throws.
 */
export async function checkMongodb(
  value: MongodbValue,
  opts: { timeoutMs?: number; dnsServers?: string[] } = {},
): Promise<VerifyResult> {
  const timeoutMs = opts.timeoutMs ?? 5000;
  const started = performance.now();
  const c = mongoConnection(value);
  let targets: NativeTarget[] = c.hosts;
  const options: Record<string, string> = {};
  if (c.srv) {
    const resolver = new Resolver({ timeout: Math.min(2000, timeoutMs), tries: 1 });
    if (opts.dnsServers) resolver.setServers(opts.dnsServers);
    const srvName = `_mongodb._tcp.${c.hosts[0].host}`;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new TimeoutError(timeoutMs)), timeoutMs);
    });
    try {
      const [srv, txt] = await Promise.race([
        Promise.all([resolver.resolveSrv(srvName), resolver.resolveTxt(c.hosts[0].host).catch(() => [])]),
        deadline,
      ]);
      const seeds = srvSeeds(c.hosts[0].host, srv);
      if (typeof seeds === "string") return fail(seeds, "blocked", started);
      const fromTxt = txtOptions(txt);
      if (typeof fromTxt === "string") return fail(fromTxt, "blocked", started);
      targets = seeds;
      Object.assign(options, fromTxt);
    } catch (err) {
      return resultFromError(err, Math.round(performance.now() - started));
    } finally {
      resolver.cancel();
      clearTimeout(timer);
    }
  }
  // The connection string's own options win over the TXT record's, as in the driver.
  for (const k of URI_OPTIONS) if (c.options[k] !== undefined) options[k] = c.options[k];
  if (options.loadBalanced === "true") return fail("LOAD_BALANCED", "server_error", started);
  return runNativeCheck({
    engine: "mongodb",
    targets,
    params: {
      username: c.username,
      password: c.password,
      authSource: options.authSource ?? (c.username !== undefined ? (c.database ?? "admin") : undefined),
      authMechanism: options.authMechanism,
      replicaSet: options.replicaSet,
      tls: c.tls,
    },
    timeoutMs: Math.max(1, timeoutMs - Math.round(performance.now() - started)),
    ...(opts.dnsServers && { lookup: lookupVia(opts.dnsServers, timeoutMs) }),
  });
}
