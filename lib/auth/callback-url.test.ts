import { describe, expect, it } from "vitest";
import { loginHref, safeCallbackPath } from "./callback-url";

describe("safeCallbackPath: log-in returns only to a path on this site", () => {
  it.each([
    ["/credentials/abc", "/credentials/abc"],
    ["/audit?action=secret.created&page=2", "/audit?action=secret.created&page=2"],
    ["/credentials/new?component=http-api#top", "/credentials/new?component=http-api#top"],
    ["/", "/"],
  ])("keeps %s", (raw, expected) => {
    expect(safeCallbackPath(raw)).toBe(expected);
  });

  it.each([
    ["an absolute URL", "https://evil.example/phish"],
    ["a protocol-relative URL", "//evil.example/phish"],
    ["a backslash form", "/\\evil.example"],
    ["a tab browsers strip", "/\t/evil.example"],
    ["a newline", "/\n/evil.example"],
    ["a javascript: URL", "javascript:alert(1)"],
    ["a relative path", "credentials"],
    ["the log-in page itself", "/login?callbackUrl=/x"],
    ["an API route", "/api/v1/secrets"],
    ["an empty value", ""],
    ["a repeated parameter", ["/a", "/b"]],
    ["nothing", undefined],
    ["a very long value", `/${"a".repeat(3000)}`],
  ])("refuses %s", (_what, raw) => {
    expect(safeCallbackPath(raw)).toBe("/");
  });

  it("loginHref carries the page, and nothing for the dashboard or a refused value", () => {
    expect(loginHref("/credentials/abc?x=1")).toBe("/login?callbackUrl=%2Fcredentials%2Fabc%3Fx%3D1");
    expect(loginHref("/")).toBe("/login");
    expect(loginHref("//evil.example")).toBe("/login");
  });
});
