import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { api, memberCookie, newTenant, uniq, userToken } from "./api";

// Postgres text and jsonb cannot hold U+0000, so a NUL that reaches a query is a 500.
// The API refuses it at the boundary instead: 400 validation_failed naming the field.
const NUL = "\u0000";
const Q = "%00";

type Tenant = Awaited<ReturnType<typeof newTenant>>;
/** What a case set up before the bad request: a secret, a dashboard cookie, a user token. */
type Fixture = { secretId: string; cookie: string; userToken: string };
type Case = {
  name: string;
  request: (t: Tenant, f: Fixture) => Promise<{ status: number; body: any }>;
  /** The issue path expected to name the field. */
  path: string | RegExp;
};

/** Rows the tenant owns, per table: a refused request must change none of them. */
async function footprint(tenantId: string) {
  const db = await getDb();
  const rows = await db.execute<Record<string, number>>(sql`
    select
      (select count(*)::int from secrets where tenant_id = ${tenantId}) as secrets,
      (select count(*)::int from end_users where tenant_id = ${tenantId}) as end_users,
      (select count(*)::int from secret_usages where tenant_id = ${tenantId}) as usages,
      (select count(*)::int from workspaces where tenant_id = ${tenantId}) as workspaces,
      (select count(*)::int from memberships where tenant_id = ${tenantId}) as members,
      (select count(*)::int from audit_events where tenant_id = ${tenantId}) as audit_events`);
  return Array.isArray(rows) ? rows[0] : (rows as unknown as { rows: Record<string, number>[] }).rows[0];
}

const bearer = (name: string) => ({ name, type: "BEARER", value: { token: "t" } });
const h = { "x-requested-with": "fetch" };

async function fixture(t: Tenant): Promise<Fixture> {
  const c = await api("POST", "/api/v1/secrets", { token: t.apiKey, body: bearer("base") });
  if (c.status !== 201) throw new Error(JSON.stringify(c.body));
  return {
    secretId: c.body.data.id,
    cookie: await memberCookie(t.tenantId, "admin"),
    userToken: await userToken(t.apiKey, uniq("u")),
  };
}

const cases: Case[] = [
  {
    name: "secret name",
    request: (t) => api("POST", "/api/v1/secrets", { token: t.apiKey, body: bearer(`a${NUL}b`) }),
    path: "name",
  },
  {
    name: "secret name, body wrapped in data",
    request: (t) => api("POST", "/api/v1/secrets", { token: t.apiKey, body: { data: bearer(`a${NUL}`) } }),
    path: "name",
  },
  {
    name: "value field (SIMPLE username)",
    request: (t) =>
      api("POST", "/api/v1/secrets", {
        token: t.apiKey,
        body: { name: "s", type: "SIMPLE", value: { username: `u${NUL}`, passphrase: "p" } },
      }),
    path: "value.username",
  },
  {
    name: "object key (config)",
    request: (t) =>
      api("POST", "/api/v1/secrets", {
        token: t.apiKey,
        body: { ...bearer("k"), config: { [`sub${NUL}domain`]: "x" } },
      }),
    path: /^config\./,
  },
  {
    name: "string inside an array",
    request: (t) =>
      api("PATCH", "/api/v1/settings", {
        token: t.apiKey,
        body: { embedOrigins: ["https://ok.example", `https://x${NUL}.example`] },
      }),
    path: "embedOrigins.1",
  },
  {
    name: "patched secret name",
    request: (t, f) => api("PATCH", `/api/v1/secrets/${f.secretId}`, { token: t.apiKey, body: { name: `n${NUL}` } }),
    path: "name",
  },
  {
    name: "impersonate username (body)",
    request: (t) => api("POST", "/api/v1/impersonate", { token: t.apiKey, body: { username: `alice${NUL}` } }),
    path: "username",
  },
  {
    name: "?username= on a list",
    request: (t) => api("GET", `/api/v1/secrets?username=alice${Q}`, { token: t.apiKey }),
    path: "username",
  },
  {
    name: "?username= on credential passing (would create the end user)",
    request: (t) => api("POST", `/api/v1/secrets?username=bob${Q}`, { token: t.apiKey, body: bearer("ok") }),
    path: "username",
  },
  {
    name: "?username= on a secret read",
    request: (t, f) => api("GET", `/api/v1/secrets/${f.secretId}?username=bob${Q}`, { token: t.apiKey }),
    path: "username",
  },
  {
    name: "?username= from a user token",
    request: (_, f) => api("GET", `/api/v1/secrets?username=x${Q}`, { token: f.userToken }),
    path: "username",
  },
  {
    name: "usage ref",
    request: (t, f) =>
      api("POST", `/api/v1/secrets/${f.secretId}/usages`, { token: t.apiKey, body: { ref: `flow/${NUL}1` } }),
    path: "ref",
  },
  {
    name: "usage ref as a path parameter",
    request: (t, f) => api("DELETE", `/api/v1/secrets/${f.secretId}/usages/flow${Q}`, { token: t.apiKey }),
    path: "ref",
  },
  {
    name: "workspace name",
    request: (t) =>
      api("POST", "/api/v1/workspaces", { token: t.apiKey, body: { slug: uniq("ws"), name: `Staging${NUL}` } }),
    path: "name",
  },
  {
    name: "workspace slug",
    request: (t) => api("POST", "/api/v1/workspaces", { token: t.apiKey, body: { slug: `ws${NUL}` } }),
    path: "slug",
  },
  {
    name: "member name (dashboard admin)",
    request: (_, f) =>
      api("POST", "/api/v1/members", {
        cookie: f.cookie,
        headers: h,
        body: {
          email: `${uniq("m")}@example.test`,
          name: `Eve${NUL}`,
          role: "viewer",
          password: "a long initial password",
        },
      }),
    path: "name",
  },
  {
    name: "a repeated query parameter (first clean, second not)",
    request: (t) => api("GET", `/api/v1/secrets?username=ok&username=x${Q}`, { token: t.apiKey }),
    path: "username",
  },
  {
    name: "a string nested 20,000 levels deep",
    request: (t) =>
      api("POST", "/api/v1/api-keys", {
        token: t.apiKey,
        raw: `{"name":${"[".repeat(20_000)}"\\u0000"${"]".repeat(20_000)}}`,
      }),
    path: /^name(\.0)+…$/,
  },
  {
    name: "end-user path parameter",
    request: (t) => api("DELETE", `/api/v1/end-users/carol${Q}`, { token: t.apiKey }),
    path: "username",
  },
];

describe("NUL bytes are refused at the boundary", () => {
  it.each(cases)("$name → 400 validation_failed, nothing stored", async ({ request, path }) => {
    const t = await newTenant();
    const f = await fixture(t);
    const before = await footprint(t.tenantId);
    const r = await request(t, f);
    expect(r.status, JSON.stringify(r.body)).toBe(400);
    expect(r.body.error.code).toBe("validation_failed");
    const paths: string[] = r.body.error.issues.map((i: { path: string }) => i.path);
    if (typeof path === "string") expect(paths).toContain(path);
    else
      expect(
        paths.some((p) => path.test(p)),
        paths.join(),
      ).toBe(true);
    expect(await footprint(t.tenantId)).toEqual(before);
  });

  it("the rule catches only NUL: other control characters still pass", async () => {
    const t = await newTenant();
    expect((await api("POST", "/api/v1/secrets", { token: t.apiKey, body: bearer("a\u0001b") })).status).toBe(201);
    expect(
      (await api("POST", "/api/v1/impersonate", { token: t.apiKey, body: { username: "alice\u0001" } })).status,
    ).toBe(200);
    expect((await api("GET", "/api/v1/secrets?username=alice%01", { token: t.apiKey })).status).toBe(200);
    expect((await api("DELETE", "/api/v1/end-users/carol%20x", { token: t.apiKey })).status).toBe(404);
  });
});
