// Totals every suite's JSON report into the one closing line "N passed, N failed".
// A suite that left no report (it crashed, or the build failed) counts as one failure.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

const dir = process.argv[2];
const read = (f) => (existsSync(path.join(dir, f)) ? JSON.parse(readFileSync(path.join(dir, f), "utf8")) : null);
let passed = 0;
let failed = 0;
const lines = [];
// The names of what failed, printed just above the totals: CI keeps only the tail of the log.
const failures = [];
const short = (m) =>
  String(m ?? "")
    .split("\n")
    .find((l) => l.trim()) ?? "";

for (const name of ["vitest-pglite", "vitest-postgres"]) {
  const r = read(`${name}.json`);
  if (!r) {
    failed += 1;
    lines.push(`${name}: no report (crashed)`);
    continue;
  }
  const suiteErrors = (r.testResults ?? []).filter(
    (t) => t.status === "failed" && !(t.assertionResults ?? []).length,
  ).length;
  for (const t of r.testResults ?? []) {
    const file = path.relative(process.cwd(), t.name ?? "");
    const bad = (t.assertionResults ?? []).filter((a) => a.status === "failed");
    for (const a of bad) failures.push(`${name}: ${file} › ${a.fullName}: ${short(a.failureMessages?.[0])}`);
    if (t.status === "failed" && !bad.length) failures.push(`${name}: ${file}: ${short(t.message)}`);
  }
  passed += r.numPassedTests;
  failed += r.numFailedTests + suiteErrors + (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  lines.push(`${name}: ${r.numPassedTests} passed, ${r.numFailedTests + suiteErrors} failed`);
}
if (read("lint.json")) {
  passed += 1;
  lines.push("lint and format: clean");
} else {
  failed += 1;
  lines.push("lint and format: problems (npm run lint)");
}
if (!read("build.json")) {
  failed += 1;
  lines.push("next build: failed");
}
const pw = read("playwright.json");
if (!pw) {
  failed += 1;
  lines.push("playwright: no report");
} else {
  const walk = (suite, trail) => {
    for (const spec of suite.specs ?? [])
      for (const t of spec.tests ?? [])
        if (t.status !== "expected")
          failures.push(`playwright: ${spec.file}:${spec.line} › ${[...trail, spec.title].join(" › ")}: ${t.status}`);
    for (const s of suite.suites ?? []) walk(s, [...trail, s.title]);
  };
  for (const s of pw.suites ?? []) walk(s, []);
  const s = pw.stats;
  passed += s.expected;
  failed += s.unexpected + s.flaky + s.skipped + (pw.errors?.length ?? 0);
  lines.push(`playwright: ${s.expected} passed, ${s.unexpected + s.flaky} failed`);
}
if (failures.length) console.log("\nFailed:\n" + failures.map((f) => `  ${f.slice(0, 400)}`).join("\n"));
console.log("\n" + lines.join("\n"));
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
