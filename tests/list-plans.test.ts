import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The query plans of every secrets list, filter and count the API and the dashboard make, at
// one tenant of a million secrets (docs/architecture.md › Lists at scale). The fixture is made
// by scripts/fill-million.ts + scripts/explain-lists.ts on PostgreSQL; regenerate it when a
// list query or an index changes. This test holds the plans to the rules: no sequential scan
// of secrets, and the pages the issue measured stay within their time.

const FIXTURE = path.join(process.cwd(), "tests/fixtures/list-plans-1m.txt");

type Section = { name: string; lines: string[] };

function sections(): Section[] {
  const text = readFileSync(FIXTURE, "utf8");
  return text
    .split(/^=== /m)
    .slice(1)
    .map((chunk) => {
      const [head, ...lines] = chunk.split("\n");
      return { name: head.replace(/ \[\d+\/\d+\]( \(.*\))?$/, ""), lines };
    });
}

/**
 * Known sequential scans, each with why it is not fixed here. The set must equal what the
 * fixture shows, so a fix (or a new scan) fails this test until the list is updated.
 */
const KNOWN_SEQ_SCANS: Record<string, string> = {};

const executionMs = (s: Section) =>
  s.lines.map((l) => /^Execution Time: ([\d.]+) ms/.exec(l)).flatMap((m) => (m ? [Number(m[1])] : []));

describe("list query plans at 1M secrets (tests/fixtures/list-plans-1m.txt)", () => {
  const all = sections();

  it("come from one tenant of at least a million secrets and cover every list, filter and count", () => {
    const header = readFileSync(FIXTURE, "utf8").split("\n")[1];
    const n = Number(/One tenant of ([\d,]+) secrets/.exec(header)?.[1].replace(/,/g, ""));
    expect(n).toBeGreaterThanOrEqual(1_000_000);
    const names = new Set(all.map((s) => s.name));
    for (const expected of [
      "API GET /secrets: first page",
      "API GET /secrets: page[number]=300",
      "API GET /secrets: page[after] 9,000 rows deep",
      "API GET /secrets: component + status=active",
      "API GET /secrets: type=BEARER",
      "API GET /secrets: status=expired",
      "API GET /secrets: workspace=staging",
      "API GET /secrets: name= (exact)",
      "API GET /secrets: search=",
      "API GET /secrets: end user (user token), first page",
      "API GET /secrets: connect session (components limit)",
      "dashboard: badges (componentCounts)",
      "dashboard: attention summary",
      "dashboard: shown=expired",
      "dashboard: shown=unverified",
      "dashboard: attention",
      "dashboard: groups page 1 (listGroups)",
      "dashboard: groups, search",
      "dashboard: groups, search matching names",
      "dashboard: groups, search matching a username",
      "dashboard: show all of one component, page 300 (listComponentRows)",
    ]) {
      expect(names, expected).toContain(expected);
    }
    // Every statement has its measured plan.
    for (const s of all) expect(executionMs(s), s.name).toHaveLength(1);
  });

  it("never scan secrets sequentially, except the known cases named here", () => {
    const scanned = all.filter((s) => s.lines.some((l) => /Seq Scan on secrets\b/.test(l))).map((s) => s.name);
    expect([...new Set(scanned)].sort()).toEqual(Object.keys(KNOWN_SEQ_SCANS).sort());
  });

  it("answer the first page, page 300 and the component + status filter within 20 ms in the database", () => {
    for (const name of [
      "API GET /secrets: first page",
      "API GET /secrets: page[number]=300",
      "API GET /secrets: page[after] 9,000 rows deep",
      "API GET /secrets: component + status=active",
      "API GET /secrets: end user (user token), first page",
      "dashboard: groups page 1 (listGroups)",
      "dashboard: show all of one component, page 300 (listComponentRows)",
    ]) {
      const ms = all.filter((s) => s.name === name).flatMap(executionMs);
      expect(ms.length, name).toBeGreaterThan(0);
      for (const t of ms) expect(t, name).toBeLessThan(20);
    }
  });

  it("count totals from the counters, not from the rows, for stored-dimension filters", () => {
    for (const name of [
      "API GET /secrets: first page",
      "API GET /secrets: component + status=active",
      "API GET /secrets: end user (user token), first page",
      "dashboard: badges (componentCounts)",
    ]) {
      const statements = all.filter((s) => s.name === name);
      // In its own statement, or (the prepared common list) as a subquery of the rows' one:
      // the statement's text or its plan reads a counter table.
      const counted = statements.filter((s) => s.lines.some((l) => /\bsecret(_user)?_counts\b/.test(l)));
      expect(counted.length, name).toBe(1);
      expect(
        statements.some((s) => /^-- select count\(\*\) from "secrets"/.test(s.lines[0] ?? "")),
        name,
      ).toBe(false);
    }
  });
});
