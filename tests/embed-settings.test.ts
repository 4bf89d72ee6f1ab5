import { describe, expect, it } from "vitest";
import { api, memberCookie, newTenant } from "./api";

// Settings › Embed through PATCH /api/v1/settings: the exact origins that may frame /embed,
// the return-URL origins, and the branding shown in the embed. An origin is compared as an
// exact string wherever it is used (frame-ancestors, postMessage, connect-session origin),
// so only the one spelling a browser sends is accepted: scheme, host and port, nothing else.

const patch = (token: string, body: unknown) => api("PATCH", "/api/v1/settings", { token, body });

describe("embed and return-URL origins are exact origins", () => {
  const accepted = [
    "https://app.example.com",
    "https://app.example.com:8443",
    "http://localhost:5173",
    "http://127.0.0.1:8080",
    "http://[::1]:3000",
    "https://xn--bcher-kva.de",
  ];
  const refused = [
    "https://*.example.com",
    "https://*",
    "*",
    "https://app.example.com/",
    "https://app.example.com/embed",
    "https://app.example.com?x=1",
    "https://app.example.com#top",
    "https://App.Example.com",
    "https://app.example.com:443",
    "http://localhost:80",
    "https://user:pw@app.example.com",
    "https://app.example.com.",
    "https://app..example.com",
    "https://bücher.de",
    "https://%2a.example.com",
    "https://app example.com",
    "app.example.com",
    "//app.example.com",
    "null",
    "file:///etc",
    "ftp://app.example.com",
    "javascript:alert(1)",
    "",
  ];

  for (const field of ["embedOrigins", "returnUrlOrigins"] as const) {
    it(`${field}: accepts exact origins and stores them as given`, async () => {
      const t = await newTenant();
      const r = await patch(t.apiKey, { [field]: accepted });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.data[field]).toEqual(accepted);
    });

    it(`${field}: refuses wildcards, paths, trailing slashes, default ports and other spellings`, async () => {
      const t = await newTenant();
      for (const origin of refused) {
        const r = await patch(t.apiKey, { [field]: ["https://ok.example.com", origin] });
        expect(r.status, `${origin} should be refused`).toBe(400);
        expect(r.body.error.issues[0].path).toBe(`${field}.1`);
      }
      expect((await api("GET", "/api/v1/settings", { token: t.apiKey })).body.data[field]).toEqual([]);
    });
  }

  it("refuses the same origin twice", async () => {
    const t = await newTenant();
    const r = await patch(t.apiKey, { embedOrigins: ["https://app.example.com", "https://app.example.com"] });
    expect(r.status).toBe(400);
  });
});

describe("branding", () => {
  it("sets the name, accent colour and https logo, and clears one with null", async () => {
    const t = await newTenant();
    const set = await patch(t.apiKey, {
      branding: { name: "Acme Connect", accentColor: "#3355ff", logoUrl: "https://cdn.example.com/logo.png" },
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body.data.branding).toEqual({
      name: "Acme Connect",
      accentColor: "#3355ff",
      logoUrl: "https://cdn.example.com/logo.png",
    });
    // A partial patch keeps the rest; null removes a field.
    const cleared = await patch(t.apiKey, { branding: { logoUrl: null, name: "Acme" } });
    expect(cleared.status, JSON.stringify(cleared.body)).toBe(200);
    expect(cleared.body.data.branding).toEqual({ name: "Acme", accentColor: "#3355ff" });
    const read = await api("GET", "/api/v1/settings", { token: t.apiKey });
    expect(read.body.data.branding).toEqual({ name: "Acme", accentColor: "#3355ff" });
  });

  it.each([
    [{ accentColor: "blue" }],
    [{ accentColor: "#35f" }],
    [{ accentColor: "#3355ff; background: url(x)" }],
    [{ logoUrl: "http://cdn.example.com/logo.png" }],
    [{ logoUrl: "javascript:alert(1)" }],
    [{ logoUrl: "data:image/png;base64,AAAA" }],
    [{ name: "x".repeat(101) }],
    [{ colour: "#000000" }],
  ])("refuses %j", async (branding) => {
    const t = await newTenant();
    expect((await patch(t.apiKey, { branding })).status).toBe(400);
  });

  it("is for admins and the API key: a developer's patch is 403", async () => {
    const t = await newTenant();
    const cookie = await memberCookie(t.tenantId, "developer");
    const r = await api("PATCH", "/api/v1/settings", {
      cookie,
      headers: { "x-requested-with": "fetch" },
      body: { embedOrigins: ["https://app.example.com"] },
    });
    expect(r.status).toBe(403);
  });
});
