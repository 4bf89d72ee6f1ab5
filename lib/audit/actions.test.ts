import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AUDIT_ACTIONS } from "./actions";

const ROOTS = ["lib", "app", "scripts"];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
  });
}

describe("AUDIT_ACTIONS, the audit log's action filter", () => {
  it("is exactly the set of actions the code records", () => {
    const recorded = new Set<string>();
    for (const file of ROOTS.flatMap(sourceFiles)) {
      for (const m of readFileSync(file, "utf8").matchAll(/\baction: "([a-z_]+\.[a-z_.]+)"/g)) recorded.add(m[1]);
    }
    expect(recorded.size).toBeGreaterThan(30);
    expect([...recorded].sort()).toEqual([...AUDIT_ACTIONS].sort());
  });

  it("has no duplicates", () => {
    expect(new Set(AUDIT_ACTIONS).size).toBe(AUDIT_ACTIONS.length);
  });
});
