/**
 * `npm run logos`: writes public/logos/<slug>.svg for every brand in lib/components/logos.ts
 * from the installed simple-icons, and removes brand files nothing maps to any more.
 * `npm run build` and `npm start` run it before `next build`; run it after changing the map or
 * upgrading simple-icons, then commit public/logos (the files stay committed, so `next dev`
 * and the tests serve them too).
 * `--check` writes nothing and exits 1 when a file is missing, stale or stray.
 */
import { readdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as simpleIcons from "simple-icons";
import { BRAND_ICONS, GENERIC_LOGOS, renderBrandSvg, type BrandIcon } from "../lib/components/logos";

/** public/logos, with a trailing slash. */
export const LOGOS_DIR = fileURLToPath(new URL("../public/logos/", import.meta.url));

/** Every simple-icons icon by slug. */
export function iconsBySlug(): Map<string, BrandIcon> {
  const icons = Object.values(simpleIcons as Record<string, unknown>).filter(
    (v): v is BrandIcon => typeof v === "object" && v !== null && "slug" in v && "path" in v,
  );
  return new Map(icons.map((icon) => [icon.slug, icon]));
}

/** The files the map calls for: file name → content. */
export function expectedLogos(): Map<string, string> {
  const icons = iconsBySlug();
  const files = new Map<string, string>();
  for (const [id, slug] of Object.entries(BRAND_ICONS)) {
    const icon = icons.get(slug);
    if (!icon) throw new Error(`simple-icons has no icon "${slug}" (mapped for ${id})`);
    files.set(`${slug}.svg`, renderBrandSvg(icon));
  }
  return files;
}

/**
 * Brings public/logos in line with the map: writes only the files whose bytes differ (so a
 * run on an up-to-date tree changes nothing, not even mtimes) and removes unmapped ones.
 * `dir` (public/logos by default) ends with a slash. With `check`, touches nothing and returns what is wrong instead. `npm run build` and
 * `npm start` (scripts/start.ts) call it before `next build`.
 */
export function syncLogos({ check = false, dir = LOGOS_DIR } = {}): {
  count: number;
  changed: string[];
  problems: string[];
} {
  const expected = expectedLogos();
  const keep = new Set<string>([...expected.keys(), ...GENERIC_LOGOS.map((name) => `${name}.svg`)]);
  const problems: string[] = [];
  const changed: string[] = [];
  for (const [name, content] of expected) {
    let current: string | undefined;
    try {
      current = readFileSync(dir + name, "utf8");
    } catch {
      current = undefined;
    }
    if (current === content) continue;
    if (check) problems.push(`${name} is ${current === undefined ? "missing" : "stale"}`);
    else {
      writeFileSync(dir + name, content);
      changed.push(name);
    }
  }
  for (const name of readdirSync(dir)) {
    if (keep.has(name)) continue;
    if (check) problems.push(`${name} is not mapped`);
    else {
      unlinkSync(dir + name);
      changed.push(name);
    }
  }
  return { count: expected.size, changed, problems };
}

function main() {
  const check = process.argv.includes("--check");
  const { count, changed, problems } = syncLogos({ check });
  if (problems.length) {
    console.error(`public/logos is out of date (run npm run logos):\n  ${problems.join("\n  ")}`);
    process.exit(1);
  }
  console.log(
    check
      ? `Checked ${count} brand logos in public/logos`
      : `Brand logos: ${changed.length} of ${count} files updated in public/logos`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
