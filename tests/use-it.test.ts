import { describe, expect, it } from "vitest";
import { useItSnippets } from "@/components/credentials/detail/use-it-snippets";
import { routes } from "@/lib/api/routes";
import { api, newTenant, uniq } from "./api";

/* The detail page's "Use it" snippets (issue 15 part 4) name a real route on the real base URL. */

describe("Use it snippets", () => {
  const id = "0b5f6a3e-3f7c-4a43-9a55-6f4d2a1c9e10";

  it("use PUBLIC_URL (with its path prefix, without a doubled slash) and the credential id", () => {
    const s = useItSnippets("https://vault.example.com/ic/", id);
    expect(s.url).toBe(`https://vault.example.com/ic/api/v1/secrets/${id}`);
    expect(s.curl).toContain(`curl -s "${s.url}"`);
    expect(s.curl).toContain('-H "Authorization: Bearer $IC_API_KEY"');
    expect(s.fetch).toContain(`fetch(${JSON.stringify(s.url)}`);
    expect(s.fetch).toContain("Bearer ${process.env.IC_API_KEY}");
  });

  it("point at the registry's read route, which answers the snippet's request with data.value", async () => {
    expect(routes.some((r) => r.method === "GET" && r.path === "/api/v1/secrets/{id}")).toBe(true);
    const t = await newTenant();
    const token = uniq("tok");
    const created = await api("POST", "/api/v1/secrets", {
      token: t.apiKey,
      body: { name: uniq("s"), type: "BEARER", value: { token }, verify: false },
    });
    expect(created.status).toBe(201);
    const { url } = useItSnippets("http://localhost:3000", created.body.data.id);
    const read = await api("GET", new URL(url).pathname, { token: t.apiKey });
    expect(read.status).toBe(200);
    expect(read.body.data.value).toMatchObject({ token });
  });
});
