import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestsInFlight } from "@/lib/api/with-api";
import { resetEnvCache } from "@/lib/env";
import { api, newTenant } from "./api";
import { startSlowApi, type SlowApi } from "./support/slow-api";

// Overload is shed, not queued: past MAX_IN_FLIGHT requests in this process, the excess is
// answered at once with 503 upstream_unavailable and Retry-After; the health check never is.

const saved = { OUTBOUND_ALLOW_HOSTS: process.env.OUTBOUND_ALLOW_HOSTS, MAX_IN_FLIGHT: process.env.MAX_IN_FLIGHT };
const setEnv = (vars: Record<string, string | undefined>) => {
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvCache();
};

describe("requests in flight are bounded per process", () => {
  let slow: SlowApi;
  beforeAll(async () => {
    slow = await startSlowApi();
    setEnv({ OUTBOUND_ALLOW_HOSTS: "127.0.0.1" });
  });
  afterAll(async () => {
    setEnv(saved);
    await slow.close();
  });

  it("answers the excess at once with 503 and Retry-After, never sheds health, and frees the slots", async () => {
    const [a, b] = await Promise.all([newTenant(), newTenant()]);
    setEnv({ MAX_IN_FLIGHT: "2" });
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
    const before = slow.count();
    const pending = [create(a.apiKey), create(b.apiKey)];
    await slow.arrived(before + 2);
    expect(requestsInFlight()).toBe(2);

    const started = performance.now();
    const shed = await api("GET", "/api/v1/secrets", { token: a.apiKey });
    expect(shed.status).toBe(503);
    expect(shed.body.error.code).toBe("upstream_unavailable");
    expect(Number(shed.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(shed.headers.get("x-request-id")).toBeTruthy();
    const create3 = await create(a.apiKey);
    expect(create3.status).toBe(503);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(slow.count()).toBe(before + 2); // the shed create never reached its dry run

    const health = await api("GET", "/api/health");
    expect(health.status).toBe(200);

    slow.release();
    for (const r of await Promise.all(pending)) expect(r.status).toBe(201);
    expect(requestsInFlight()).toBe(0);
    const after = await api("GET", "/api/v1/secrets", { token: a.apiKey });
    expect(after.status).toBe(200);
    expect(after.body.meta.total).toBe(1); // the two held creates stored, the shed one did not
  });

  it("counts a failed request out again", async () => {
    setEnv({ MAX_IN_FLIGHT: "1" });
    for (let i = 0; i < 3; i++) expect((await api("GET", "/api/v1/secrets")).status).toBe(401);
    expect(requestsInFlight()).toBe(0);
  });
});
