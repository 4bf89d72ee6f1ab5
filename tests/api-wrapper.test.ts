import { describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { withApi } from "@/lib/api/with-api";
import { readFileSync } from "node:fs";
import { api, memberCookie, newTenant } from "./api";

describe("API wrapper: error shapes", () => {
  const cases: { name: string; raw: string; headers?: Record<string, string>; status: number; code: string }[] = [
    { name: "bad JSON", raw: "{not json", status: 400, code: "invalid_json" },
    {
      name: "oversized body (70 KiB)",
      raw: JSON.stringify({ name: "x".repeat(70 * 1024) }),
      status: 413,
      code: "payload_too_large",
    },
    { name: "wrong field type", raw: JSON.stringify({ name: 42 }), status: 400, code: "validation_failed" },
    { name: "missing field", raw: "{}", status: 400, code: "validation_failed" },
    { name: "extra field", raw: JSON.stringify({ name: "k", admin: true }), status: 400, code: "validation_failed" },
    {
      name: "not JSON content type",
      raw: "name=k",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      status: 400,
      code: "bad_request",
    },
  ];
  it.each(cases)("$name → $status $code", async ({ raw, headers, status, code }) => {
    const { apiKey } = await newTenant();
    const before = await api("GET", "/api/v1/api-keys", { token: apiKey });
    const r = await api("POST", "/api/v1/api-keys", { token: apiKey, raw, headers });
    expect(r.status).toBe(status);
    expect(r.body.error.code).toBe(code);
    expect(typeof r.body.error.message).toBe("string");
    if (code === "validation_failed") expect(r.body.error.issues.length).toBeGreaterThan(0);
    const after = await api("GET", "/api/v1/api-keys", { token: apiKey });
    expect(after.body.data).toHaveLength(before.body.data.length);
  });

  it("reports issues with a dotted path", async () => {
    const { apiKey } = await newTenant();
    const r = await api("POST", "/api/v1/api-keys", { token: apiKey, body: { name: 42 } });
    expect(r.body.error.issues[0].path).toBe("name");
  });

  it("accepts a body wrapped in data", async () => {
    const { apiKey } = await newTenant();
    const r = await api("POST", "/api/v1/api-keys", { token: apiKey, body: { data: { name: "wrapped" } } });
    expect(r.status).toBe(201);
    expect(r.body.data.name).toBe("wrapped");
  });

  it("sets no-store and a request id on every response, errors included", async () => {
    const { apiKey } = await newTenant();
    for (const r of [await api("GET", "/api/v1/api-keys", { token: apiKey }), await api("GET", "/api/v1/api-keys")]) {
      expect(r.headers.get("cache-control")).toBe("no-store");
      expect(r.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it("answers an unexpected error with a generic 500 and logs it with the request id", async () => {
    const { apiKey } = await newTenant();
    const boom = withApi(
      async () => {
        throw new Error("db password is hunter2");
      },
      { allow: ["api_key"] },
    );
    const req = new NextRequest("http://127.0.0.1/api/x", { headers: { authorization: `Bearer ${apiKey}` } });
    const res = await boom(req, { params: Promise.resolve({}) });
    const text = await res.text();
    expect(res.status).toBe(500);
    expect(JSON.parse(text).error.code).toBe("internal");
    expect(text).not.toContain("hunter2");
    const log = readFileSync(process.env.LOG_FILE!, "utf8");
    expect(log).toContain(res.headers.get("x-request-id")!);
  });
});

describe("API wrapper: authentication and roles", () => {
  it("refuses requests without credentials", async () => {
    const r = await api("GET", "/api/v1/api-keys");
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe("unauthorized");
  });

  it.each([
    ["malformed key", "ick_short"],
    ["unknown key", "ick_" + "A".repeat(43)],
    ["garbage JWT", "eyJhbGciOiJIUzI1NiJ9.e30.sig"],
  ])("refuses a %s with 401", async (_, token) => {
    const r = await api("GET", "/api/v1/api-keys", { token });
    expect(r.status).toBe(401);
  });

  it("refuses a non-Bearer authorization header", async () => {
    const { apiKey } = await newTenant();
    const r = await api("GET", "/api/v1/api-keys", { headers: { authorization: `Basic ${apiKey}` } });
    expect(r.status).toBe(401);
  });

  it("refuses a revoked key at once", async () => {
    const { apiKey } = await newTenant();
    const created = await api("POST", "/api/v1/api-keys", { token: apiKey, body: { name: "second" } });
    const second = created.body.data.key as string;
    expect(second).toMatch(/^ick_[A-Za-z0-9_-]{43}$/);
    expect((await api("GET", "/api/v1/workspaces", { token: second })).status).toBe(200);
    expect((await api("DELETE", `/api/v1/api-keys/${created.body.data.id}`, { token: apiKey })).status).toBe(204);
    expect((await api("GET", "/api/v1/workspaces", { token: second })).status).toBe(401);
  });

  it("never lists a key's plaintext or hash", async () => {
    const { apiKey } = await newTenant();
    const r = await api("GET", "/api/v1/api-keys", { token: apiKey });
    const text = JSON.stringify(r.body);
    expect(text).not.toContain(apiKey);
    expect(r.body.data[0]).not.toHaveProperty("hash");
    expect(r.body.data[0].prefix).toBe(apiKey.slice(0, 10));
  });

  it.each([
    ["admin", "POST", "/api/v1/api-keys", 201],
    ["developer", "POST", "/api/v1/api-keys", 403],
    ["viewer", "POST", "/api/v1/api-keys", 403],
    ["viewer", "GET", "/api/v1/api-keys", 403],
    ["viewer", "GET", "/api/v1/workspaces", 200],
    ["developer", "POST", "/api/v1/members", 403],
    ["viewer", "POST", "/api/v1/workspaces", 403],
  ] as const)("a %s: %s %s → %i", async (role, method, path, status) => {
    const { tenantId } = await newTenant();
    const cookie = await memberCookie(tenantId, role);
    const body =
      method === "GET"
        ? undefined
        : path.endsWith("members")
          ? { email: "new@example.test", role: "viewer", password: "long enough password" }
          : path.endsWith("workspaces")
            ? { slug: "staging" }
            : { name: "k" };
    const r = await api(method, path, { cookie, body, headers: { "x-requested-with": "fetch" } });
    expect(r.status).toBe(status);
  });

  it("refuses a dashboard write without X-Requested-With (CSRF)", async () => {
    const { tenantId } = await newTenant();
    const cookie = await memberCookie(tenantId, "admin");
    const r = await api("POST", "/api/v1/api-keys", { cookie, body: { name: "csrf" } });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe("forbidden");
    const list = await api("GET", "/api/v1/api-keys", { cookie });
    expect(list.body.data.map((k: { name: string }) => k.name)).not.toContain("csrf");
  });

  it("rejects a forged session cookie", async () => {
    const r = await api("GET", "/api/v1/workspaces", { cookie: "authjs.session-token=forged.jwt.value" });
    expect(r.status).toBe(401);
  });
});

describe("health", () => {
  it("reports the database kind", async () => {
    const r = await api("GET", "/api/health");
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: "ok", db: process.env.DATABASE_URL ? "postgres" : "pglite" });
  });
});
