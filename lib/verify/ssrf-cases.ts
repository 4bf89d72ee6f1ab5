import "server-only";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { networkInterfaces } from "node:os";
import { pathToFileURL } from "node:url";
import { resetEnvCache } from "../env";
import { classifyError } from "./classify";
import { connectHooks, safeFetch } from "./http-client";
import { nativeDryRun } from "./native";
import { nativeCheckHooks } from "./native/run";
import type { NativeType } from "@/lib/secrets/types";
import { mongodbSchema } from "@/lib/secrets/types/mongodb";
import { startFakeDns } from "@/tests/fakes/fake-dns";
import { startFakeMongod } from "@/tests/fakes/fake-mongod";
import { checkMongodb } from "./native/mongodb";

/**
 * SSRF table for ssrf.test.ts. Run by that test inside `unshare -n` (loopback only), so
 * even a policy bug cannot send a packet anywhere else. Each URL must be refused with a
 * reason containing `reason`, before any socket is dialled, with an empty allow-list.
 */
export const SSRF_CASES: { url: string; reason: string }[] = [
  ...["127.0.0.1", "127.1", "2130706433", "0x7f.1", "0177.0.0.1", "017700000001", "127.0.0.1."].map((h) => ({
    url: `http://${h}/`,
    reason: "127.0.0.1 is a blocked address (loopback)",
  })),
  { url: "http://localhost/", reason: "localhost resolves to a blocked address (loopback)" },
  { url: "http://LOCALHOST./admin", reason: "localhost resolves to a blocked address (loopback)" },
  { url: "https://127.0.0.1:8443/", reason: "(loopback)" },
  { url: "http://127.0.0.1:6379/", reason: "(loopback)" },
  { url: "http://10.0.0.1/", reason: "(private)" },
  { url: "http://172.16.0.1/", reason: "(private)" },
  { url: "http://192.168.1.1/", reason: "(private)" },
  { url: "http://169.254.169.254/latest/meta-data/", reason: "(link-local)" },
  { url: "http://[::1]/", reason: "(loopback)" },
  { url: "http://[::ffff:127.0.0.1]/", reason: "(IPv4-mapped loopback)" },
  { url: "http://[::ffff:7f00:1]/", reason: "(IPv4-mapped loopback)" },
  { url: "http://[64:ff9b::a9fe:a9fe]/", reason: "(NAT64 link-local)" },
  { url: "http://[2002:7f00:1::]/", reason: "(6to4 loopback)" },
  { url: "http://100.64.0.1/", reason: "(CGNAT)" },
  { url: "http://0.0.0.0/", reason: "(unspecified)" },
  { url: "http://[::]/", reason: "(unspecified)" },
  { url: "http://[fd00::1]/", reason: "(unique-local)" },
  { url: "http://[fe80::1]/", reason: "(link-local)" },
  { url: "http://224.0.0.1/", reason: "(multicast)" },
  { url: "http://255.255.255.255/", reason: "(broadcast)" },
  { url: "http://192.0.2.1/", reason: "(documentation)" },
  { url: "http://user:pw@example.com/", reason: "credentials in the URL" },
  { url: "file:///etc/passwd", reason: "scheme file:" },
  { url: "gopher://127.0.0.1:6379/_INFO", reason: "scheme gopher:" },
  { url: "ftp://127.0.0.1/", reason: "scheme ftp:" },
  { url: "data:text/plain,hello", reason: "scheme data:" },
];

/**
 * The host of a case's URL exactly as written (no WHATWG normalisation: `127.1` stays
 * `127.1`, `[::ffff:7f00:1]` becomes `::ffff:7f00:1`), for an http(s) URL without userinfo
 * refused for its address (a reason in parentheses); undefined for the other cases.
 */
function blockedHostOf(c: { url: string; reason: string }): string | undefined {
  if (!/\(.+\)$/.test(c.reason)) return undefined;
  const m = /^https?:\/\/(\[[^\]]+\]|[^:/@[\]]+)(?::\d+)?\//i.exec(c.url);
  return m?.[1].replace(/^\[(.*)\]$/, "$1");
}

/*
 * Native connector checks (lib/verify/native): every type's value pointed at each of these
 * hosts must be refused as `blocked` before any socket opens or check process starts, with
 * an empty allow-list. The hosts are every address spelling the HTTP table above refuses
 * (derived from SSRF_CASES, so a spelling added there is tried on every native type too).
 * One line per type below; ssrf.test.ts checks that every native type has one.
 */
export const NATIVE_SSRF_HOSTS: readonly string[] = [
  ...new Set(SSRF_CASES.map(blockedHostOf).filter((h): h is string => h !== undefined)),
];

/** A URL authority for a host (IPv6 in brackets). */
const authority = (host: string) => (host.includes(":") ? `[${host}]` : host);

/** Each native type's value (and config) aimed at `host`. */
export const NATIVE_SSRF_VALUES: Partial<
  Record<NativeType, (host: string) => { value: Record<string, unknown>; config?: Record<string, string> }>
> = {
  POSTGRES: (host) => ({ value: { host, port: 5432, database: "d", username: "u", password: "p" } }),
  MYSQL: (host) => ({ value: { host, port: 3306, database: "d", username: "u", password: "p" } }),
  MSSQL: (host) => ({ value: { host, port: 1433, database: "d", username: "u", password: "p", sslMode: "prefer" } }),
  REDIS: (host) => ({ value: { host, port: 6379, password: "p", tls: "disable" } }),
  AMQP: (host) => ({ value: { host, port: 5672, vhost: "/", username: "u", password: "p", tls: "disable" } }),
  AWS: (host) => ({
    value: { accessKeyId: "AKIAEXAMPLE", secretAccessKey: "s", region: "us-east-1" },
    config: { endpoint: `http://${authority(host)}:9000`, bucket: "b" },
  }),
  AZURE_STORAGE: (host) => ({
    value: { accountName: "acct", accountKey: "a2V5", container: "files" },
    config: { endpoint: `https://${authority(host)}/acct` },
  }),
  SFTP: (host) => ({ value: { host, port: 22, username: "u", password: "p" } }),
  FTP: (host) => ({ value: { host, port: 21, username: "u", password: "p", tls: "explicit" } }),
  // Seed lists: a public first host passes, the second is refused, so every host is checked.
  MONGODB: (host) => ({ value: { connectionString: `mongodb://u:p@8.8.8.8:27017,${authority(host)}:27017/` } }),
  KAFKA: (host) => ({
    value: { bootstrapServers: `8.8.8.8:9092,${authority(host)}:9092`, username: "u", password: "p" },
  }),
};

/** One native attempt: the class, how many sockets were dialled, whether a check process started. */
export interface NativeCaseOutcome {
  type: string;
  host: string;
  outcome: string;
  /** The result's machine code: `blocked` when the address policy refused a host. */
  code?: string;
  connects: number;
  spawned: boolean;
}

async function attemptNative(type: string, host: string, allow: string): Promise<NativeCaseOutcome> {
  process.env.OUTBOUND_ALLOW_HOSTS = allow;
  resetEnvCache();
  connectHooks.reset();
  const before = nativeCheckHooks.lastPid();
  const { value, config } = NATIVE_SSRF_VALUES[type as NativeType]!(host);
  const result = await nativeDryRun(type as NativeType, value, config);
  return {
    type,
    host,
    outcome: result.class,
    code: result.ok ? undefined : result.code,
    connects: connectHooks.attempts(),
    spawned: nativeCheckHooks.lastPid() !== before,
  };
}

/** One SRV target: its A and AAAA records; `fake` points it at the loopback fake mongod's port. */
type SrvTarget = { a?: string[]; aaaa?: string[]; fake?: true };

/*
 * mongodb+srv:// names whose SRV targets resolve, through a loopback DNS server (the same
 * one that answers SRV and TXT), to the addresses below. Run with 127.0.0.1 allow-listed, so
 * the fake mongod is reachable and only the other addresses are refused: one refused target
 * refuses the check, before any check process starts or socket opens.
 */
export const MONGODB_SRV_CASES: { label: string; targets: SrvTarget[]; expect: "blocked" | "ok" }[] = [
  { label: "a target at a private address", targets: [{ a: ["10.0.0.7"] }], expect: "blocked" },
  { label: "a target at the metadata address", targets: [{ a: ["169.254.169.254"] }], expect: "blocked" },
  {
    label: "an allowed loopback target, then a private one",
    targets: [{ a: ["127.0.0.1"], fake: true }, { a: ["10.0.0.7"] }],
    expect: "blocked",
  },
  {
    label: "a private target, then an allowed loopback one",
    targets: [{ a: ["10.0.0.7"] }, { a: ["127.0.0.1"], fake: true }],
    expect: "blocked",
  },
  {
    label: "a target with an allowed A record and a unique-local AAAA record",
    targets: [{ a: ["127.0.0.1"], aaaa: ["fd00::1"], fake: true }],
    expect: "blocked",
  },
  // Control: the names do resolve through the loopback DNS server, and the check then passes.
  { label: "only the allowed loopback target", targets: [{ a: ["127.0.0.1"], fake: true }], expect: "ok" },
];

/** One mongodb+srv:// attempt: the class and code, sockets dialled, check process, fake mongod connections. */
export interface SrvCaseOutcome {
  label: string;
  outcome: string;
  code?: string;
  connects: number;
  spawned: boolean;
  accepted: number;
  questions: string[];
}

async function attemptSrv(c: (typeof MONGODB_SRV_CASES)[number]): Promise<SrvCaseOutcome> {
  const host = "cluster0.ab1cd.test.example";
  const mongod = await startFakeMongod();
  const names = c.targets.map((_, i) => `s${i}.ab1cd.test.example`);
  const dns = await startFakeDns({
    srv: {
      [`_mongodb._tcp.${host}`]: c.targets.map((t, i) => ({ name: names[i], port: t.fake ? mongod.port : 27017 })),
    },
    a: Object.fromEntries(c.targets.flatMap((t, i) => (t.a ? [[names[i], t.a]] : []))),
    aaaa: Object.fromEntries(c.targets.flatMap((t, i) => (t.aaaa ? [[names[i], t.aaaa]] : []))),
  });
  process.env.OUTBOUND_ALLOW_HOSTS = "127.0.0.1";
  resetEnvCache();
  connectHooks.reset();
  const before = nativeCheckHooks.lastPid();
  try {
    const value = mongodbSchema.parse({ connectionString: `mongodb+srv://${host}/?tls=false` });
    const result = await checkMongodb(value, { dnsServers: [dns.server], timeoutMs: 3000 });
    return {
      label: c.label,
      outcome: result.class,
      code: result.ok ? undefined : result.code,
      connects: connectHooks.attempts(),
      spawned: nativeCheckHooks.lastPid() !== before,
      accepted: mongod.accepted(),
      questions: dns.questions(),
    };
  } finally {
    await dns.close();
    await mongod.close();
  }
}

/** One attempt: what came back, and how many sockets were dialled for it. */
export interface CaseOutcome {
  url: string;
  outcome: string;
  message?: string;
  status?: number;
  location?: string;
  connects: number;
}

async function attempt(url: string, allow: string): Promise<CaseOutcome> {
  process.env.OUTBOUND_ALLOW_HOSTS = allow;
  resetEnvCache();
  connectHooks.reset();
  try {
    const res = await safeFetch(url, {}, { timeoutMs: 3000 });
    const location = res.headers.location as string | undefined;
    return { url, outcome: "response", status: res.status, location, connects: connectHooks.attempts() };
  } catch (err) {
    return { url, outcome: classifyError(err), message: (err as Error).message, connects: connectHooks.attempts() };
  }
}

async function main(): Promise<void> {
  const hits: Record<string, number> = {};
  const server = createServer((req, res) => {
    hits[req.url ?? ""] = (hits[req.url ?? ""] ?? 0) + 1;
    // The redirect target is itself allowed, so only "never follows" can keep its count at 0.
    if (req.url === "/redirect") res.writeHead(302, { location: `http://127.0.0.1:${port}/internal` });
    res.end("ok");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;

  const cases = [];
  for (const c of SSRF_CASES) cases.push(await attempt(c.url, ""));
  // Controls: the counter does count, and a loopback allow-list opens nothing else.
  const control = await attempt(`http://127.0.0.1:${port}/ok`, "127.0.0.1");
  const redirect = await attempt(`http://127.0.0.1:${port}/redirect`, "127.0.0.1");
  const metadata = await attempt("http://169.254.169.254/latest/meta-data/", "127.0.0.1,localhost");
  const native = [];
  for (const type of Object.keys(NATIVE_SSRF_VALUES)) {
    for (const host of NATIVE_SSRF_HOSTS) native.push(await attemptNative(type, host, ""));
  }
  // Control: an allowed host is dialled (the counter counts native checks too).
  const nativeControl = await attemptNative("AWS", "127.0.0.1", "127.0.0.1");
  const srv = [];
  for (const c of MONGODB_SRV_CASES) srv.push(await attemptSrv(c));
  server.close();
  const interfaces = Object.keys(networkInterfaces());
  process.stdout.write(
    JSON.stringify({ interfaces, cases, control, redirect, metadata, hits, port, native, nativeControl, srv }) + "\n",
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
