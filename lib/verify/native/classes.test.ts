import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { failClasses } from "../public";

// child.mjs is plain JS run by node outside the bundle, so it keeps its own copy of the
// failure classes; this reads that copy from the file and holds it to the TypeScript list.
describe("child.mjs failure classes", () => {
  it("are exactly lib/verify/public.ts failClasses", () => {
    const source = readFileSync(path.join(__dirname, "child.mjs"), "utf8");
    const block = /const CLASSES = new Set\(\[([^\]]*)\]\)/.exec(source);
    expect(block, "child.mjs no longer declares `const CLASSES = new Set([...])`").not.toBeNull();
    const listed = [...block![1].matchAll(/"([a-z_]+)"/g)].map((m) => m[1]);
    expect(listed).toEqual([...failClasses]);
  });
});
