import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { secrets } from "@/db/schema";
import { api, newTenant, uniq } from "./api";

// PostgreSQL only: concurrent requests on a connection pool really run at once there, so two
// requests with one Idempotency-Key race for the same reservation. Exactly one may store.

describe("concurrent requests with one Idempotency-Key (PostgreSQL)", () => {
  it("never both store: one 201, the rest 409 conflict or the replayed first answer", async () => {
    const t = await newTenant();
    const key = uniq("key");
    const name = uniq("race");
    const body = {
      name,
      type: "BEARER",
      value: { token: "tok-race-1234567890" },
      componentId: "http-api",
      config: { baseUrl: "http://127.0.0.1:9" },
      verify: false,
    };
    const send = () => api("POST", "/api/v1/secrets", { token: t.apiKey, body, headers: { "Idempotency-Key": key } });
    const answers = await Promise.all(Array.from({ length: 12 }, send));
    const statuses = answers.map((r) => r.status);
    for (const s of statuses) expect([201, 409]).toContain(s);
    const ok = answers.filter((r) => r.status === 201);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    expect(new Set(ok.map((r) => r.body.data.id)).size).toBe(1);
    for (const r of answers.filter((r) => r.status === 409)) expect(r.body.error.code).toBe("conflict");

    const db = await getDb();
    const stored = await db
      .select({ id: secrets.id })
      .from(secrets)
      .where(and(eq(secrets.tenantId, t.tenantId), eq(secrets.name, name)));
    expect(stored).toHaveLength(1);

    const retry = await send();
    expect(retry.status).toBe(201);
    expect(retry.body.data.id).toBe(stored[0].id);
  });
});
