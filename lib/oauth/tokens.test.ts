import { describe, expect, it } from "vitest";
import { expiresAt, flowMateValue, scopeList, tokenResponseSchema } from "./tokens";

const now = new Date("2030-01-01T00:00:00.000Z");

describe("tokenResponseSchema", () => {
  it("accepts a standard answer, a numeric-string lifetime and provider extras", () => {
    const t = tokenResponseSchema.parse({
      access_token: "at",
      token_type: "Bearer",
      expires_in: "3600",
      team: { id: "T1" },
    });
    expect(t.expires_in).toBe(3600);
    expect(t.team).toEqual({ id: "T1" });
  });

  it.each([
    ["no access_token", { token_type: "bearer" }],
    ["empty access_token", { access_token: "", token_type: "bearer" }],
    ["a token with a newline", { access_token: "a\r\nX-Evil: 1", token_type: "bearer" }],
    ["no token_type", { access_token: "at" }],
    ["a negative lifetime", { access_token: "at", token_type: "bearer", expires_in: -1 }],
    ["a lifetime past what a Date holds", { access_token: "at", token_type: "bearer", expires_in: 1e15 }],
    ["a non-string refresh token", { access_token: "at", token_type: "bearer", refresh_token: 5 }],
    ["not an object", "access_token=at"],
  ])("refuses %s", (_, body) => {
    expect(tokenResponseSchema.safeParse(body).success).toBe(false);
  });
});

describe("flowMateValue", () => {
  it("builds the FlowMate shape with an absolute expiry", () => {
    const token = tokenResponseSchema.parse({
      access_token: "at",
      token_type: "bearer",
      expires_in: 60,
      refresh_token: "rt",
      scope: "a b",
    });
    expect(flowMateValue({ authClientId: "c1", token, externalId: "u1", now })).toEqual({
      authClientId: "c1",
      accessToken: "at",
      refreshToken: "rt",
      scope: "a b",
      expires: "2030-01-01T00:01:00.000Z",
      externalId: "u1",
    });
  });

  it("leaves expires unknown (absent) when expires_in is missing or 0, never now", () => {
    for (const extra of [{}, { expires_in: 0 }]) {
      const token = tokenResponseSchema.parse({ access_token: "at", token_type: "bearer", ...extra });
      const v = flowMateValue({ authClientId: "c1", token, now });
      expect(v.expires).toBeUndefined();
      expect("expires" in v).toBe(false);
    }
    expect(expiresAt(undefined, now)).toBeUndefined();
  });

  it("keeps the previous refresh token, scope and account when the answer omits them", () => {
    const token = tokenResponseSchema.parse({ access_token: "at2", token_type: "bearer" });
    const v = flowMateValue({
      authClientId: "c1",
      token,
      previous: { refreshToken: "rt-old", scope: "x", externalId: "u9" },
      now,
    });
    expect(v).toMatchObject({ accessToken: "at2", refreshToken: "rt-old", scope: "x", externalId: "u9" });
  });

  it("prefers the granted scope over the requested one", () => {
    const token = tokenResponseSchema.parse({ access_token: "at", token_type: "bearer", scope: "read" });
    expect(flowMateValue({ authClientId: "c1", token, requestedScope: "read write" }).scope).toBe("read");
    const bare = tokenResponseSchema.parse({ access_token: "at", token_type: "bearer" });
    expect(flowMateValue({ authClientId: "c1", token: bare, requestedScope: "read write" }).scope).toBe("read write");
  });
});

describe("scopeList", () => {
  it("splits on spaces, commas and pluses", () => {
    expect(scopeList("a b,c+d")).toEqual(["a", "b", "c", "d"]);
    expect(scopeList(undefined)).toEqual([]);
  });
});
