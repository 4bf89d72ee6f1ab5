import { createRequire } from "node:module";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import nextConfig from "@/next.config";
import { proxy, config as proxyConfig } from "@/proxy";
import { api, newTenant } from "@/tests/api";
import { frameAncestors, isEmbedPath } from "./frame-headers";

// /embed is the one page another site may frame, and only the exact origins its connect
// session allows (docs/architecture.md › Embedding). next.config.ts gives every other path
// frame-ancestors 'none' and X-Frame-Options DENY; proxy.ts gives /embed its session's list.

// The matcher Next itself compiles header sources and proxy matchers with (untyped, compiled in).
const { pathToRegexp } = createRequire(import.meta.url)("next/dist/compiled/path-to-regexp") as {
  pathToRegexp: (path: string, keys: unknown[], opts: object) => RegExp;
};

type Tenant = Awaited<ReturnType<typeof newTenant>>;
const A = "https://app.example.com";
const B = "http://127.0.0.2:4100";

async function tenantWithOrigins(embedOrigins: string[]) {
  const t = await newTenant();
  const r = await api("PATCH", "/api/v1/settings", { token: t.apiKey, body: { embedOrigins } });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return t;
}

async function mint(t: Tenant, body: Record<string, unknown> = {}) {
  const r = await api("POST", "/api/v1/connect-sessions", { token: t.apiKey, body: { username: "ada", ...body } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.data as { id: string; token: string };
}

/** What proxy.ts answers for a page request to `path`. */
async function headersFor(path: string) {
  const res = await proxy(new NextRequest(new URL(path, "http://127.0.0.1:3000")));
  return res.headers;
}

describe("proxy.ts: /embed's frame-ancestors come from its session", () => {
  it("lists the tenant's embed origins exactly, with no-referrer and no X-Frame-Options", async () => {
    const t = await tenantWithOrigins([A, B]);
    const { token } = await mint(t);
    const h = await headersFor(`/embed?session=${token}`);
    expect(h.get("content-security-policy")).toBe(`frame-ancestors ${A} ${B}`);
    expect(h.get("referrer-policy")).toBe("no-referrer");
    expect(h.get("x-frame-options")).toBeNull();
  });

  it("narrows to the session's own origin", async () => {
    const t = await tenantWithOrigins([A, B]);
    const { token } = await mint(t, { origin: B });
    expect((await headersFor(`/embed?session=${token}&theme=dark`)).get("content-security-policy")).toBe(
      `frame-ancestors ${B}`,
    );
  });

  it("is 'none' without a live session: missing, forged, ended, or a tenant with no embed origins", async () => {
    const t = await tenantWithOrigins([A]);
    const ended = await mint(t);
    const r = await api("DELETE", `/api/v1/connect-sessions/${ended.id}`, { token: t.apiKey });
    expect(r.status).toBe(204);
    const none = await mint(await tenantWithOrigins([]));
    for (const path of [
      "/embed",
      "/embed?session=",
      `/embed?session=ics_${"A".repeat(43)}`,
      "/embed?session=*",
      `/embed?session=${ended.token}`,
      `/embed?session=${none.token}`,
    ]) {
      const h = await headersFor(path);
      expect(h.get("content-security-policy"), path).toBe("frame-ancestors 'none'");
      expect(h.get("referrer-policy"), path).toBe("no-referrer");
    }
  });

  it("covers /embed in any letter case and below it, and leaves every other path to next.config.ts", async () => {
    const t = await tenantWithOrigins([A]);
    const { token } = await mint(t);
    expect((await headersFor(`/EMBED?session=${token}`)).get("content-security-policy")).toBe(`frame-ancestors ${A}`);
    expect((await headersFor(`/embed/x`)).get("content-security-policy")).toBe("frame-ancestors 'none'");
    for (const path of ["/", `/credentials?session=${token}`, `/embedded?session=${token}`, "/oauth/result"]) {
      expect((await headersFor(path)).get("content-security-policy"), path).toBeNull();
    }
  });
});

describe("next.config.ts and proxy.ts split the paths between them", async () => {
  const rules = await nextConfig.headers!();
  const global = rules.find((r) => r.headers.some((h) => h.key === "X-Frame-Options"))!;
  const globalRe = pathToRegexp(global.source, [], { strict: true, sensitive: false, delimiter: "/" });
  const matcherRe = proxyConfig.matcher.map((m) =>
    pathToRegexp(m, [], { strict: true, sensitive: false, delimiter: "/" }),
  );

  it.each([
    "/",
    "/credentials/new",
    "/api/v1/secrets",
    "/oauth/result",
    "/embedded",
    "/settings/embed",
    "/embed",
    "/embed/",
    "/embed/x",
    "/Embed",
    "/EMBED/y",
  ])("%s gets its frame-ancestors from exactly one of them", (path) => {
    const embed = isEmbedPath(path);
    expect(globalRe.test(path)).toBe(!embed);
    // The proxy sees every embed path (so none goes without a CSP).
    if (embed) expect(matcherRe.some((re) => re.test(path))).toBe(true);
  });

  it("denies framing everywhere else", () => {
    expect(global.headers).toEqual(
      expect.arrayContaining([
        { key: "Content-Security-Policy", value: "frame-ancestors 'none'" },
        { key: "X-Frame-Options", value: "DENY" },
      ]),
    );
    // No other rule sets a frame policy (a second CSP would be enforced alongside).
    const others = rules.filter((r) => r !== global);
    expect(
      others.flatMap((r) => r.headers.filter((h) => /content-security-policy|x-frame-options/i.test(h.key))),
    ).toEqual([]);
  });
});

describe("frameAncestors", () => {
  it("keeps exact origins only, so a bad value narrows the list instead of widening it", () => {
    expect(
      frameAncestors(["*", "https://*.example.com", "'self'", "https://a.example; script-src *", "https://a.example/"]),
    ).toBe("frame-ancestors 'none'");
    expect(frameAncestors(["*", A, A, "http://[::1]:3000"])).toBe(`frame-ancestors ${A} http://[::1]:3000`);
  });
});
