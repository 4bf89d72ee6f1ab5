import { describe, expect, it } from "vitest";

import { componentEntrySchema, getComponent, revocationSchema, type ComponentEntryInput } from "./index";

/*
 * The catalogue describes how each provider revokes tokens as data (`oauth.revocation`,
 * lib/oauth/revoke.ts reads it). These tests pin the rules that keep a description safe and the
 * entries whose providers revoke differently from RFC 7009.
 */

const entry = (oauth: Record<string, unknown>): ComponentEntryInput => ({
  id: "example",
  name: "Example",
  category: "Generic",
  docsUrl: "https://example.com/docs",
  authTypes: ["OA2_AUTHORIZATION_CODE"],
  oauth: {
    authorizationUrl: "https://x.example/authorize",
    tokenUrl: "https://x.example/token",
    tokenEndpointAuthMethod: "client_secret_post",
    pkce: true,
    ...oauth,
  },
});

const issuesOf = (e: ComponentEntryInput) => {
  const r = componentEntrySchema.safeParse(e);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("oauth.revocation", () => {
  it("defaults to RFC 7009: form body, token and hint, the client's own auth method, refresh token first", () => {
    expect(revocationSchema.parse({})).toEqual({
      style: "rfc7009",
      method: "POST",
      tokenParam: "token",
      tokenTypeHint: true,
      clientAuth: "client",
      tokens: "refresh",
    });
  });

  it.each([
    ["a client secret in a query string", { style: "query", clientAuth: "post" }, "oauth.revocation.clientAuth"],
    ["the client's method (maybe post) in a query string", { style: "query" }, "oauth.revocation.clientAuth"],
    ["Basic auth next to a bearer token", { style: "bearer", clientAuth: "basic" }, "oauth.revocation.clientAuth"],
    ["an unknown style", { style: "graphql" }, "oauth.revocation.style"],
    ["a parameter name with a space", { tokenParam: "the token" }, "oauth.revocation.tokenParam"],
    ["an unknown key", { header: "X-Token" }, "oauth.revocation"],
  ])("refuses %s", (_, revocation, path) => {
    const issues = issuesOf(entry({ revocationUrl: "https://x.example/revoke", revocation }));
    expect(issues.some((i) => i.startsWith(path))).toBe(true);
  });

  it("refuses a revocation description without a revocation URL", () => {
    expect(issuesOf(entry({ revocation: { style: "json" } }))).toEqual([
      "oauth.revocation: revocation describes a call but there is no revocationUrl",
    ]);
  });

  it("accepts a bare revocation URL (RFC 7009) and a per-kind parameter name", () => {
    expect(issuesOf(entry({ revocationUrl: "https://x.example/revoke" }))).toEqual([]);
    const perKind = { tokenParam: { refresh: "refresh_token", access: "access_token" }, clientAuth: "none" };
    expect(issuesOf(entry({ revocationUrl: "https://x.example/revoke", revocation: perKind }))).toEqual([]);
  });

  it("describes the providers that do not revoke the RFC 7009 way", () => {
    const how = (id: string) => getComponent(id)?.oauth?.revocation;
    expect(how("slack")).toMatchObject({ style: "bearer", tokens: "access", successField: "ok", clientAuth: "none" });
    expect(how("quickbooks")).toMatchObject({ style: "json", clientAuth: "basic" });
    expect(how("zoho-crm")).toMatchObject({ style: "query", clientAuth: "none" });
    expect(how("linear")).toMatchObject({
      tokenParam: { refresh: "refresh_token", access: "access_token" },
      clientAuth: "none",
    });
    expect(how("dropbox")).toMatchObject({ style: "bearer", tokens: "access" });
    expect(how("zendesk")).toMatchObject({ style: "bearer", method: "DELETE", tokens: "access" });
    expect(how("calendly")).toMatchObject({ clientAuth: "post" });
  });
});
