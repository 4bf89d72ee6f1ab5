import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ENV_VARS } from "@/lib/env";

// The README stays true: every variable lib/env.ts reads has a row in its Configuration table.
describe("README › Configuration", () => {
  const readme = readFileSync("README.md", "utf8");
  const table = readme.slice(
    readme.indexOf("## Configuration"),
    readme.indexOf("\n## ", readme.indexOf("## Configuration") + 1),
  );
  const rows = new Set([...table.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]));

  it("has a row for every environment variable the service reads", () => {
    expect(ENV_VARS.length).toBeGreaterThan(20);
    expect(ENV_VARS.filter((v) => !rows.has(v))).toEqual([]);
  });
});
