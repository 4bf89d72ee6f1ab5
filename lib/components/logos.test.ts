import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { renderToStaticMarkup } from "react-dom/server";
import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { ComponentLogo } from "@/components/credentials/component-logo";
import { componentView } from "@/components/credentials/labels";
import { expectedLogos, iconsBySlug, syncLogos } from "@/scripts/build-logos";
import { catalogue, getComponent } from "./index";
import { testComponents } from "./entries/testing";
import { BRAND_ICONS, GENERIC_LOGOS, NO_BRAND_ICON, OTHER_LOGO } from "./logos";

const logosDir = fileURLToPath(new URL("../../public/logos/", import.meta.url));
const testIds = new Set(testComponents.map((e) => e.id));
const shipped = catalogue.filter((e) => !testIds.has(e.id));

describe("brand logos", () => {
  it("gives every entry a logo file in public/logos, unless it is on the no-brand list", () => {
    const problems = shipped.flatMap((e) => {
      if (e.id in NO_BRAND_ICON) return e.logo ? [`${e.id} is on the no-brand list but has ${e.logo}`] : [];
      if (!e.logo) return [`${e.id} has no logo: map it in BRAND_ICONS or list it in NO_BRAND_ICON`];
      return existsSync(logosDir + e.logo.slice("/logos/".length)) ? [] : [`${e.id}: ${e.logo} is missing`];
    });
    expect(problems).toEqual([]);
  });

  it("uses the simple-icons file for a mapped brand, in the brand's colour", () => {
    expect(getComponent("github")?.logo).toBe("/logos/github.svg");
    const svg = readFileSync(logosDir + "github.svg", "utf8");
    expect(svg).toContain('fill="#181717"');
    expect(svg).toContain(iconsBySlug().get("github")!.path);
    // A pale brand colour gets a dark tile, so the yellow is visible on the white page.
    expect(readFileSync(logosDir + "mailchimp.svg", "utf8")).toMatch(/<rect [^>]*fill="#1E293B"/);
  });

  it("has committed files identical to what npm run logos writes from the installed simple-icons", () => {
    const expected = expectedLogos();
    const stale = [...expected].filter(([name, content]) => {
      const path = logosDir + name;
      return !existsSync(path) || readFileSync(path, "utf8") !== content;
    });
    expect(stale.map(([name]) => name)).toEqual([]);
    const allowed = new Set([...expected.keys(), ...GENERIC_LOGOS.map((n) => `${n}.svg`)]);
    expect(readdirSync(logosDir).filter((name) => !allowed.has(name))).toEqual([]);
  });

  it("lists as brandless only brands simple-icons really lacks, and maps only catalogue ids", () => {
    const icons = iconsBySlug();
    expect(Object.entries(NO_BRAND_ICON).filter(([, slug]) => icons.has(slug))).toEqual([]);
    const ids = new Set(shipped.map((e) => e.id));
    expect([...Object.keys(BRAND_ICONS), ...Object.keys(NO_BRAND_ICON)].filter((id) => !ids.has(id))).toEqual([]);
    expect(Object.keys(BRAND_ICONS).filter((id) => id in NO_BRAND_ICON)).toEqual([]);
  });

  it("draws the protocols SFTP and FTP with the generic file-transfer icons, never a brand or a monogram", () => {
    const problems = [
      ["sftp", "file-transfer-secure", "Secure file transfer"],
      ["ftp", "file-transfer", "File transfer"],
    ].flatMap(([id, file, title]) => {
      const entry = getComponent(id)!;
      const issues: string[] = [];
      if (id in NO_BRAND_ICON || id in BRAND_ICONS) issues.push(`${id} is listed as a brand`);
      if (entry.logo !== `/logos/${file}.svg`) issues.push(`${id} has ${entry.logo}`);
      const svg = readFileSync(logosDir + `${file}.svg`, "utf8");
      if (!svg.includes(`<title id="t">${title}</title>`) || !svg.includes('role="img"')) issues.push(`${file}.svg`);
      const html = renderToStaticMarkup(createElement(ComponentLogo, { name: entry.name, logo: entry.logo }));
      if (!html.includes(`src="/logos/${file}.svg"`)) issues.push(`${id} renders ${html}`);
      return issues;
    });
    expect(problems).toEqual([]);
    expect(GENERIC_LOGOS).toEqual(expect.arrayContaining(["file-transfer", "file-transfer-secure"]));
  });

  it("renders an <img> for a brand, a monogram for a brandless one, and Other for no component", () => {
    const github = getComponent("github")!;
    const img = renderToStaticMarkup(createElement(ComponentLogo, { name: github.name, logo: github.logo }));
    expect(img).toMatch(/<img src="\/logos\/github.svg" alt=""/);

    const slack = getComponent("slack")!;
    const mono = renderToStaticMarkup(createElement(ComponentLogo, { name: slack.name, logo: slack.logo }));
    expect(mono).toContain(">S</span>");

    const none = componentView(null);
    expect(none).toMatchObject({ name: "Other", logo: OTHER_LOGO });
    expect(existsSync(logosDir + "other.svg")).toBe(true);
    const other = renderToStaticMarkup(createElement(ComponentLogo, { name: none.name, logo: none.logo }));
    expect(other).toContain('src="/logos/other.svg"');
    expect(other).not.toContain("NC");
  });

  it("syncs a logos directory at build time: identical files are left alone, stale, missing and stray ones fixed", () => {
    const dir = mkdtempSync(path.join(process.env.IC_TEST_SCRATCH!, "logos-")) + "/";
    cpSync(logosDir, dir, { recursive: true });
    const mtimes = () => new Map(readdirSync(dir).map((name) => [name, statSync(dir + name).mtimeMs]));
    const before = mtimes();
    // The committed tree is up to date, so the build step writes nothing: no git diff, no new mtimes.
    expect(syncLogos({ dir })).toMatchObject({ changed: [], problems: [] });
    expect(mtimes()).toEqual(before);

    writeFileSync(dir + "github.svg", "<svg/>");
    unlinkSync(dir + "stripe.svg");
    writeFileSync(dir + "unmapped.svg", "<svg/>");
    expect(syncLogos({ dir, check: true }).problems.sort()).toEqual([
      "github.svg is stale",
      "stripe.svg is missing",
      "unmapped.svg is not mapped",
    ]);
    expect(syncLogos({ dir }).changed.sort()).toEqual(["github.svg", "stripe.svg", "unmapped.svg"]);
    expect(readFileSync(dir + "github.svg", "utf8")).toBe(readFileSync(logosDir + "github.svg", "utf8"));
    expect(existsSync(dir + "stripe.svg")).toBe(true);
    expect(existsSync(dir + "unmapped.svg")).toBe(false);
  });

  it("runs the logo step before next build in npm run build", () => {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.build).toBe("tsx scripts/build-logos.ts && next build");
  });
});
