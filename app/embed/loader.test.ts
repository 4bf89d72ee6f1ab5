import { readFileSync } from "node:fs";
import { Script } from "node:vm";
import { describe, expect, it } from "vitest";

// public/embed.js is pasted into tenants' pages as it is: no dependencies, no build step,
// under 5 KB (issue 11). Its behaviour is tested in Chromium (e2e/embed.spec.ts).
const source = readFileSync(new URL("../../public/embed.js", import.meta.url), "utf8");

describe("public/embed.js", () => {
  it("is under 5 KB", () => {
    expect(Buffer.byteLength(source)).toBeLessThan(5 * 1024);
  });

  it("is a plain script: no modules, no imports, nothing fetched", () => {
    expect(() => new Script(source)).not.toThrow();
    expect(source).not.toMatch(/\bimport\b|\brequire\(|\bfetch\(|XMLHttpRequest/);
  });

  it("never posts to, or accepts, any origin but the embed's", () => {
    expect(source).not.toMatch(/postMessage\([^)]*["']\*["']/);
    expect(source).toContain("e.origin !== origin");
    expect(source).toContain("e.source !== iframe.contentWindow");
  });
});
