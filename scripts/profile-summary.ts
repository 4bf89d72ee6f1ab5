/**
 * Buckets a V8 `.cpuprofile` (from `node --cpu-prof`) by where the code lives, so that "where
 * does a read spend its CPU" has a reproducible answer. Self time of every sampled frame is
 * mapped back through the build's source maps (Turbopack bundles our code, drizzle, zod and
 * jose into `.next/server/chunks/*.js`; the `.map` next to each chunk names the original file),
 * then put in the first category whose rule matches the original path.
 *
 *   tsx scripts/profile-summary.ts <file.cpuprofile> [--top N] [--from-ms A --to-ms B]
 *
 * Native frames (no script URL: a builtin like `JSON.parse`, a C++ binding) count for the
 * category of their nearest JavaScript caller, except JSON builtins, which are their own.
 * Idle time is reported apart and left out of the percentages.
 */
import { existsSync, readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { fileURLToPath } from "node:url";

type CallFrame = { functionName: string; url: string; lineNumber: number; columnNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] };
export type CpuProfile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

/**
 * Categories in match order: the first rule whose pattern matches the code's path wins. The path
 * is the script's own URL, or for our bundled chunks the original file from the source map
 * (`/lib/…`, `/app/…`, `/node_modules/<package>/…`).
 */
export const CATEGORIES: { name: string; test: RegExp }[] = [
  {
    name: "logging (pino, lib/log)",
    test: /node_modules\/(pino|sonic-boom|fast-redact|@pinojs|thread-stream)\/|^\/lib\/log\.ts/,
  },
  { name: "drizzle (query building, mapping)", test: /node_modules\/drizzle-orm\// },
  { name: "driver: postgres.js", test: /node_modules\/postgres\// },
  { name: "driver: PGlite (JS side)", test: /node_modules\/@electric-sql\/pglite\// },
  { name: "database: PGlite engine (wasm)", test: /^wasm:/ },
  { name: "validation (zod)", test: /node_modules\/zod\// },
  { name: "auth (jose, lib/auth)", test: /node_modules\/jose\/|^\/lib\/auth\// },
  { name: "crypto (lib/crypto, node crypto)", test: /^\/lib\/crypto\/|^node:internal\/crypto/ },
  { name: "audit (lib/audit)", test: /^\/lib\/audit\// },
  { name: "our wrapper (lib/api)", test: /^\/lib\/api\// },
  { name: "our handlers (app/api, lib/*, db/)", test: /^\/(app|lib|db)\// },
  {
    name: "framework: Next.js and React",
    test: /node_modules\/(next|react|react-dom|@next|scheduler|@swc\/helpers)\/|\/\.next\/server\/|turbopack/,
  },
  { name: "web Request/Response, web streams (undici)", test: /^node:internal\/(deps\/undici|webstreams)/ },
  { name: "Node core: http, net, timers, async hooks", test: /^node:/ },
];
const JSON_NAME = "JSON (parse, stringify)";
const OTHER = "other";
const GC = "(garbage collector)";
const PROGRAM = "(program): V8 and native work outside JS";
const IDLE = "(idle)";

/** One source map per chunk file, or null when there is none (not a bundled file). */
const maps = new Map<string, SourceMap | null>();
function mapFor(url: string): SourceMap | null {
  if (!maps.has(url)) {
    let map: SourceMap | null = null;
    try {
      const file = url.startsWith("file://") ? fileURLToPath(url) : url;
      if (file.startsWith("/") && existsSync(`${file}.map`)) {
        map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, "utf8")));
      }
    } catch {
      map = null;
    }
    maps.set(url, map);
  }
  return maps.get(url)!;
}

/**
 * The original source path of a frame and the line its function starts on (through the
 * chunk's source map when there is one; bundled names are minified, lines are not).
 */
export function originalPath(frame: CallFrame): { path: string; line?: number } {
  const map = mapFor(frame.url);
  if (map) {
    const entry = map.findEntry(frame.lineNumber, frame.columnNumber) as {
      originalSource?: string;
      originalLine?: number;
    };
    if (entry?.originalSource) {
      let path = entry.originalSource.replace(/^(\.\.\/)+/, "/");
      // A package's own source map, chained by Turbopack, loses the package name
      // (`node_modules/src/entity.ts`); the chunk's file name still has it.
      const pkg = /\/node_modules_([a-z0-9-]+)_[^/]*$/.exec(frame.url)?.[1];
      if (pkg && path.startsWith("/node_modules/src/")) path = path.replace("/node_modules/", `/node_modules/${pkg}/`);
      return { path, line: (entry.originalLine ?? -1) + 1 };
    }
  }
  return { path: frame.url };
}

function categoryOf(path: string): string {
  for (const c of CATEGORIES) if (c.test.test(path)) return c.name;
  return OTHER;
}

export type Summary = {
  /** Milliseconds of self time per category, idle excluded. */
  buckets: { name: string; ms: number; pct: number }[];
  busyMs: number;
  idleMs: number;
  /** The hottest original files (or functions for native frames), for digging further. */
  top: { where: string; category: string; ms: number; pct: number }[];
};

/**
 * Self time per category of a CPU profile; `topN` hottest places as well. With `window`
 * (milliseconds since the profile started), only samples inside it count: the load, without
 * start-up, migrations and warm-up.
 */
export function summarise(profile: CpuProfile, topN = 15, window?: { fromMs: number; toMs: number }): Summary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  // timeDeltas[i] is the time since the previous sample: it belongs to sample i - 1.
  let atMs = 0;
  for (let i = 0; i < profile.samples.length - 1; i++) {
    atMs += profile.timeDeltas[i] / 1000;
    if (window && (atMs < window.fromMs || atMs > window.toMs)) continue;
    const id = profile.samples[i];
    self.set(id, (self.get(id) ?? 0) + profile.timeDeltas[i + 1] / 1000);
  }
  const catCache = new Map<number, { category: string; where: string }>();
  const callerOf = (id: number) => {
    const up = parent.get(id);
    return up !== undefined && byId.get(up)!.callFrame.functionName !== "(root)" ? classify(up) : null;
  };
  const classify = (id: number): { category: string; where: string } => {
    const hit = catCache.get(id);
    if (hit) return hit;
    const { callFrame } = byId.get(id)!;
    let out: { category: string; where: string };
    if (callFrame.functionName === "(garbage collector)") out = { category: GC, where: GC };
    else if (callFrame.functionName === "(program)") out = { category: PROGRAM, where: PROGRAM };
    else if (callFrame.functionName === "(idle)") out = { category: IDLE, where: IDLE };
    else if (!callFrame.url) {
      const name = callFrame.functionName || "(anonymous native)";
      if (/^(parse|stringify)$/.test(name)) out = { category: JSON_NAME, where: `JSON.${name}` };
      else {
        const caller = callerOf(id);
        out = { category: caller?.category ?? OTHER, where: `${name} (native, from ${caller?.where ?? "?"})` };
      }
    } else if (/^node:(internal\/)?fs/.test(callFrame.url)) {
      // File I/O counts for whoever asked for it (PGlite's data files, a log file).
      let up = parent.get(id);
      while (up !== undefined && /^node:|^$/.test(byId.get(up)!.callFrame.url)) up = parent.get(up);
      const owner = up !== undefined ? classify(up) : null;
      out = {
        category: `file I/O (node:fs) for ${owner?.category ?? OTHER}`,
        where: `${callFrame.url} (for ${owner?.where ?? "?"})`,
      };
    } else {
      const { path, line } = callFrame.url.includes("/.next/server/")
        ? originalPath(callFrame)
        : { path: callFrame.url, line: undefined };
      const short = path.replace(/^.*node_modules\//, "").replace(/^file:\/\//, "");
      // Our own files are named down to the function's line: that is where a change would go.
      const fn = /^\/(app|lib|db)\//.test(path) && line ? `:${line}` : "";
      out = { category: categoryOf(path), where: short + fn };
    }
    catCache.set(id, out);
    return out;
  };
  const cats = new Map<string, number>();
  const places = new Map<string, { category: string; ms: number }>();
  let idleMs = 0;
  for (const [id, ms] of self) {
    const { category, where } = classify(id);
    if (category === IDLE) {
      idleMs += ms;
      continue;
    }
    cats.set(category, (cats.get(category) ?? 0) + ms);
    const p = places.get(where) ?? { category, ms: 0 };
    p.ms += ms;
    places.set(where, p);
  }
  const busyMs = [...cats.values()].reduce((a, b) => a + b, 0);
  const pct = (ms: number) => (busyMs ? (100 * ms) / busyMs : 0);
  return {
    buckets: [...cats].map(([name, ms]) => ({ name, ms, pct: pct(ms) })).sort((a, b) => b.ms - a.ms),
    busyMs,
    idleMs,
    top: [...places]
      .map(([where, p]) => ({ where, category: p.category, ms: p.ms, pct: pct(p.ms) }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, topN),
  };
}

/** The summary as text: one line per category, then the hottest places. */
export function formatSummary(s: Summary, requests?: number): string {
  const lines = [
    `busy ${(s.busyMs / 1000).toFixed(1)} s, idle ${(s.idleMs / 1000).toFixed(1)} s` +
      (requests ? `, ${requests} requests: ${((s.busyMs * 1000) / requests).toFixed(0)} µs CPU per request` : ""),
    "self time by category:",
    ...s.buckets.map(
      (b) =>
        `  ${b.pct.toFixed(1).padStart(5)} %  ${(requests ? `${((b.ms * 1000) / requests).toFixed(0)} µs/req` : `${b.ms.toFixed(0)} ms`).padStart(11)}  ${b.name}`,
    ),
    "hottest places:",
    ...s.top.map((t) => `  ${t.pct.toFixed(1).padStart(5)} %  ${t.where}  [${t.category}]`),
  ];
  return lines.join("\n");
}

if (process.argv[1] && /profile-summary\.ts$/.test(process.argv[1])) {
  const [file, ...flags] = process.argv.slice(2);
  const opt = (name: string) => {
    const i = flags.indexOf(name);
    return i >= 0 ? Number(flags[i + 1]) : undefined;
  };
  if (!file) {
    process.stderr.write("usage: tsx scripts/profile-summary.ts <file.cpuprofile> [--top N] [--from-ms A --to-ms B]\n");
    process.exit(2);
  }
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const from = opt("--from-ms");
  const window = from !== undefined ? { fromMs: from, toMs: opt("--to-ms") ?? Infinity } : undefined;
  process.stdout.write(formatSummary(summarise(profile, opt("--top") ?? 15, window)) + "\n");
}
