/**
 * `npm run logos`: writes public/logos/<slug>.svg for every brand in lib/components/logos.ts
 * from the installed simple-icons, and removes brand files nothing maps to any more.
 * Run it after changing the map or upgrading simple-icons, then commit public/logos.
 * `--check` writes nothing and exits 1 when a file is missing, stale or stray.
 */
import { readdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as simpleIcons from "simple-icons";
import { BRAND_ICONS, GENERIC_LOGOS, renderBrandSvg, type BrandIcon } from "../lib/components/logos";

const dir = fileURLToPath(new URL("../public/logos/", import.meta.url));

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

function main() {
  const check = process.argv.includes("--check");
  const expected = expectedLogos();
  const keep = new Set<string>([...expected.keys(), ...GENERIC_LOGOS.map((name) => `${name}.svg`)]);
  const problems: string[] = [];
  for (const [name, content] of expected) {
    let current: string | undefined;
    try {
      current = readFileSync(dir + name, "utf8");
    } catch {
      current = undefined;
    }
    if (current === content) continue;
    if (check) problems.push(`${name} is ${current === undefined ? "missing" : "stale"}`);
    else writeFileSync(dir + name, content);
  }
  for (const name of readdirSync(dir)) {
    if (keep.has(name)) continue;
    if (check) problems.push(`${name} is not mapped`);
    else unlinkSync(dir + name);
  }
  if (problems.length) {
    console.error(`public/logos is out of date (run npm run logos):\n  ${problems.join("\n  ")}`);
    process.exit(1);
  }
  console.log(`${check ? "Checked" : "Wrote"} ${expected.size} brand logos in public/logos`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
