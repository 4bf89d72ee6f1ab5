/**
 * What `npm start` prints around Next (scripts/start.ts), kept apart so it can be tested
 * without a build: the build's output without its route table, a box for the demo login
 * that cannot be missed, and the wait for the server to answer before printing it.
 */
import { get } from "node:http";
import type { Readable } from "node:stream";

/**
 * A line filter for `next build` output that drops the route table (from "Route (app)" or
 * "Route (pages)" to the end, legend included): dozens of lines that bury what matters.
 */
export function withoutRouteTable(): (line: string) => boolean {
  let inTable = false;
  return (line) => {
    if (/^\s*Route \((app|pages)\)/.test(line)) inTable = true;
    return !inTable;
  };
}

/** Copies `stream` to `write` line by line, keeping the lines `keep` accepts. */
export function pipeLines(stream: Readable, write: (text: string) => void, keep: (line: string) => boolean) {
  let rest = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    const lines = (rest + chunk).split("\n");
    rest = lines.pop() ?? "";
    for (const line of lines) if (keep(line)) write(line + "\n");
  });
  stream.on("end", () => {
    if (rest && keep(rest)) write(rest + "\n");
  });
}

/** `lines` in a double-ruled box, padded to the longest line. */
export function box(lines: readonly string[]): string {
  const width = Math.max(...lines.map((l) => l.length));
  const rule = "═".repeat(width + 4);
  return [`╔${rule}╗`, ...lines.map((l) => `║  ${l.padEnd(width)}  ║`), `╚${rule}╝`].join("\n");
}

/**
 * Resolves once `url` answers 200 (the health check opens the database), polling every
 * `intervalMs`; rejects after `timeoutMs`. Plain node:http: the server's own loopback port.
 */
export async function waitForReady(url: string, { timeoutMs = 120_000, intervalMs = 250 } = {}): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await new Promise<number>((resolve) => {
      const req = get(url, { timeout: 5_000 }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("timeout", () => req.destroy());
      req.on("error", () => resolve(0));
    });
    if (status === 200) return;
    if (Date.now() > deadline) throw new Error(`The server did not answer at ${url} in ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
