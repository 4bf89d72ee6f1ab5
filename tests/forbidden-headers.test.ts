import { describe, expect, it } from "vitest";
import { api, newTenant } from "./api";

/*
 * DESIGN.md › Security model: headers a credential may never set. A credential that
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
  [`HTTP_HEADERS ${name}`, "HTTP_HEADERS", { headers: { "X-Ok": "fine", [name]: "evil.example" } }, `value.headers.${name}`],
  [`API_KEY header ${name}`, "API_KEY", { key: "k-1234567890", location: "header", headerName: name }, "value.headerName"],
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
    const c = await api("POST", "/api/v1/secrets", { token: t.apiKey, body: { name: "h", type: "HTTP_HEADERS", value: { headers: { "X-A": "1" } } } });
    expect(c.status).toBe(201);
    const r = await api("PATCH", `/api/v1/secrets/${c.body.data.id}`, { token: t.apiKey, body: { value: { headers: { Host: "internal.example" } } } });
    expect(r.status).toBe(400);
    expect(r.body.error.issues.map((i: { path: string }) => i.path)).toContain("value.headers.Host");
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
