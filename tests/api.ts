import { randomBytes } from "node:crypto";
import { encode } from "next-auth/jwt";
import { NextRequest } from "next/server";
import { getDb } from "@/db/client";
import { memberships, users, type Role } from "@/db/schema";
import { routes, type HttpMethod } from "@/lib/api/routes";
import { createApiKey } from "@/lib/auth/api-keys";
import { hashPassword } from "@/lib/auth/password";
import { env } from "@/lib/env";
import { createTenant } from "@/lib/tenants/create";

// Each route types its own params.
type Handler = (req: NextRequest, ctx: { params: Promise<any> }) => Promise<Response>;
type RouteModule = Partial<Record<HttpMethod, Handler>>;

/** Where Next keeps a registry path's handlers: `/api/v1/secrets/{id}` → `app/api/v1/secrets/[id]/route`. */
export const routeModulePath = (path: string) =>
  `app${path.replace(/\{\.\.\.(\w+)\}/g, "[...$1]").replace(/\{(\w+)\}/g, "[$1]")}/route`;

/**
 * The registry's paths as Next matches them. `{name}` is one segment, `{...name}` the rest;
 * where two patterns match, the one whose first differing segment is static wins.
 */
const table = [...new Set(routes.map((r) => r.path))]
  .map((path) => {
    const params: { name: string; rest: boolean }[] = [];
    const segments = path.split("/").map((seg) => {
      const m = /^\{(\.\.\.)?(\w+)\}$/.exec(seg);
      if (!m) return seg.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      params.push({ name: m[2], rest: !!m[1] });
      return m[1] ? "(.+)" : "([^/]+)";
    });
    const rank = path
      .split("/")
      .map((seg) => (seg.startsWith("{") ? "1" : "0"))
      .join("");
    return { path, re: new RegExp(`^${segments.join("/")}$`), params, rank };
  })
  .sort((a, b) => a.rank.localeCompare(b.rank));

const modules = new Map<string, Promise<RouteModule>>();
/** The route module behind a registry path, imported on first use like Next does. */
function routeModule(path: string): Promise<RouteModule> {
  let mod = modules.get(path);
  if (!mod) {
    mod = import(/* @vite-ignore */ `@/${routeModulePath(path)}`) as Promise<RouteModule>;
    modules.set(path, mod);
  }
  return mod;
}

export type ApiResult = { status: number; headers: Headers; body: any };

/** Calls the real route handler for `path`, as an HTTP request would. */
export async function api(
  method: HttpMethod,
  path: string,
  opts: {
    token?: string;
    cookie?: string;
    body?: unknown;
    raw?: string;
    headers?: Record<string, string>;
    /** Aborts the request as a browser that gives up would (Next aborts `req.signal` when the client goes). */
    signal?: AbortSignal;
  } = {},
): Promise<ApiResult> {
  const url = new URL(path, "http://127.0.0.1:3000");
  const match = table.map((t) => ({ ...t, m: t.re.exec(url.pathname) })).find((t) => t.m);
  if (!match) throw new Error(`no route for ${path}`);
  const def = routes.find((r) => r.path === match.path && r.method === method);
  if (!def) throw new Error(`no ${method} ${match.path} in the route registry`);
  const handler = (await routeModule(match.path))[method];
  if (!handler) throw new Error(`no ${method} handler for ${path}`);
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.cookie) headers.cookie = opts.cookie;
  const body = opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
  if (body !== undefined) headers["content-type"] ??= "application/json";
  const req = new NextRequest(url, { method, headers, body, signal: opts.signal });
  const params = Object.fromEntries(
    match.params.map((p, i) => {
      const raw = match.m![i + 1];
      return [p.name, p.rest ? raw.split("/").map(decodeURIComponent) : decodeURIComponent(raw)];
    }),
  );
  const res = await handler(req, { params: Promise.resolve(params) });
  const text = await res.text();
  // Browser-facing routes (the OAuth callback's failure page) answer HTML: keep it as text.
  const isJson = (res.headers.get("content-type") ?? "").includes("json");
  const parsed = !text ? null : isJson ? JSON.parse(text) : text;
  // Every success answer of every test is held to the route's public response schema, so an
  // extra field (a hash, a ciphertext) or a missing one fails whichever test first sees it.
  if (def.response && res.status >= 200 && res.status < 300) {
    const checked = def.response.safeParse(parsed);
    if (!checked.success) {
      throw new Error(
        `${method} ${path} answered ${res.status} outside its response schema:\n${JSON.stringify(checked.error.issues, null, 2)}`,
      );
    }
  }
  return { status: res.status, headers: res.headers, body: parsed };
}

export const uniq = (p = "t") => `${p}-${randomBytes(5).toString("hex")}`;

/** A fresh tenant with its admin and an API key. */
export async function newTenant() {
  const db = await getDb();
  const { tenant, user } = await createTenant(db, {
    name: uniq("Acme"),
    adminEmail: `${uniq("admin")}@example.test`,
    adminPassword: "correct horse battery",
  });
  const { key } = await createApiKey(db, { tenantId: tenant.id, name: "test" });
  return { tenantId: tenant.id, adminId: user.id, apiKey: key };
}

/** A dashboard session cookie for a member with `role` in the tenant. */
export async function memberCookie(tenantId: string, role: Role): Promise<string> {
  const db = await getDb();
  const [user] = await db
    .insert(users)
    .values({ email: `${uniq(role)}@example.test`, name: role, passwordHash: await hashPassword("x".repeat(12)) })
    .returning();
  await db.insert(memberships).values({ tenantId, userId: user.id, role });
  const name = "authjs.session-token";
  // The claims auth.ts's jwt callback writes at sign-in, session version included.
  const token = await encode({
    token: { uid: user.id, tid: tenantId, role, sv: user.sessionVersion },
    secret: env().AUTH_SECRET,
    salt: name,
  });
  return `${name}=${token}`;
}

/** A user token for `username` in the tenant of `apiKey`. */
export async function userToken(apiKey: string, username: string): Promise<string> {
  const r = await api("POST", "/api/v1/impersonate", { token: apiKey, body: { username } });
  if (r.status !== 200) throw new Error(`impersonate failed: ${JSON.stringify(r.body)}`);
  return r.body.token;
}
