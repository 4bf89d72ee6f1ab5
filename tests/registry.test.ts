import { randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Role } from "@/db/schema";
import { routes, type RouteDef } from "@/lib/api/routes";
import { ALLOW } from "@/lib/auth/allow";
import type { Allow } from "@/lib/auth/caller";
import { api, memberCookie, newTenant, routeModulePath, uniq, userToken } from "./api";

/** A connect session for `username`, minted by the tenant's backend. */
async function connectSessionToken(apiKey: string, username: string): Promise<string> {
  const r = await api("POST", "/api/v1/connect-sessions", { token: apiKey, body: { username } });
  if (r.status !== 201) throw new Error(`connect session failed: ${JSON.stringify(r.body)}`);
  return r.body.data.token;
}

const appDir = path.join(process.cwd(), "app");
// Every method a route module may export; HEAD and OPTIONS included so a stray one is caught too.
const EXPORTABLE = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"];

/** app/api/**\/route.ts, each as its URL path in the registry's notation. */
function routeFiles(): { file: string; path: string }[] {
  return readdirSync(path.join(appDir, "api"), { recursive: true, encoding: "utf8" })
    .filter((f) => path.basename(f) === "route.ts")
    .map((f) => {
      const segments = path
        .dirname(f)
        .split(path.sep)
        .filter((s) => !/^\(.*\)$/.test(s)); // (group) folders add no segment
      const url = `/api/${segments.join("/")}`.replace(/\[\.\.\.(\w+)\]/g, "{...$1}").replace(/\[(\w+)\]/g, "{$1}");
      return { file: path.join("app/api", f), path: url };
    });
}

const keyOf = (r: Pick<RouteDef, "method" | "path">) => `${r.method} ${r.path}`;

describe("the route registry", () => {
  it("names exactly the handlers that app/api/**/route.ts exports", async () => {
    const files = routeFiles();
    expect(files.length).toBeGreaterThan(15);
    const exported: string[] = [];
    for (const { file, path: url } of files) {
      const mod = (await import(/* @vite-ignore */ `@/${file.replace(/\.ts$/, "")}`)) as Record<string, unknown>;
      const methods = EXPORTABLE.filter((m) => typeof mod[m] === "function");
      expect(methods.length, `${file} exports no handler`).toBeGreaterThan(0);
      exported.push(...methods.map((method) => `${method} ${url}`));
    }
    const registered = routes.map(keyOf);
    expect(
      registered.filter((k) => !exported.includes(k)),
      "registered, but no route file exports it",
    ).toEqual([]);
    expect(
      exported.filter((k) => !registered.includes(k)),
      "exported by a route file, but not registered",
    ).toEqual([]);
  });

  it("maps every registry path to its route file, which tests/api.ts imports", () => {
    const files = new Set(routeFiles().map((f) => f.file.replace(/\.ts$/, "")));
    for (const r of routes) expect(files, keyOf(r)).toContain(routeModulePath(r.path));
  });

  it("gives each route a summary, and each authenticated route one of the named caller sets", () => {
    const sets = Object.values(ALLOW) as readonly (readonly Allow[])[];
    for (const r of routes) {
      expect(r.summary.length, keyOf(r)).toBeGreaterThan(5);
      if (r.allow !== "public") expect(sets, keyOf(r)).toContain(r.allow);
    }
  });
});

// The registry is only the rule if the handlers obey it: each caller kind either passes the
// wrapper or is refused by it, exactly as the route's caller set says.
describe("every handler enforces its registry caller set", () => {
  const kinds: Allow[] = ["api_key", "end_user", "connect_session", "admin", "developer", "viewer"];
  let credentials: Record<Allow, { token?: string; cookie?: string }>;

  beforeAll(async () => {
    const t = await newTenant();
    const cookies = {} as Record<Role, string>;
    for (const role of ["admin", "developer", "viewer"] as const) cookies[role] = await memberCookie(t.tenantId, role);
    credentials = {
      api_key: { token: t.apiKey },
      end_user: { token: await userToken(t.apiKey, uniq("user")) },
      connect_session: { token: await connectSessionToken(t.apiKey, uniq("user")) },
      admin: { cookie: cookies.admin },
      developer: { cookie: cookies.developer },
      viewer: { cookie: cookies.viewer },
    };
  });

  // Unknown ids and empty bodies: an admitted caller gets past the wrapper and is stopped by
  // the handler (400/404), so the sweep changes nothing that matters.
  const concrete = (p: string) => p.replace(/\{id\}/g, randomUUID()).replace(/\{(\w+)\}/g, () => uniq("x"));

  for (const r of routes.filter((r) => r.allow !== "public")) {
    it(`${r.method} ${r.path} admits ${(r.allow as readonly Allow[]).join(", ")}`, async () => {
      const allow = r.allow as readonly Allow[];
      for (const kind of kinds) {
        const res = await api(r.method, concrete(r.path), {
          ...credentials[kind],
          headers: { "x-requested-with": "fetch" },
          body: r.method === "GET" || r.method === "DELETE" ? undefined : {},
        });
        if (allow.includes(kind)) {
          expect([401, 403], `${kind} should pass the wrapper (${JSON.stringify(res.body)})`).not.toContain(res.status);
        } else {
          expect(res.status, `${kind} should be refused`).toBe(403);
          expect(res.body.error.code).toBe("forbidden");
        }
      }
    });
  }

  it("public routes answer without credentials", async () => {
    // The catch-all needs a concrete tail; csrf is Auth.js's one anonymous GET that always answers 200.
    const samples: Record<string, string> = { "/api/auth/{...nextauth}": "/api/auth/csrf" };
    // The OAuth flow's browser steps answer a bare request (no state) with their 400 page.
    // An unknown (here: unpublished) signing key's JWK set is 404, with or without credentials.
    const status: Record<string, number> = {
      "/api/v1/oauth/launch": 400,
      "/api/v1/callback": 400,
      "/api/v1/jwks/{secretId}": 404,
    };
    const gets = routes.filter((r) => r.allow === "public" && r.method === "GET");
    expect(gets.length).toBeGreaterThanOrEqual(3);
    for (const r of gets) {
      const res = await api("GET", samples[r.path] ?? r.path);
      expect(res.status, keyOf(r)).toBe(status[r.path] ?? 200);
    }
  });

  it("no caller at all is refused by every authenticated route", async () => {
    for (const r of routes.filter((r) => r.allow !== "public")) {
      const res = await api(r.method, concrete(r.path), {
        body: r.method === "GET" || r.method === "DELETE" ? undefined : {},
      });
      expect(res.status, keyOf(r)).toBe(401);
    }
  });
});

// Comments may cite docs/*.md (the design notes outside the repository are not citable):
// every cited page must exist, and every cited `› Section` must be one of its headings.
describe("documentation references in the code", () => {
  const root = process.cwd();
  const sources = ["app", "components", "db", "lib", "scripts", "tests", "e2e"]
    .flatMap((dir) =>
      readdirSync(path.join(root, dir), { recursive: true, encoding: "utf8" }).map((f) => path.join(dir, f)),
    )
    .filter((f) => /\.(ts|tsx|mjs)$/.test(f));

  it("cites no design note that is not in the repository", () => {
    const offenders = sources.filter((f) =>
      /\b(DESIGN|API|STYLE|STACK)\.md\b/.test(readFileSync(path.join(root, f), "utf8")),
    );
    expect(offenders).toEqual([]);
  });

  it("cites only docs/ pages and sections that exist", () => {
    const cites = sources.flatMap((f) =>
      [
        ...readFileSync(path.join(root, f), "utf8").matchAll(
          /docs\/([\w-]+\.md)(?: › ([A-Z][\w-]*(?: [a-z][\w-]*)*))?/g,
        ),
      ].map((m) => ({ f, page: m[1], section: m[2] })),
    );
    expect(cites.length).toBeGreaterThan(0);
    for (const c of cites) {
      const file = path.join(root, "docs", c.page);
      expect(existsSync(file), `${c.f} cites docs/${c.page}`).toBe(true);
      if (!c.section) continue;
      const headings = readFileSync(file, "utf8")
        .split("\n")
        .filter((l) => l.startsWith("#"))
        .map((l) => l.replace(/^#+\s*/, "").replace(/\s*\(.*\)$/, "")); // "Token refresh (planned)" is cited as "Token refresh"
      expect(headings, `${c.f} cites docs/${c.page} › ${c.section}`).toContain(c.section);
    }
  });
});
