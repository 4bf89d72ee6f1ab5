import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/*
 * The credential form runs in the browser and validates with the API's own schemas
 * (lib/secrets/schemas.ts, lib/components/config.ts) instead of copies. That only works
 * while those modules import nothing from the database layer, so this walks the form's
 * import graph (type-only imports are erased and skipped).
 */
const root = fileURLToPath(new URL("../../../", import.meta.url));
const IMPORT = /^\s*(?:import|export)\s+(?!type\s)(?:[^"';]*?\sfrom\s+)?["']([^"']+)["']/gm;

function resolve(from: string, spec: string): string | undefined {
  const base = spec.startsWith("@/")
    ? join(root, spec.slice(2))
    : spec.startsWith(".")
      ? join(dirname(from), spec)
      : undefined;
  if (!base) return undefined;
  return [base, `${base}.ts`, `${base}.tsx`, join(base, "index.ts")].find((p) => existsSync(p) && p.match(/\.tsx?$/));
}

function importGraph(entries: string[]) {
  const files = new Set<string>();
  const packages = new Set<string>();
  const todo = entries.map((e) => join(root, e));
  while (todo.length > 0) {
    const file = todo.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const [, spec] of readFileSync(file, "utf8").matchAll(IMPORT)) {
      const target = resolve(file, spec);
      if (target) todo.push(target);
      else if (!spec.startsWith(".") && !spec.startsWith("@/")) packages.add(spec);
    }
  }
  return { files: [...files].map((f) => relative(root, f)), packages: [...packages] };
}

describe("the credential form's imports", () => {
  const graph = importGraph([
    "components/credentials/form/create-credential-client.tsx",
    "components/credentials/form/edit-credential-client.tsx",
    // The session-auth login form and client-credentials Connect, which the embed shares.
    "components/credentials/new/token-connect-client.tsx",
  ]);

  it("use the API's schemas, not copies", () => {
    expect(graph.files).toEqual(
      expect.arrayContaining(["lib/secrets/schemas.ts", "lib/components/config.ts", "lib/secrets/statuses.ts"]),
    );
  });

  it("reach nothing of the database layer or server-only code", () => {
    expect(graph.files.filter((f) => f.startsWith("db/"))).toEqual([]);
    expect(
      graph.packages.filter((p) => /^(drizzle-orm|postgres|@electric-sql\/pglite|server-only|pg)(\/|$)/.test(p)),
    ).toEqual([]);
  });
});
