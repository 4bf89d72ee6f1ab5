/**
 * `npm run bench`: the issue-14 table in one run, as ratios against GET /api/health measured in
 * the same run, on PGlite and on PostgreSQL (production build, autocannon):
 *
 * - the read path: GET /api/v1/secrets/{id} (user token, SIMPLE) at 32 connections against health
 *   (targets: throughput ≥ 0.85×, p99 ≤ 1.3×); on PGlite that run lasts BENCH_RSS_SECONDS (60) and
 *   doubles as the memory run;
 * - memory: the server's peak RSS (sampled from /proc, and VmHWM) during the 32-connection run and
 *   under 500 connections (goal < 300 MB at 32);
 * - overload: the read at 128 (4×) and 500 connections: 2xx throughput against the 32-connection
 *   figure, 503s (shed) and requests that took over 2 s (goal: none);
 * - writes: creates and patches per second at 100 connections (each create with an
 *   Idempotency-Key; timed-out creates are retried with their key afterwards and must not
 *   store twice);
 * - the list rows (scripts/bench-lists.ts, where present);
 * - then a refresh storm on PostgreSQL: two `next start` instances on one database, a token
 *   endpoint on 127.0.0.1 with a fixed latency, and 200 concurrent reads of one expired OAuth2
 *   secret split over both. Prints the token calls (must be 1) and the wall time against the
 *   provider's latency (goal: within latency + 150 ms).
 */
import { randomBytes, randomUUID } from "node:crypto";
import path from "node:path";
import autocannon from "autocannon";
import { startTokenServer, type TokenServer } from "../tests/fakes/token-server";
import { benchLists } from "./bench-lists";
import { applyEnv, sampleRss, say, seed, startServer as start, stopServer, type Seeded } from "./bench-server";

const PORT = 3900;
const BASE = `http://127.0.0.1:${PORT}`;
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const RSS_SECONDS = Number(process.env.BENCH_RSS_SECONDS ?? 60);
const OVERLOAD_SECONDS = Number(process.env.BENCH_OVERLOAD_SECONDS ?? 15);
const WRITE_SECONDS = Number(process.env.BENCH_WRITE_SECONDS ?? 15);
const STORM_READS = 200;
const STORM_LATENCY_MS = 200;
const STORM_ROUNDS = Number(process.env.BENCH_STORM_ROUNDS ?? 5);
const SLOW_MS = 2_000;
/** At most this many unanswered creates are retried (sequentially) after the create run. */
const MAX_RETRIED = 300;

type Db = { label: string; env: Record<string, string | undefined> };

const startServer = (env: Db["env"], port = PORT) => start(env, port);

type Run = {
  rps: number;
  ok: number;
  okRps: number;
  p50: number;
  p99: number;
  max: number;
  shed: number;
  slow: number;
  /** Of `slow`, answers to a connection's first request (which waits for the server to accept it). */
  slowFirst: number;
  timeouts: number;
  other: number;
};

/**
 * One autocannon run, counting per answer: 2xx, 503 (shed), anything else, answers slower than
 * 2 s (and which of those were a connection's first request), and client time-outs (10 s,
 * autocannon's default; a time-out makes autocannon open a new connection).
 */
async function load(opts: autocannon.Options): Promise<Run & { result: autocannon.Result }> {
  let ok = 0;
  let shed = 0;
  let slow = 0;
  let slowFirst = 0;
  let other = 0;
  // Clients whose next answer is the first on a new connection: all at the start, and again
  // after a time-out or a connection error (autocannon reconnects).
  const fresh = new WeakSet<object>();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const inst = autocannon(
      {
        ...opts,
        setupClient: (client) => {
          fresh.add(client);
          // Not in autocannon's typings, but emitted by its client (lib/httpClient.js).
          const events = client as unknown as { on(event: string, fn: () => void): void };
          for (const e of ["timeout", "connError"]) events.on(e, () => fresh.add(client));
          opts.setupClient?.(client);
        },
      },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
    inst.on("response", (client, status, _bytes, ms) => {
      if (status >= 200 && status < 300) ok++;
      else if (status === 503) shed++;
      else other++;
      if (ms > SLOW_MS) {
        slow++;
        if (fresh.has(client)) slowFirst++;
      }
      fresh.delete(client);
    });
  });
  const seconds = result.duration || Number(opts.duration);
  return {
    result,
    rps: result.requests.average,
    ok,
    okRps: ok / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    shed,
    slow,
    slowFirst,
    timeouts: result.timeouts,
    other,
  };
}

async function run(url: string, headers: Record<string, string> = {}, duration = DURATION, connections = 32) {
  const r = await load({ url, connections, duration, headers });
  if (r.other > 0 || r.result.errors > 0)
    throw new Error(`${url}: ${r.other} unexpected answers, ${r.result.errors} errors`);
  return r;
}

const fmt = (x: { rps: number; p50: number; p99: number }) =>
  `${x.rps.toFixed(0).padStart(6)} req/s  p50 ${String(x.p50).padStart(4)} ms  p99 ${String(x.p99).padStart(4)} ms`;

/**
 * Creates at 100 connections, each with its own name and Idempotency-Key; ids are kept for the
 * patches. They go to their own end user, so the seeded user's list stays one item (bench-lists.ts).
 */
async function creates(s: Seeded) {
  const bodies = new Map<string, string>();
  const ids: string[] = [];
  const answered = new Set<string>();
  const r = await load({
    url: `${BASE}/api/v1/secrets?username=bench-writer`,
    connections: 100,
    duration: WRITE_SECONDS,
    method: "POST",
    headers: { authorization: `Bearer ${s.apiKey}`, "content-type": "application/json" },
    requests: [
      {
        setupRequest: (req) => {
          const key = randomUUID();
          const body = JSON.stringify({
            name: `c-${key}`,
            type: "SIMPLE",
            value: { username: "u", passphrase: randomBytes(8).toString("hex") },
            verify: false,
          });
          bodies.set(key, body);
          return { ...req, headers: { ...req.headers, "idempotency-key": key }, body };
        },
        onResponse: (status, body) => {
          if (status !== 201) return;
          const { data } = JSON.parse(body) as { data: { id: string; name: string } };
          ids.push(data.id);
          answered.add(data.name);
        },
      },
    ],
  });
  return { r, bodies, ids, answered };
}

/**
 * Every create the client gave up on (time-out or 503) is sent again with its key, as a client
 * that retries would: each must end with exactly one stored secret of its name.
 */
async function retryUnanswered(s: Seeded, bodies: Map<string, string>, answered: Set<string>) {
  let tried = 0;
  let replayed = 0;
  let stored = 0;
  let duplicates = 0;
  const auth = { authorization: `Bearer ${s.apiKey}` };
  for (const [key, body] of bodies) {
    const name = (JSON.parse(body) as { name: string }).name;
    if (answered.has(name)) continue;
    if (++tried > MAX_RETRIED) break;
    for (let attempt = 0; attempt < 5; attempt++) {
      const res = await fetch(`${BASE}/api/v1/secrets?username=bench-writer`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json", "idempotency-key": key },
        body,
      });
      await res.arrayBuffer();
      if (res.status === 201) {
        if (res.headers.get("idempotent-replayed")) replayed++;
        else stored++;
        break;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    const list = await fetch(
      `${BASE}/api/v1/secrets?username=bench-writer&name=${encodeURIComponent(name)}&page[size]=5`,
      { headers: auth },
    );
    const { data } = (await list.json()) as { data?: unknown[] };
    if ((data?.length ?? 0) > 1) duplicates++;
  }
  return { tried: Math.min(tried, MAX_RETRIED), replayed, stored, duplicates };
}

/** Patches (a new value, so a re-encrypt) of random secrets from `ids` at 100 connections. */
async function patches(s: Seeded, ids: string[]) {
  return load({
    url: `${BASE}/api/v1/secrets/${ids[0]}`,
    connections: 100,
    duration: WRITE_SECONDS,
    method: "PATCH",
    headers: { authorization: `Bearer ${s.apiKey}`, "content-type": "application/json" },
    requests: [
      {
        setupRequest: (req) => ({
          ...req,
          path: `/api/v1/secrets/${ids[Math.floor(Math.random() * ids.length)]}`,
          body: JSON.stringify({ value: { username: "u", passphrase: randomBytes(8).toString("hex") } }),
        }),
      },
    ],
  });
}

async function bench(db: Db) {
  const s = await seed(db.env);
  const server = await startServer(db.env);
  const pid = server.pid!;
  const pglite = !db.env.DATABASE_URL;
  try {
    const auth = { authorization: `Bearer ${s.token}` };
    const readUrl = `${BASE}/api/v1/secrets/${s.secretId}`;
    await run(`${BASE}/api/health`, {}, 3); // warm-up: JIT and connection pools
    await run(readUrl, auth, 3);
    const health = await run(`${BASE}/api/health`);
    const rss32 = sampleRss(pid);
    const read = await run(readUrl, auth, pglite ? RSS_SECONDS : DURATION);
    const mem32 = rss32.stop();
    say(`\n${db.label}`);
    say(`  GET /api/health          ${fmt(health)}`);
    say(`  GET /api/v1/secrets/{id} ${fmt(read)}   (${pglite ? RSS_SECONDS : DURATION} s)`);
    say(
      `  read: throughput ratio ${(read.rps / health.rps).toFixed(2)} (target ≥ 0.85)   p99 ratio ${(read.p99 / Math.max(1, health.p99)).toFixed(2)} (target ≤ 1.3)`,
    );
    say(`  memory at 32 connections: peak RSS ${mem32.maxRssMb.toFixed(0)} MB (goal < 300)`);
    for (const connections of [128, 500]) {
      const rss = sampleRss(pid);
      const o = await load({ url: readUrl, connections, duration: OVERLOAD_SECONDS, headers: auth });
      const mem = rss.stop();
      say(
        `  read at ${String(connections).padStart(3)} connections: 2xx ${o.okRps.toFixed(0)} req/s (${(o.okRps / read.rps).toFixed(2)} of 32's), ${o.shed} shed (503), ${o.slow} over 2 s (goal 0; ${o.slowFirst} of them a new connection's first request, ${o.slow - o.slowFirst} on connections already open), ${o.timeouts} time-outs, p99 ${o.p99} ms, max ${o.max} ms, peak RSS ${mem.maxRssMb.toFixed(0)} MB`,
      );
    }
    const c = await creates(s);
    say(
      `  creates at 100 connections: ${c.r.okRps.toFixed(1)}/s, p50 ${c.r.p50} ms, p99 ${c.r.p99} ms, ${c.r.shed} shed, ${c.r.slow} over 2 s (${c.r.slowFirst} of them a new connection's first request), ${c.r.timeouts} time-outs`,
    );
    if (c.bodies.size > c.answered.size) {
      const retry = await retryUnanswered(s, c.bodies, c.answered);
      say(
        `    ${retry.tried} creates without a 201 (shed, timed out, or cut off by the end of the run) retried with their Idempotency-Key: ${retry.replayed} replayed, ${retry.stored} stored on retry, ${retry.duplicates} duplicates (must be 0)`,
      );
    }
    if (c.ids.length === 0) throw new Error("no create succeeded");
    const p = await patches(s, c.ids);
    say(
      `  patches at 100 connections: ${p.okRps.toFixed(1)}/s, p50 ${p.p50} ms, p99 ${p.p99} ms, ${p.shed} shed, ${p.slow} over 2 s (${p.slowFirst} of them a new connection's first request), ${p.timeouts} time-outs`,
    );
    // The list rows last: their 1M-row fill (PostgreSQL) must not change the figures above.
    await benchLists({ env: db.env, base: BASE, seeded: s, health });
    say(`  server peak RSS over the whole run (VmHWM) ${sampleRss(pid).stop().hwmMb.toFixed(0)} MB`);
  } finally {
    await stopServer(server);
  }
}

/** An end user's OAuth2 secret whose token expired a minute ago, linked to a client at `ts`. */
async function seedExpiredOAuth(ts: TokenServer, tenantId: string, endUserId: string) {
  const { getDb } = await import("@/db/client");
  const { secrets, authClients } = await import("@/db/schema");
  const { createAuthClient } = await import("@/lib/oauth/clients");
  const { createSecret } = await import("@/lib/secrets/store");
  const { eq } = await import("drizzle-orm");
  const db = await getDb();
  let [client] = await db.select().from(authClients).where(eq(authClients.tenantId, tenantId));
  client ??= await createAuthClient(db, {
    tenantId,
    input: {
      name: "Storm",
      type: "OA2_AUTHORIZATION_CODE",
      clientId: ts.clientId,
      clientSecret: ts.clientSecret,
      endpoints: { auth: `${ts.url}/authorize`, token: ts.tokenUrl },
    },
    audit: {},
  });
  const pair = ts.issue();
  const secret = await createSecret(db, {
    scope: { tenantId, endUserId },
    input: {
      name: `storm-${randomBytes(3).toString("hex")}`,
      type: "OA2_AUTHORIZATION_CODE",
      value: { authClientId: client.id, ...pair, scope: "read", expires: new Date(Date.now() - 60_000).toISOString() },
    },
    audit: {},
  });
  await db.update(secrets).set({ authClientId: client.id }).where(eq(secrets.id, secret.id));
  return { id: secret.id, accessToken: pair.accessToken };
}

/**
 * 200 concurrent reads of an expired secret, split over two instances on one PostgreSQL,
 * `STORM_ROUNDS` times with a fresh secret each. All must answer 200 with one new token.
 */
async function refreshStorm(db: Db) {
  const ts = await startTokenServer({ latencyMs: STORM_LATENCY_MS });
  const env = { ...db.env, OUTBOUND_ALLOW_HOSTS: "127.0.0.1" };
  const { token, tenantId, endUserId } = await seed(env);
  await applyEnv(env); // seed closed the database; the secrets below reopen it
  const ports = [PORT, PORT + 1];
  const servers = await Promise.all(ports.map((p) => startServer(env, p)));
  try {
    const auth = { authorization: `Bearer ${token}` };
    const warm = await seedExpiredOAuth(ts, tenantId, endUserId);
    for (const p of ports) {
      await run(`http://127.0.0.1:${p}/api/health`, {}, 2);
      await fetch(`http://127.0.0.1:${p}/api/v1/secrets/${warm.id}`, { headers: auth });
    }
    const burst = async (id: string) => {
      const started = performance.now();
      epoch = Date.now();
      const answers = await Promise.all(
        Array.from({ length: STORM_READS }, async (_, i) => {
          const res = await fetch(`http://127.0.0.1:${ports[i % 2]}/api/v1/secrets/${id}`, { headers: auth });
          return { status: res.status, body: (await res.json()) as { data?: { value?: { accessToken?: string } } } };
        }),
      );
      return { wall: performance.now() - started, answers };
    };
    let epoch = 0;
    const rounds: { wall: number; calls: number; fresh: number; callAt: number }[] = [];
    for (let round = 0; round < STORM_ROUNDS; round++) {
      const s = await seedExpiredOAuth(ts, tenantId, endUserId);
      ts.reset();
      ts.set({ latencyMs: STORM_LATENCY_MS });
      const { wall, answers } = await burst(s.id);
      const bad = answers.filter((a) => a.status !== 200).length;
      const tokens = new Set(answers.map((a) => a.body.data?.value?.accessToken));
      if (bad > 0 || tokens.size !== 1 || tokens.has(s.accessToken)) {
        throw new Error(`refresh storm: ${bad} non-200 answers, ${tokens.size} distinct tokens`);
      }
      const calls = ts.calls();
      const callAt = ts.requests[0].at - epoch;
      // The same burst on the now-fresh secret: what 200 reads cost with nothing to refresh.
      rounds.push({ wall, calls, callAt, fresh: (await burst(s.id)).wall });
    }
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
    const walls = rounds.map((r) => r.wall).sort((x, y) => x - y);
    const storm = median(walls);
    const fresh = median(rounds.map((r) => r.fresh));
    const calls = rounds.map((r) => r.calls);
    say(
      `\nRefresh storm (PostgreSQL, 2 instances, ${STORM_READS} concurrent reads of an expired secret, ${STORM_ROUNDS} rounds)`,
    );
    say(`  token calls per round   ${calls.join(" ")} (must be 1)`);
    say(
      `  wall time               median ${storm.toFixed(0)} ms, best ${walls[0].toFixed(0)} ms, worst ${walls[walls.length - 1].toFixed(0)} ms`,
    );
    say(
      `  token call sent after   median ${median(rounds.map((r) => r.callAt)).toFixed(0)} ms (the first read's own work, queued behind the burst's)`,
    );
    say(`  same burst, no refresh  median ${fresh.toFixed(0)} ms`);
    say(
      `  provider latency        ${STORM_LATENCY_MS} ms   storm − latency ${(storm - STORM_LATENCY_MS).toFixed(0)} ms (goal ≤ 150)   storm − latency − no-refresh burst ${(storm - STORM_LATENCY_MS - fresh).toFixed(0)} ms`,
    );
    if (calls.some((c) => c !== 1)) throw new Error("refresh storm: more than one token call in a round");
  } finally {
    await Promise.all(servers.map(stopServer));
    const { closeDb } = await import("@/db/client");
    await closeDb();
    await ts.close();
  }
}

async function main() {
  const work = process.env.BENCH_WORK!;
  const common = {
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    DATA_DIR: path.join(work, "data"),
  };
  // BENCH_ONLY=pglite, postgres or storm runs that part alone.
  const only = process.env.BENCH_ONLY;
  if (!only || only === "pglite") {
    await bench({
      label: "PGlite (embedded)",
      env: { ...common, DATABASE_URL: undefined, PGLITE_DIR: path.join(work, "pglite") },
    });
  }
  if (!only || only === "postgres") {
    await bench({ label: "PostgreSQL", env: { ...common, DATABASE_URL: process.env.BENCH_PG_URL } });
  }
  if (!only || only === "storm") {
    await refreshStorm({ label: "PostgreSQL", env: { ...common, DATABASE_URL: process.env.BENCH_PG_URL } });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
