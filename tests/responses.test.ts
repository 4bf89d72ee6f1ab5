import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { getDb } from "@/db/client";
import { secrets, tenants, users } from "@/db/schema";
import { present, timestampSchema } from "@/lib/api/public";
import { routeDef, routes, type RouteDef, type RouteKey } from "@/lib/api/routes";
import { resetEnvCache } from "@/lib/env";
import { maskedSecretSchema } from "@/lib/secrets/public";
import { apiKeySchema, memberSchema, settingsSchema } from "@/lib/tenants/public";
import { deliverDueWebhooks } from "@/lib/webhooks/deliver";
import { GOOD, startFakeApi, type FakeApi } from "./fakes/fake-api";
import { startTokenServer, type TokenServer } from "./fakes/token-server";
import { oauthSecret } from "./support/oauth-secret";
import { api, newTenant, uniq, type ApiResult } from "./api";

// Every GET/POST/PATCH route with a JSON success body is called once, for real, and its body
// is parsed with the response schema its registry entry documents. The public schemas are
// strict, so a field they do not name (a hash, a ciphertext, an internal setting) fails here.

let fake: FakeApi;
let tokens: TokenServer;
const savedHosts = process.env.OUTBOUND_ALLOW_HOSTS;

type Fixture = Awaited<ReturnType<typeof setUp>>;
let fx: Fixture;

async function setUp() {
  const t = await newTenant();
  const as = { token: t.apiKey };
  const verified = await api("POST", "/api/v1/secrets", {
    ...as,
    body: {
      name: "checked",
      type: "BEARER",
      value: { token: GOOD.bearer },
      componentId: "http-api",
      config: { baseUrl: fake.url, testPath: "/check" },
    },
  });
  // FlowMate's "never expires": a 5-digit year.
  const oauth = await api("POST", "/api/v1/secrets", {
    ...as,
    body: {
      name: "slack",
      type: "OA2_AUTHORIZATION_CODE",
      value: { accessToken: "at-resp-0001", scope: "a,b", expires: "33658-09-27T01:46:40+00:00", externalId: "U1" },
    },
  });
  const secretId: string = verified.body.data.id;
  await api("POST", `/api/v1/secrets/${secretId}/usages`, { ...as, body: { ref: "flow-1", label: "Flow one" } });
  const member = await api("POST", "/api/v1/members", {
    ...as,
    body: { email: `${uniq("dev")}@example.test`, role: "developer", password: "a long enough password" },
  });
  // A revoked key, so the list shows a non-null revokedAt next to the used key's lastUsedAt.
  const spare = await api("POST", "/api/v1/api-keys", { ...as, body: { name: "spare" } });
  await api("DELETE", `/api/v1/api-keys/${spare.body.data.id}`, as);
  await api("PATCH", "/api/v1/settings", {
    ...as,
    body: { embedOrigins: ["https://app.example.com"], branding: { name: "Acme" } },
  });
  const client = await api("POST", "/api/v1/auth-clients", {
    ...as,
    body: { name: "GitHub app", componentId: "github", clientId: "Iv1.resp", clientSecret: "cs-resp-0001" },
  });
  for (const r of [verified, oauth, member, spare, client]) expect(r.status, JSON.stringify(r.body)).toBe(201);
  return {
    ...t,
    secretId,
    oauthId: oauth.body.data.id as string,
    memberId: member.body.data.id as string,
    spareKey: spare.body.data.key as string,
    clientId: client.body.data.id as string,
  };
}

beforeAll(async () => {
  fake = await startFakeApi();
  tokens = await startTokenServer();
  process.env.OUTBOUND_ALLOW_HOSTS = "127.0.0.1";
  resetEnvCache();
  fx = await setUp();
});
afterAll(async () => {
  await fake.close();
  await tokens.close();
  if (savedHosts === undefined) delete process.env.OUTBOUND_ALLOW_HOSTS;
  else process.env.OUTBOUND_ALLOW_HOSTS = savedHosts;
  resetEnvCache();
});

const key = () => ({ token: fx.apiKey });

/** A webhook endpoint of the fixture's tenant with one delivery (a secret was created after it). */
async function webhook(): Promise<string> {
  const made = await api("POST", "/api/v1/webhooks", { ...key(), body: { url: `${fake.url}/hooks` } });
  await api("POST", "/api/v1/secrets", {
    ...key(),
    body: { name: uniq("hooked"), type: "BEARER", value: { token: "t-resp-0001" } },
  });
  return made.body.data.id;
}
const secret = (tail = "") => `/api/v1/secrets/${fx.secretId}${tail}`;

/** A published RS256 key (and an HS256 one) of the fixture's tenant, made on first use. */
const signingKeys: Partial<Record<"RS256" | "HS256", Promise<string>>> = {};
function signingKey(type: "RS256" | "HS256"): Promise<string> {
  return (signingKeys[type] ??= api("POST", "/api/v1/secrets", {
    ...key(),
    body: { name: uniq(type), type, value: { generate: true }, ...(type === "RS256" && { publishJwks: true }) },
  }).then((r) => r.body.data.id as string));
}
const signingOp = async (type: "RS256" | "HS256", op: string, body: unknown) =>
  api("POST", `/api/v1/secrets/${await signingKey(type)}/${op}`, { ...key(), body });
const signedJws = async () =>
  (await signingOp("RS256", "jws/sign", { payload: { scope: "x" }, expiresIn: 60 })).body.data.jws;

/** One real call per route. Keyed by string, not RouteKey: routes other work is adding right now may not be registered yet. */
const calls: Record<string, () => Promise<ApiResult>> = {
  "POST /api/v1/impersonate": () => api("POST", "/api/v1/impersonate", { ...key(), body: { username: uniq("user") } }),
  "POST /api/v1/connect-sessions": () =>
    api("POST", "/api/v1/connect-sessions", {
      ...key(),
      body: { username: uniq("user"), components: ["github"], origin: "https://app.example.com" },
    }),
  "GET /api/v1/secrets": () => api("GET", "/api/v1/secrets", key()),
  "POST /api/v1/secrets": () =>
    api("POST", "/api/v1/secrets", {
      ...key(),
      body: { name: uniq("s"), type: "SIMPLE", value: { username: "u", passphrase: "p-resp-0001" } },
    }),
  "GET /api/v1/secrets/{id}": () => api("GET", secret(), key()),
  "PATCH /api/v1/secrets/{id}": () => api("PATCH", secret(), { ...key(), body: { name: uniq("renamed") } }),
  "GET /api/v1/secrets/{id}/request-auth": () => api("GET", secret("/request-auth"), key()),
  "POST /api/v1/secrets/{id}/verify": () => api("POST", secret("/verify"), key()),
  "POST /api/v1/secrets/{id}/refresh": async () => {
    const s = await oauthSecret(tokens, { expiresIn: 3600 });
    return api("POST", `/api/v1/secrets/${s.id}/refresh`, { token: s.token });
  },
  "GET /api/v1/secrets/{id}/usages": () => api("GET", secret("/usages"), key()),
  "POST /api/v1/secrets/{id}/usages": () => api("POST", secret("/usages"), { ...key(), body: { ref: uniq("flow") } }),
  "GET /api/v1/components": () => api("GET", "/api/v1/components", key()),
  "GET /api/v1/components/{id}": () => api("GET", "/api/v1/components/github", key()),
  "GET /api/v1/auth-clients": () => api("GET", "/api/v1/auth-clients", key()),
  "POST /api/v1/auth-clients": () =>
    api("POST", "/api/v1/auth-clients", {
      ...key(),
      body: { name: uniq("zd"), componentId: "zendesk", clientId: "zd" },
    }),
  "GET /api/v1/auth-clients/{id}": () => api("GET", `/api/v1/auth-clients/${fx.clientId}`, key()),
  "PATCH /api/v1/auth-clients/{id}": () =>
    api("PATCH", `/api/v1/auth-clients/${fx.clientId}`, { ...key(), body: { name: uniq("renamed") } }),
  "POST /api/v1/auth-clients/{id}/start-flow": () =>
    api("POST", `/api/v1/auth-clients/${fx.clientId}/start-flow?username=${uniq("user")}`, { ...key(), body: {} }),
  "GET /api/v1/api-keys": () => api("GET", "/api/v1/api-keys", key()),
  "POST /api/v1/api-keys": () => api("POST", "/api/v1/api-keys", { ...key(), body: { name: uniq("k") } }),
  "GET /api/v1/workspaces": () => api("GET", "/api/v1/workspaces", key()),
  "POST /api/v1/workspaces": () => api("POST", "/api/v1/workspaces", { ...key(), body: { slug: uniq("ws") } }),
  "GET /api/v1/members": () => api("GET", "/api/v1/members", key()),
  "POST /api/v1/members": () =>
    api("POST", "/api/v1/members", {
      ...key(),
      body: { email: `${uniq("m")}@example.test`, role: "viewer", password: "a long enough password" },
    }),
  "PATCH /api/v1/members/{id}": () =>
    api("PATCH", `/api/v1/members/${fx.memberId}`, { ...key(), body: { role: "viewer" } }),
  "GET /api/v1/settings": () => api("GET", "/api/v1/settings", key()),
  "PATCH /api/v1/settings": () => api("PATCH", "/api/v1/settings", { ...key(), body: { userTokenTtl: 900 } }),
  "GET /api/v1/audit-events": () => api("GET", "/api/v1/audit-events", key()),
  "GET /api/v1/webhooks": async () => {
    await webhook();
    return api("GET", "/api/v1/webhooks", key());
  },
  "POST /api/v1/webhooks": () => api("POST", "/api/v1/webhooks", { ...key(), body: { url: `${fake.url}/hooks` } }),
  "PATCH /api/v1/webhooks/{id}": async () =>
    api("PATCH", `/api/v1/webhooks/${await webhook()}`, { ...key(), body: { enabled: false } }),
  "POST /api/v1/webhooks/{id}/rotate-secret": async () =>
    api("POST", `/api/v1/webhooks/${await webhook()}/rotate-secret`, { ...key(), body: {} }),
  "GET /api/v1/webhooks/{id}/deliveries": async () => {
    const id = await webhook();
    await deliverDueWebhooks(await getDb(), { tenantId: fx.tenantId });
    return api("GET", `/api/v1/webhooks/${id}/deliveries`, key());
  },
  "POST /api/v1/webhooks/{id}/deliveries/{deliveryId}/resend": async () => {
    const id = await webhook();
    const [first] = (await api("GET", `/api/v1/webhooks/${id}/deliveries`, key())).body.data;
    return api("POST", `/api/v1/webhooks/${id}/deliveries/${first.id}/resend`, key());
  },
  "POST /api/v1/secrets/{id}/jws/sign": () => signingOp("HS256", "jws/sign", { payload: { a: 1 } }),
  "POST /api/v1/secrets/{id}/jws/verify": async () => signingOp("RS256", "jws/verify", { jws: await signedJws() }),
  "POST /api/v1/secrets/{id}/jwe/encrypt": () => signingOp("RS256", "jwe/encrypt", { plaintext: "p" }),
  "POST /api/v1/secrets/{id}/jwe/decrypt": async () => {
    const { jwe } = (await signingOp("RS256", "jwe/encrypt", { plaintext: "p" })).body.data;
    return signingOp("RS256", "jwe/decrypt", { jwe });
  },
  "GET /api/v1/secrets/{id}/jwks": async () => api("GET", `/api/v1/secrets/${await signingKey("RS256")}/jwks`, key()),
  "POST /api/v1/secrets/{id}/rotate": () => signingOp("HS256", "rotate", {}),
  "POST /api/v1/secrets/{id}/authorize-request": async () =>
    signingOp("RS256", "authorize-request", {
      headers: { Authorization: `Bearer ${await signedJws()}` },
      requiredScope: "x",
    }),
  "POST /api/v1/secrets/{id}/validate-hmac": () =>
    signingOp("HS256", "validate-hmac", { hmacValue: "AAAA", hmacAlgo: "sha256", rawBody: "" }),
  "GET /api/v1/jwks/{secretId}": async () => api("GET", `/api/v1/jwks/${await signingKey("RS256")}`),
  "GET /api/v1/openapi.json": () => api("GET", "/api/v1/openapi.json"),
  "GET /api/health": () => api("GET", "/api/health"),
};

const keyOf = (r: RouteDef) => `${r.method} ${r.path}` as RouteKey;
/** A JSON success body: not a 204, not a 302 for the browser (OAuth launch and callback), not Auth.js's own protocol. */
const answersJson = (r: RouteDef) => r.status !== 204 && r.status !== 302 && !r.path.startsWith("/api/auth/");

const issues = (e: z.ZodError) => e.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("\n");

describe("every JSON response parses with its registry schema", () => {
  it("has a call for every route with a JSON success body", () => {
    expect(
      routes
        .filter(answersJson)
        .map(keyOf)
        .filter((k) => !calls[k]),
    ).toEqual([]);
  });

  const registered = Object.keys(calls).filter((k) => routes.some((r) => keyOf(r) === k)) as RouteKey[];
  it.each(registered)("%s", async (k) => {
    const def = routeDef(k);
    expect(def.response, `${k} documents no response schema`).toBeDefined();
    const res = await calls[k]!();
    expect(res.status, JSON.stringify(res.body)).toBe(def.status ?? 200);
    const parsed = def.response!.safeParse(res.body);
    expect(parsed.success, parsed.success ? "" : issues(parsed.error)).toBe(true);
  });
});

describe("what the public shapes leave out", () => {
  it("GET /members gives every member an _id equal to its id", async () => {
    const { body } = await api("GET", "/api/v1/members", key());
    expect(body.data.length).toBeGreaterThanOrEqual(2);
    for (const m of body.data) expect(m._id).toBe(m.id);
  });

  it("members never carry a password hash", async () => {
    const db = await getDb();
    const [admin] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, fx.adminId));
    const listed = JSON.stringify((await api("GET", "/api/v1/members", key())).body);
    expect(listed).not.toContain(admin.passwordHash);
    expect(listed).not.toMatch(/password/i);
  });

  it("API keys never carry the key or its hash once created", async () => {
    const created = await api("POST", "/api/v1/api-keys", { ...key(), body: { name: uniq("k") } });
    const plaintext: string = created.body.data.key;
    const hash = createHash("sha256").update(plaintext).digest("hex");
    expect(JSON.stringify(created.body)).not.toContain(hash);
    const listed = JSON.stringify((await api("GET", "/api/v1/api-keys", key())).body);
    for (const s of [plaintext, hash, fx.apiKey, fx.spareKey]) expect(listed).not.toContain(s);
    const spare = (await api("GET", "/api/v1/api-keys", key())).body.data.find(
      (k: { name: string }) => k.name === "spare",
    );
    expect(spare.revokedAt).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/);
  });

  it("settings show only the documented fields, whatever else the stored JSON holds", async () => {
    const db = await getDb();
    const [row] = await db.select({ settings: tenants.settings }).from(tenants).where(eq(tenants.id, fx.tenantId));
    const planted = {
      ...row.settings,
      internalFlag: "planted-internal",
      branding: { ...row.settings.branding, internalColour: "#000000" },
    };
    await db
      .update(tenants)
      .set({ settings: planted as typeof row.settings })
      .where(eq(tenants.id, fx.tenantId));
    try {
      const res = await api("GET", "/api/v1/settings", key());
      expect(res.status).toBe(200);
      expect(Object.keys(res.body.data).sort()).toEqual([
        "branding",
        "embedOrigins",
        "returnUrlOrigins",
        "userTokenTtl",
      ]);
      expect(res.body.data.branding).toEqual({ name: "Acme" });
      expect(res.body.data.embedOrigins).toEqual(["https://app.example.com"]);
      expect(JSON.stringify(res.body)).not.toContain("planted-internal");
    } finally {
      await db.update(tenants).set({ settings: row.settings }).where(eq(tenants.id, fx.tenantId));
    }
  });

  it("secret lists and reads never carry the ciphertext", async () => {
    const db = await getDb();
    const [row] = await db.select({ c: secrets.valueCiphertext }).from(secrets).where(eq(secrets.id, fx.secretId));
    for (const path of ["/api/v1/secrets", secret()]) {
      expect(JSON.stringify((await api("GET", path, key())).body)).not.toContain(row.c);
    }
  });

  it("a never-expiring FlowMate token lists an ISO-8601 expiry and keeps its value as passed", async () => {
    const { body } = await api("GET", "/api/v1/secrets", key());
    const oauth = body.data.find((s: { id: string }) => s.id === fx.oauthId);
    expect(timestampSchema.safeParse(oauth.expires).success).toBe(true);
    expect(oauth.value).toEqual({ scope: "a,b", expires: "33658-09-27T01:46:40+00:00", externalId: "U1" });
  });

  it("components carry _id like every other object", async () => {
    const { body } = await api("GET", "/api/v1/components/github", key());
    expect(body.data).toMatchObject({ id: "github", _id: "github" });
  });
});

describe("the public schemas are strict", () => {
  it.each([
    [
      "a masked secret with its ciphertext",
      maskedSecretSchema,
      async () => (await api("GET", "/api/v1/secrets", key())).body.data[0],
      { valueCiphertext: "ic1.1.x" },
    ],
    [
      "an API key with its hash",
      apiKeySchema,
      async () => (await api("GET", "/api/v1/api-keys", key())).body.data[0],
      { hash: "ab".repeat(32) },
    ],
    [
      "a member with a password hash",
      memberSchema,
      async () => (await api("GET", "/api/v1/members", key())).body.data[0],
      { passwordHash: "scrypt$x" },
    ],
    [
      "settings with an internal field",
      settingsSchema,
      async () => (await api("GET", "/api/v1/settings", key())).body.data,
      { activeKeyVersion: 2 },
    ],
  ] as const)("%s fails to parse", async (_, schema, real, extra) => {
    const view = await real();
    expect(schema.safeParse(view).success).toBe(true);
    expect(schema.safeParse({ ...view, ...extra }).success).toBe(false);
  });

  it("present() fails closed with an error that names the field, never its value", () => {
    const view = {
      id: crypto.randomUUID(),
      name: "k",
      prefix: "ick_abc",
      lastUsedAt: null,
      revokedAt: null,
      createdAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
    };
    const withId = { ...view, _id: view.id };
    expect(present(apiKeySchema, withId)).toEqual(withId);
    const leak = "0123456789abcdef-hash-value";
    let thrown: unknown;
    try {
      present(apiKeySchema, { ...withId, hash: leak } as never);
    } catch (err) {
      thrown = err;
    }
    // A plain Error, which withApi answers as a logged generic 500, not a ZodError (400 with issues).
    expect(thrown).toBeInstanceOf(Error);
    expect(thrown).not.toBeInstanceOf(z.ZodError);
    expect((thrown as Error).message).toContain("hash");
    expect((thrown as Error).message).not.toContain(leak);
  });
});
