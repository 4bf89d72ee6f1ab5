import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { apiKeys, oauthFlows, rateLimits, users } from "@/db/schema";
import { signUp } from "@/lib/auth/signup";
import { env, resetEnvCache } from "@/lib/env";
import { api, newTenant, uniq } from "./api";
import { signInWithPassword } from "./auth-flow";
import { allowOutboundForFile } from "./support/native-checks";

const PASSWORD = "correct horse battery";
const h = { "x-requested-with": "fetch" };
const randomIp = () => `10.${[...randomBytes(3)].join(".")}`;

/** Spends all of a counter's budget but `left`, without paying for the requests. */
async function spend(key: string, max: number, left = 0, windowSeconds = 600) {
  const db = await getDb();
  await db
    .insert(rateLimits)
    .values({ key, count: max - left, resetAt: sql`now() + make_interval(secs => ${windowSeconds})` })
    .onConflictDoUpdate({ target: rateLimits.key, set: { count: max - left } });
}

/** Runs `fn` with env vars overridden, restoring them (and the parsed env) afterwards. */
async function withEnv<T>(vars: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  resetEnvCache();
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    resetEnvCache();
  }
}

function expect429(r: { status: number; headers: Headers; body: { error: { code: string } } }, maxSeconds: number) {
  expect(r.status).toBe(429);
  expect(r.body.error.code).toBe("rate_limited");
  const retryAfter = Number(r.headers.get("retry-after"));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(maxSeconds);
}

describe("POST /impersonate is limited per API key", () => {
  it("answers 429 with Retry-After over the configured limit, for that key only", async () => {
    await withEnv({ RATE_LIMIT_IMPERSONATE_PER_KEY: "3" }, async () => {
      const a = await newTenant();
      const b = await newTenant();
      for (let i = 0; i < 3; i++) {
        expect(
          (await api("POST", "/api/v1/impersonate", { token: a.apiKey, body: { username: `u${i}` } })).status,
        ).toBe(200);
      }
      const over = await api("POST", "/api/v1/impersonate", { token: a.apiKey, body: { username: "u9" } });
      expect429(over, 60);
      expect(JSON.stringify(over.body)).not.toContain('token":');
      expect((await api("POST", "/api/v1/impersonate", { token: b.apiKey, body: { username: "u0" } })).status).toBe(
        200,
      );
    });
  });

  it("defaults to a generous limit per minute", async () => {
    expect(env().RATE_LIMIT_IMPERSONATE_PER_KEY).toBeGreaterThanOrEqual(300);
    const t = await newTenant();
    const db = await getDb();
    const [key] = await db.select({ id: apiKeys.id }).from(apiKeys).where(eq(apiKeys.tenantId, t.tenantId));
    await spend(`impersonate:key:${key.id}`, env().RATE_LIMIT_IMPERSONATE_PER_KEY, 1, 60);
    expect((await api("POST", "/api/v1/impersonate", { token: t.apiKey, body: { username: "last" } })).status).toBe(
      200,
    );
    expect429(await api("POST", "/api/v1/impersonate", { token: t.apiKey, body: { username: "over" } }), 60);
  });
});

describe("the current-password check is limited per member and per address", () => {
  /** A member who can sign in, and their session. */
  async function member() {
    const t = await newTenant();
    const email = `${uniq("pw")}@example.test`;
    expect(
      (await api("POST", "/api/v1/members", { token: t.apiKey, body: { email, role: "viewer", password: PASSWORD } }))
        .status,
    ).toBe(201);
    const session = await signInWithPassword(email, PASSWORD, { ip: randomIp() });
    return { cookie: session.cookie! };
  }
  const change = (cookie: string, currentPassword: string, ip: string) =>
    api("POST", "/api/v1/account/password", {
      cookie,
      headers: { ...h, "x-forwarded-for": ip },
      body: { currentPassword, newPassword: "a brand new password" },
    });

  it(
    "counts checks sent in parallel before hashing: 10 wrong ones are checked, the rest and the right one get 429",
    { timeout: 60_000 },
    async () => {
      const { cookie } = await member();
      const ip = randomIp();
      const wrong = Array.from({ length: 14 }, (_, i) => change(cookie, `wrong-${i}`, ip));
      await new Promise((r) => setTimeout(r, 50));
      const right = change(cookie, PASSWORD, randomIp()); // another address: the member's own limit applies
      const statuses = (await Promise.all(wrong)).map((r) => r.status);
      expect(statuses.filter((s) => s === 400)).toHaveLength(10);
      expect(statuses.filter((s) => s === 429)).toHaveLength(4);
      expect429(await right, 15 * 60);
    },
  );

  it("limits one address across members", async () => {
    const { cookie } = await member();
    const ip = randomIp();
    await spend(`password:ip:${ip}`, env().RATE_LIMIT_PASSWORD_PER_IP);
    expect429(await change(cookie, PASSWORD, ip), 15 * 60);
    expect((await change(cookie, PASSWORD, randomIp())).status).toBe(204);
  });
});

describe("sign-up is limited per address", () => {
  const form = () => ({ organization: uniq("Org"), email: `${uniq("signup")}@example.test`, password: PASSWORD });

  it("refuses a valid sign-up over the limit, before creating anything", async () => {
    const db = await getDb();
    const ip = randomIp();
    await spend(`signup:ip:${ip}`, env().RATE_LIMIT_SIGNUP_PER_IP, 1);
    expect(await signUp(db, form(), { ip })).toEqual({ ok: true });
    const refused = form();
    const r = await signUp(db, refused, { ip });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.formError).toMatch(/too many sign-ups/i);
    expect(await db.select().from(users).where(eq(users.email, refused.email))).toHaveLength(0);
    expect(await signUp(db, refused, { ip: randomIp() })).toEqual({ ok: true });
  });

  it("does not count submissions the form refuses anyway", async () => {
    const db = await getDb();
    const ip = randomIp();
    await spend(`signup:ip:${ip}`, env().RATE_LIMIT_SIGNUP_PER_IP, 1);
    const bad = await signUp(db, { ...form(), password: "short" }, { ip });
    expect(bad.ok === false && bad.fieldErrors.password).toBeTruthy();
    expect(await signUp(db, form(), { ip })).toEqual({ ok: true });
  });
});

describe("dashboard login through Auth.js", () => {
  it("a rate-limited login is refused like a wrong password, with code rate_limited", { timeout: 60_000 }, async () => {
    const t = await newTenant();
    const db = await getDb();
    const [admin] = await db.select({ email: users.email }).from(users).where(eq(users.id, t.adminId));
    const ip = randomIp();
    await spend(`password:ip:${ip}`, env().RATE_LIMIT_PASSWORD_PER_IP);
    expect(await signInWithPassword(admin.email, PASSWORD, { ip })).toEqual({
      cookie: null,
      error: "CredentialsSignin",
      code: "rate_limited",
    });
    // A wrong password elsewhere is the ordinary refusal; the right one signs in.
    expect(await signInWithPassword(admin.email, "wrong", { ip: randomIp() })).toEqual({
      cookie: null,
      error: "CredentialsSignin",
      code: "credentials",
    });
    expect((await signInWithPassword(admin.email, PASSWORD, { ip: randomIp() })).cookie).toMatch(
      /^authjs\.session-token=/,
    );
  });

  it(
    "behind one trusted proxy, a forged X-Forwarded-For entry does not escape the address limit",
    { timeout: 60_000 },
    async () => {
      await withEnv({ TRUST_PROXY_HOPS: "1" }, async () => {
        const t = await newTenant();
        const db = await getDb();
        const [admin] = await db.select({ email: users.email }).from(users).where(eq(users.id, t.adminId));
        const real = randomIp();
        await spend(`password:ip:${real}`, env().RATE_LIMIT_PASSWORD_PER_IP);
        const forged = `${randomIp()}, ${real}`; // the client's own entry, then the one our proxy appended
        expect((await signInWithPassword(admin.email, PASSWORD, { ip: forged })).code).toBe("rate_limited");
      });
    },
  );
});

describe("the OAuth routes are limited", () => {
  allowOutboundForFile(); // the auth client's endpoints are http://127.0.0.1 (never contacted)
  /** An auth client whose endpoints are never contacted: starting a flow only builds the URL. */
  async function oauthClient() {
    const t = await newTenant();
    const client = await api("POST", "/api/v1/auth-clients", {
      token: t.apiKey,
      body: {
        name: "Local OAuth2",
        componentId: "custom-oauth2",
        clientId: "local-client",
        clientSecret: "local-secret-0123456789",
        endpoints: { auth: "http://127.0.0.1:9/authorize", token: "http://127.0.0.1:9/token" },
        scopes: ["read"],
      },
    });
    expect(client.status, JSON.stringify(client.body)).toBe(201);
    return { t, clientId: client.body.data.id as string };
  }

  it("start-flow answers 429 with Retry-After once a caller spent its budget, before a flow is stored", async () => {
    const { t, clientId } = await oauthClient();
    const db = await getDb();
    const [key] = await db.select().from(apiKeys).where(eq(apiKeys.tenantId, t.tenantId));
    const start = () =>
      api("POST", `/api/v1/auth-clients/${clientId}/start-flow?username=${uniq("u")}`, { token: t.apiKey, body: {} });
    expect((await start()).status).toBe(200);
    const flows = () => db.select().from(oauthFlows).where(eq(oauthFlows.tenantId, t.tenantId));
    expect(await flows()).toHaveLength(1);
    await spend(`oauth-start:api_key:${key.id}`, env().RATE_LIMIT_IMPERSONATE_PER_KEY, 0, 60);
    expect429(await start(), 60);
    expect(await flows()).toHaveLength(1);
    // Another caller of the same tenant has its own budget.
    const user = await api("POST", "/api/v1/impersonate", { token: t.apiKey, body: { username: uniq("u") } });
    const own = await api("POST", `/api/v1/auth-clients/${clientId}/start-flow`, { token: user.body.token, body: {} });
    expect(own.status, JSON.stringify(own.body)).toBe(200);
  });

  it("an end user's start-flow budget is small", async () => {
    const { t, clientId } = await oauthClient();
    const user = await api("POST", "/api/v1/impersonate", { token: t.apiKey, body: { username: uniq("u") } });
    await spend(`oauth-start:end_user:${user.body.id}`, 30, 0, 60);
    expect429(
      await api("POST", `/api/v1/auth-clients/${clientId}/start-flow`, { token: user.body.token, body: {} }),
      60,
    );
  });

  it.each(["/api/v1/oauth/launch", "/api/v1/callback"])(
    "%s shares one budget per address and answers a 429 page with Retry-After over it",
    async (path) => {
      const ip = randomIp();
      const other = randomIp();
      await spend(`oauth:ip:${ip}`, env().RATE_LIMIT_OAUTH_PER_IP, 0, 60);
      const limited = await api("GET", `${path}?state=${uniq("s")}&code=c`, { headers: { "x-forwarded-for": ip } });
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(Number(limited.headers.get("retry-after"))).toBeLessThanOrEqual(60);
      expect(limited.headers.get("content-type")).toContain("text/html");
      expect(limited.body).toContain('data-code="rate_limited"');
      // Another address is not limited: its unknown state is the usual 400 page.
      const fine = await api("GET", `${path}?state=${uniq("s")}&code=c`, { headers: { "x-forwarded-for": other } });
      expect(fine.status).toBe(400);
      expect(fine.body).toContain('data-code="invalid_state"');
    },
  );

  it("defaults to a budget a person signing in never reaches", () => {
    expect(env().RATE_LIMIT_OAUTH_PER_IP).toBeGreaterThanOrEqual(30);
  });
});
