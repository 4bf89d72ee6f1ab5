// Totals every suite's JSON report into the one closing line "N passed, N failed".
// A suite that left no report (it crashed, or the build failed) counts as one failure.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

const dir = process.argv[2];
const read = (f) => (existsSync(path.join(dir, f)) ? JSON.parse(readFileSync(path.join(dir, f), "utf8")) : null);
let passed = 0;
let failed = 0;
const lines = [];

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
  const s = pw.stats;
  passed += s.expected;
  failed += s.unexpected + s.flaky + s.skipped + (pw.errors?.length ?? 0);
  lines.push(`playwright: ${s.expected} passed, ${s.unexpected + s.flaky} failed`);
}
console.log("\n" + lines.join("\n"));
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
