/**
 * The list rows of the issue-14 table (docs/architecture.md › Lists at scale), called by
 * scripts/bench.ts with its server running:
 *
 * - `GET /api/v1/secrets` returning one item (the seeded end user's) against health, at 32
 *   connections (target ≥ 0.7 of health's throughput), on PGlite and PostgreSQL;
 * - on PostgreSQL only: two tenants filled in bulk by scripts/fill-million.ts, 10,000 and
 *   1,000,000 secrets (500 end users, 85 components), then the latency of the first list page,
 *   page 300 with `page[number]`, the same depth by `page[after]`, and a component + status
 *   filter, each sequentially (one request at a time), after a discarded warm-up round over both
 *   tenants, as the median at 10k and at 1M (averaged over ROUNDS rounds in alternating order)
 *   and their ratio (target ≤ 1.5×; first page ≤ 20 ms at 1M).
 */
import autocannon from "autocannon";
import postgres from "postgres";
import { say, type DbEnv, type Seeded } from "./bench-server";
import { fillTenant, type Filled } from "./fill-million";

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const SMALL = 10_000;
const LARGE = Number(process.env.BENCH_LIST_ROWS ?? 1_000_000);
/** Sequential requests per case and tenant, after WARMUP. */
const REQUESTS = 60;
const WARMUP = 10;
/** Measured rounds over both tenants (each case's median, averaged over the rounds). */
const ROUNDS = 2;

type Health = { rps: number; p99: number };

export type ListBenchContext = {
  env: DbEnv;
  /** The running server, e.g. http://127.0.0.1:3900. */
  base: string;
  seeded: Seeded;
  /** GET /api/health measured in the same run, at 32 connections. */
  health: Health;
};

async function median(url: string, apiKey: string): Promise<number> {
  const headers = { authorization: `Bearer ${apiKey}` };
  const times: number[] = [];
  for (let i = 0; i < WARMUP + REQUESTS; i++) {
    const t0 = performance.now();
    const res = await fetch(url, { headers });
    const body = (await res.json()) as { data?: unknown[] };
    if (res.status !== 200 || !Array.isArray(body.data)) throw new Error(`${url} answered ${res.status}`);
    if (i >= WARMUP) times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/** The page[after] cursor of the 8,970th row, where page 300 of 30 starts, found by walking there. */
async function deepCursor(base: string, apiKey: string): Promise<string> {
  let after = "";
  for (let walked = 0; walked < 299 * 30;) {
    const size = Math.min(100, 299 * 30 - walked);
    const res = await fetch(`${base}/api/v1/secrets?page[size]=${size}${after ? `&page[after]=${after}` : ""}`, {
      headers: { authorization: `Bearer ${apiKey}` },
    });
    const body = (await res.json()) as { meta?: { nextCursor?: string } };
    if (res.status !== 200 || !body.meta?.nextCursor)
      throw new Error(`walk answered ${res.status}: ${JSON.stringify(body)}`);
    after = body.meta.nextCursor;
    walked += size;
  }
  return after;
}

async function listCases(base: string, f: Filled) {
  const v1 = `${base}/api/v1/secrets`;
  const after = await deepCursor(base, f.apiKey);
  return {
    "first page": await median(v1, f.apiKey),
    "page 300 (page[number])": await median(`${v1}?page[number]=300`, f.apiKey),
    "page 300 (page[after])": await median(`${v1}?page[after]=${after}`, f.apiKey),
    "component + status": await median(`${v1}?component=${f.componentId}&status=active`, f.apiKey),
  };
}

/** Prints the list rows; the server at `ctx.base` must be running on `ctx.env`'s database. */
export async function benchLists(ctx: ListBenchContext) {
  const one = await autocannon({
    url: `${ctx.base}/api/v1/secrets`,
    connections: 32,
    duration: DURATION,
    headers: { authorization: `Bearer ${ctx.seeded.token}` },
  });
  say(
    `  GET /api/v1/secrets (one item) ${one.requests.average.toFixed(0)} req/s, p99 ${one.latency.p99} ms: throughput ratio ${(one.requests.average / ctx.health.rps).toFixed(2)} (target ≥ 0.7)`,
  );
  if (!ctx.env.DATABASE_URL) return;

  const sql = postgres(ctx.env.DATABASE_URL, { onnotice: () => {}, max: 2 });
  try {
    const filled: Filled[] = [];
    for (const rows of [SMALL, LARGE]) {
      const t0 = performance.now();
      filled.push(await fillTenant(sql, rows, `Bench ${rows}`));
      say(
        `  filled a tenant with ${rows.toLocaleString("en")} secrets in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
      );
    }
    // A first round over both tenants is thrown away: right after a fill, the first requests
    // pay for cold caches (the server's compiled code paths, PostgreSQL's buffers), which is
    // not growth with size. Then ROUNDS rounds, alternating which tenant goes first.
    for (const f of filled) await listCases(ctx.base, f);
    const rounds: Record<"small" | "large", Awaited<ReturnType<typeof listCases>>[]> = { small: [], large: [] };
    for (let r = 0; r < ROUNDS; r++) {
      for (const i of r % 2 ? [1, 0] : [0, 1]) rounds[i ? "large" : "small"].push(await listCases(ctx.base, filled[i]));
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    type Case = keyof (typeof rounds.small)[number];
    const of = (which: "small" | "large", name: Case) => mean(rounds[which].map((r) => r[name]));
    const small = Object.fromEntries(Object.keys(rounds.small[0]).map((k) => [k, of("small", k as Case)])) as Record<
      Case,
      number
    >;
    const large = Object.fromEntries(Object.keys(rounds.large[0]).map((k) => [k, of("large", k as Case)])) as Record<
      Case,
      number
    >;
    for (const name of Object.keys(small) as Case[]) {
      const ratio = large[name] / small[name];
      const goal = name === "first page" ? `; ≤ 20 ms at 1M` : "";
      say(
        `  ${name.padEnd(24)} median ${small[name].toFixed(1)} ms at 10k, ${large[name].toFixed(1)} ms at ${(LARGE / 1e6).toFixed(1)}M: ${ratio.toFixed(2)}× (target ≤ 1.5×${goal})`,
      );
    }
  } finally {
    await sql.end();
  }
}
