import { randomBytes } from "node:crypto";
import { encode } from "next-auth/jwt";
import { NextRequest } from "next/server";
import { getDb } from "@/db/client";
import { memberships, users, type Role } from "@/db/schema";
import { createApiKey } from "@/lib/auth/api-keys";
import { hashPassword } from "@/lib/auth/password";
import { env } from "@/lib/env";
import { createTenant } from "@/lib/tenants/create";
import * as accountPassword from "@/app/api/v1/account/password/route";
import * as apiKeys from "@/app/api/v1/api-keys/route";
import * as apiKey from "@/app/api/v1/api-keys/[id]/route";
import * as auditEvents from "@/app/api/v1/audit-events/route";
import * as endUser from "@/app/api/v1/end-users/[username]/route";
import * as health from "@/app/api/health/route";
import * as impersonate from "@/app/api/v1/impersonate/route";
import * as members from "@/app/api/v1/members/route";
import * as member from "@/app/api/v1/members/[id]/route";
import * as secrets from "@/app/api/v1/secrets/route";
import * as secret from "@/app/api/v1/secrets/[id]/route";
import * as requestAuth from "@/app/api/v1/secrets/[id]/request-auth/route";
import * as usages from "@/app/api/v1/secrets/[id]/usages/route";
import * as usage from "@/app/api/v1/secrets/[id]/usages/[ref]/route";
import * as settings from "@/app/api/v1/settings/route";
import * as verify from "@/app/api/v1/secrets/[id]/verify/route";
import * as components from "@/app/api/v1/components/route";
import * as component from "@/app/api/v1/components/[id]/route";
import * as workspaces from "@/app/api/v1/workspaces/route";
import * as workspace from "@/app/api/v1/workspaces/[id]/route";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each route types its own params
type Handler = (req: NextRequest, ctx: { params: Promise<any> }) => Promise<Response>;
type RouteModule = Partial<Record<"GET" | "POST" | "PATCH" | "DELETE", Handler>>;

/** Route patterns as Next would match them, most specific first. */
const routes: [RegExp, string[], RouteModule][] = [
  [/^\/api\/health$/, [], health],
  [/^\/api\/v1\/account\/password$/, [], accountPassword],
  [/^\/api\/v1\/api-keys$/, [], apiKeys],
  [/^\/api\/v1\/api-keys\/([^/]+)$/, ["id"], apiKey],
  [/^\/api\/v1\/audit-events$/, [], auditEvents],
  [/^\/api\/v1\/end-users\/([^/]+)$/, ["username"], endUser],
  [/^\/api\/v1\/impersonate$/, [], impersonate],
  [/^\/api\/v1\/members$/, [], members],
  [/^\/api\/v1\/members\/([^/]+)$/, ["id"], member],
  [/^\/api\/v1\/secrets$/, [], secrets],
  [/^\/api\/v1\/secrets\/([^/]+)$/, ["id"], secret],
  [/^\/api\/v1\/secrets\/([^/]+)\/request-auth$/, ["id"], requestAuth],
  [/^\/api\/v1\/secrets\/([^/]+)\/usages$/, ["id"], usages],
  [/^\/api\/v1\/secrets\/([^/]+)\/usages\/([^/]+)$/, ["id", "ref"], usage],
  [/^\/api\/v1\/settings$/, [], settings],
  [/^\/api\/v1\/secrets\/([^/]+)\/verify$/, ["id"], verify],
  [/^\/api\/v1\/components$/, [], components],
  [/^\/api\/v1\/components\/([^/]+)$/, ["id"], component],
  [/^\/api\/v1\/workspaces$/, [], workspaces],
  [/^\/api\/v1\/workspaces\/([^/]+)$/, ["id"], workspace],
];

export type ApiResult = { status: number; headers: Headers; body: any };

/** Calls the real route handler for `path`, as an HTTP request would. */
export async function api(
  method: "GET" | "POST" | "PATCH" | "DELETE",
  path: string,
  opts: { token?: string; cookie?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<ApiResult> {
  const url = new URL(path, "http://127.0.0.1:3000");
  const match = routes.map(([re, names, mod]) => [re.exec(url.pathname), names, mod] as const).find(([m]) => m);
  if (!match) throw new Error(`no route for ${path}`);
  const [m, names, mod] = match;
  const handler = mod[method];
  if (!handler) throw new Error(`no ${method} handler for ${path}`);
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.cookie) headers.cookie = opts.cookie;
  const body = opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
  if (body !== undefined) headers["content-type"] ??= "application/json";
  const req = new NextRequest(url, { method, headers, body });
  const params = Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m![i + 1])]));
  const res = await handler(req, { params: Promise.resolve(params) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
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
  const token = await encode({ token: { uid: user.id, tid: tenantId, role }, secret: env().AUTH_SECRET, salt: name });
  return `${name}=${token}`;
}

/** A user token for `username` in the tenant of `apiKey`. */
export async function userToken(apiKey: string, username: string): Promise<string> {
  const r = await api("POST", "/api/v1/impersonate", { token: apiKey, body: { username } });
  if (r.status !== 200) throw new Error(`impersonate failed: ${JSON.stringify(r.body)}`);
  return r.body.token;
}
