import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { dbCheckHooks } from "@/lib/verify/database";
import { startFakePostgres, type FakePostgres } from "./fakes/fake-postgres";
import { api, newTenant } from "./api";
import { startSlowApi, type SlowApi } from "./support/slow-api";

// Dry runs run third-party protocol code against servers a stranger may control. These
// tests prove such a server cannot freeze the service, and that a flood of slow dry runs
// is turned away instead of piling up.

const saved = { ...process.env };
const setEnv = (vars: Record<string, string | undefined>) => {
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvCache();
};
const KEYS = ["OUTBOUND_ALLOW_HOSTS", "DRY_RUNS_PER_TENANT", "DRY_RUNS_TOTAL"] as const;
beforeAll(() => setEnv({ OUTBOUND_ALLOW_HOSTS: "127.0.0.1" }));
afterAll(() => setEnv(Object.fromEntries(KEYS.map((k) => [k, saved[k]]))));

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("a hostile PostgreSQL server (SCRAM i=2147483647)", () => {
  let pg: FakePostgres;
  beforeAll(async () => {
    pg = await startFakePostgres();
  });
  afterAll(() => pg.close());

  it("cannot block the service: health answers at once, the create ends in 422 timeout, the check process is killed", async () => {
    const t = await newTenant();
    const password = `pw-${Math.random().toString(36).slice(2)}`;
    const sasl = pg.nextSasl();
    const started = performance.now();
    const create = api("POST", "/api/v1/secrets", {
      token: t.apiKey,
      body: {
        name: "hostile",
        type: "POSTGRES",
        componentId: "postgresql",
        value: { host: "127.0.0.1", port: pg.port, database: "db", username: "u", password, sslMode: "disable" },
      },
    });
    await sasl; // the client now holds i=2147483647 and is deriving the key

    // If the derivation ran on this event loop, even the timer below could not fire.
    const t0 = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const health = await api("GET", "/api/health");
    expect(health.status).toBe(200);
    expect(performance.now() - t0).toBeLessThan(600);
    const pid = dbCheckHooks.lastPid();
    expect(pid).toBeGreaterThan(0);
    expect(pid).not.toBe(process.pid);

    const r = await create;
    const elapsed = performance.now() - started;
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe("verification_failed");
    expect(r.body.error.verification).toMatchObject({ ok: false, class: "timeout" });
    expect(elapsed).toBeLessThan(8000);
    expect(JSON.stringify(r.body)).not.toContain(password);
    expect((await api("GET", "/api/v1/secrets", { token: t.apiKey })).body.meta.total).toBe(0);

    // The check process was killed, not left burning a core: its socket closed and its pid is gone.
    await expect.poll(() => pg.open(), { timeout: 2000 }).toBe(0);
    await expect.poll(() => alive(pid!), { timeout: 2000 }).toBe(false);
    expect(dbCheckHooks.live()).toBe(0);
  }, 20_000);
});

describe("dry runs in flight are capped per tenant and in total", () => {
  let slow: SlowApi;
  beforeAll(async () => {
    slow = await startSlowApi();
  });
  afterAll(() => slow.close());
  afterEach(() => setEnv({ DRY_RUNS_PER_TENANT: saved.DRY_RUNS_PER_TENANT, DRY_RUNS_TOTAL: saved.DRY_RUNS_TOTAL }));

  const create = (token: string) =>
    api("POST", "/api/v1/secrets", {
      token,
      body: {
        name: "slow",
        type: "BEARER",
        value: { token: "t" },
        componentId: "http-api",
        config: { baseUrl: slow.url },
      },
    });

  it("answers 429 rate_limited with Retry-After over either cap, and frees the slots when runs end", async () => {
    setEnv({ DRY_RUNS_PER_TENANT: "2", DRY_RUNS_TOTAL: "3" });
    const [a, b, c] = await Promise.all([newTenant(), newTenant(), newTenant()]);
    const before = slow.count();
    const pending = [create(a.apiKey), create(a.apiKey)];
    await slow.arrived(before + 2);

    const overTenant = await create(a.apiKey);
    expect(overTenant.status).toBe(429);
    expect(overTenant.body.error.code).toBe("rate_limited");
    expect(Number(overTenant.headers.get("retry-after"))).toBeGreaterThan(0);

    pending.push(create(b.apiKey)); // another tenant still gets in, up to the total
    await slow.arrived(before + 3);
    const overTotal = await create(c.apiKey);
    expect(overTotal.status).toBe(429);
    expect(overTotal.headers.get("retry-after")).toBeTruthy();
    expect(slow.count()).toBe(before + 3); // refused runs never reached the API

    slow.release();
    for (const r of await Promise.all(pending)) expect(r.status).toBe(201);

    // Every slot came back: the tenant that was turned away gets in now.
    const again = create(c.apiKey);
    await slow.arrived(before + 4);
    slow.release();
    expect((await again).status).toBe(201);
  });
});
