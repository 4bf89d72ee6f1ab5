/**
 * `npm run profile`: where a request spends its CPU. Starts `next start` (a production build)
 * under `node --cpu-prof`, loads one route with autocannon at 32 connections, stops the server
 * (it writes its profile on exit) and prints the profile's self time by category
 * (scripts/profile-summary.ts), counting only the samples taken during the measured load.
 *
 *   PROFILE_TARGET  read (default: GET /api/v1/secrets/{id} with a user token, SIMPLE),
 *                   list (GET /api/v1/secrets with that user token: one item),
 *                   create (POST /api/v1/secrets with an API key, verify:false, an Idempotency-Key),
 *                   health (GET /api/health: the framework floor)
 *   PROFILE_DB      pglite, postgres or both (default; postgres needs PROFILE_PG_URL)
 *   PROFILE_SECONDS length of the measured load (default 20)
 *   PROFILE_KEEP    a directory to keep the .cpuprofile files in (open them in Chrome DevTools)
 */
import { randomBytes, randomUUID } from "node:crypto";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import autocannon from "autocannon";
import { formatSummary, summarise, type CpuProfile } from "./profile-summary";
import { say, seed, startServer, startedAt, stopServer, type DbEnv, type Seeded } from "./bench-server";

const PORT = Number(process.env.PROFILE_PORT ?? 3950);
const BASE = `http://127.0.0.1:${PORT}`;
const SECONDS = Number(process.env.PROFILE_SECONDS ?? 20);
const TARGET = (process.env.PROFILE_TARGET ?? "read") as "read" | "list" | "create" | "health";

/** The autocannon options for a target: creates get a fresh name and Idempotency-Key each. */
function load(target: typeof TARGET, s: Seeded, duration: number): autocannon.Options {
  if (target === "health") return { url: `${BASE}/api/health`, connections: 32, duration };
  if (target === "read" || target === "list") {
    return {
      url: `${BASE}/api/v1/secrets${target === "read" ? `/${s.secretId}` : ""}`,
      connections: 32,
      duration,
      headers: { authorization: `Bearer ${s.token}` },
    };
  }
  return {
    url: `${BASE}/api/v1/secrets?username=bench-user`,
    connections: 32,
    duration,
    method: "POST",
    headers: { authorization: `Bearer ${s.apiKey}`, "content-type": "application/json" },
    requests: [
      {
        setupRequest: (req) => {
          const id = randomUUID();
          return {
            ...req,
            headers: { ...req.headers, "idempotency-key": id },
            body: JSON.stringify({
              name: `p-${id}`,
              type: "SIMPLE",
              value: { username: "u", passphrase: "p" },
              verify: false,
            }),
          };
        },
      },
    ],
  };
}

async function profileOne(label: string, env: DbEnv, work: string, keep?: string) {
  const s = await seed(env);
  const dir = mkdtempSync(path.join(work, "prof-"));
  const server = await startServer(env, PORT, ["--cpu-prof", `--cpu-prof-dir=${dir}`]);
  let requests = 0;
  let window = { fromMs: 0, toMs: 0 };
  try {
    await autocannon(load(TARGET, s, 3)); // warm-up: JIT, pools, caches
    const from = performance.now() - startedAt;
    const r = await autocannon(load(TARGET, s, SECONDS));
    window = { fromMs: from, toMs: performance.now() - startedAt };
    requests = r.requests.total;
    say(
      `\n${label}: ${TARGET}, 32 connections, ${SECONDS} s: ${r.requests.average.toFixed(0)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, ${r.non2xx} non-2xx`,
    );
  } finally {
    await stopServer(server);
  }
  const files = readdirSync(dir).filter((f) => f.endsWith(".cpuprofile"));
  if (files.length === 0) throw new Error("the server wrote no CPU profile (did it exit cleanly?)");
  // `next start` may fork; the server is the process with the most samples.
  const biggest = files.map((f) => path.join(dir, f)).sort((a, b) => statSync(b).size - statSync(a).size)[0];
  if (keep) {
    mkdirSync(keep, { recursive: true });
    copyFileSync(biggest, path.join(keep, `${label.replace(/\W+/g, "-")}-${TARGET}.cpuprofile`));
  }
  const profile = JSON.parse(readFileSync(biggest, "utf8")) as CpuProfile;
  say(formatSummary(summarise(profile, 20, window), requests));
}

async function main() {
  const work = process.env.PROFILE_WORK!;
  const common = {
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    DATA_DIR: path.join(work, "data"),
  };
  const which = process.env.PROFILE_DB ?? "both";
  const keep = process.env.PROFILE_KEEP;
  if (which !== "postgres") {
    await profileOne(
      "PGlite",
      { ...common, DATABASE_URL: undefined, PGLITE_DIR: path.join(work, "pglite") },
      work,
      keep,
    );
  }
  if (which !== "pglite") {
    await profileOne("PostgreSQL", { ...common, DATABASE_URL: process.env.PROFILE_PG_URL }, work, keep);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
