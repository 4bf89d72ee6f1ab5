import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { secrets } from "@/db/schema";
import { encryptField } from "@/lib/crypto/data-keys";
import { api, newTenant } from "./api";

/*
 * docs/architecture.md › Security model: headers a credential may never set. A credential that
 * names `Host` could pick the virtual host behind a public address the dry run proved;
 * the framing headers could smuggle a second request.
 */
const FORBIDDEN = [
  "Host",
  "host",
  "HOST",
  "Content-Length",
  "Transfer-Encoding",
  "Connection",
  "Upgrade",
  "TE",
  "Trailer",
  "Expect",
  "Proxy-Authorization",
  "proxy-connection",
];

type Case = [label: string, type: string, value: Record<string, unknown>, path: string];

const cases: Case[] = FORBIDDEN.flatMap((name): Case[] => [
  [
    `HTTP_HEADERS ${name}`,
    "HTTP_HEADERS",
    { headers: { "X-Ok": "fine", [name]: "evil.example" } },
    `value.headers.${name}`,
  ],
  [
    `API_KEY header ${name}`,
    "API_KEY",
    { key: "k-1234567890", location: "header", headerName: name },
    "value.headerName",
  ],
  // No location: the key goes in a header unless the component says otherwise.
  [`API_KEY default location ${name}`, "API_KEY", { key: "k-1234567890", headerName: name }, "value.headerName"],
  [`BEARER ${name}`, "BEARER", { token: "t-1234567890", headerName: name }, "value.headerName"],
]);

describe("headers a credential may never set", () => {
  it.each(cases)("create refuses %s with a 400 on the header name", async (_, type, value, path) => {
    const t = await newTenant();
    const r = await api("POST", "/api/v1/secrets", { token: t.apiKey, body: { name: "h", type, value } });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("validation_failed");
    const issue = r.body.error.issues.find((i: { path: string }) => i.path === path);
    expect(issue, JSON.stringify(r.body.error.issues)).toBeDefined();
    expect(issue.message).toMatch(/may not be set by a credential/);
  });

  it("a replacement value is refused the same way", async () => {
    const t = await newTenant();
    const c = await api("POST", "/api/v1/secrets", {
      token: t.apiKey,
      body: { name: "h", type: "HTTP_HEADERS", value: { headers: { "X-A": "1" } } },
    });
    expect(c.status).toBe(201);
    const r = await api("PATCH", `/api/v1/secrets/${c.body.data.id}`, {
      token: t.apiKey,
      body: { value: { headers: { Host: "internal.example" } } },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.issues.map((i: { path: string }) => i.path)).toContain("value.headers.Host");
  });

  it("a value stored before the rule never puts a forbidden header on a request", async () => {
    const t = await newTenant();
    const db = await getDb();
    const stored: Array<[string, Record<string, unknown>, Record<string, unknown>]> = [
      [
        "HTTP_HEADERS",
        { headers: { "X-A": "1" } },
        { headers: { Host: "internal.example", "Transfer-Encoding": "chunked", "X-A": "1" } },
      ],
      ["BEARER", { token: "t-1234567890" }, { token: "t-1234567890", headerName: "Host" }],
      [
        "API_KEY",
        { key: "k-1234567890" },
        { key: "k-1234567890", location: "header", headerName: "Proxy-Authorization" },
      ],
    ];
    for (const [type, valid, legacy] of stored) {
      const c = await api("POST", "/api/v1/secrets", { token: t.apiKey, body: { name: type, type, value: valid } });
      expect(c.status).toBe(201);
      // What an older version accepted, written as it would have stored it.
      const valueCiphertext = await encryptField({
        db,
        tenantId: t.tenantId,
        rowId: c.body.data.id,
        field: "value",
        plaintext: JSON.stringify(legacy),
      });
      await db
        .update(secrets)
        .set({ valueCiphertext })
        .where(and(eq(secrets.id, c.body.data.id), eq(secrets.tenantId, t.tenantId)));
      const r = await api("GET", `/api/v1/secrets/${c.body.data.id}/request-auth`, { token: t.apiKey });
      expect(r.status).toBe(200);
      const names = Object.keys(r.body.data.headers).map((h) => h.toLowerCase());
      expect(names.filter((h) => ["host", "transfer-encoding"].includes(h) || h.startsWith("proxy-"))).toEqual([]);
      if (type === "HTTP_HEADERS") expect(r.body.data.headers).toEqual({ "X-A": "1" });
    }
  });

  it("ordinary header names, and query or cookie names that merely look like them, still work", async () => {
    const t = await newTenant();
    const ok: Array<[string, Record<string, unknown>]> = [
      ["HTTP_HEADERS", { headers: { "X-Host": "a", "X-Proxy-Key": "b", Hostname: "c" } }],
      ["API_KEY", { key: "k-1234567890", location: "query", headerName: "host" }],
      ["API_KEY", { key: "k-1234567890", location: "cookie", headerName: "Connection" }],
      ["BEARER", { token: "t-1234567890", headerName: "X-Auth-Token" }],
    ];
    for (const [type, value] of ok) {
      const r = await api("POST", "/api/v1/secrets", { token: t.apiKey, body: { name: "ok", type, value } });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
  });
});
