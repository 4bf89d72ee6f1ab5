import { describe, expect, it } from "vitest";
import { auditHref, auditPage, parseAuditQuery } from "./audit-query";

describe("audit log query", () => {
  it("reads valid filters", () => {
    const q = parseAuditQuery({ action: " api_key.created ", targetId: "abc", page: "2" });
    expect(q).toEqual({ action: "api_key.created", targetId: "abc", page: 2 });
    expect(auditPage(q)).toEqual({ page: 2, perPage: 50, offset: 50 });
    expect(auditHref(q)).toBe("/audit?action=api_key.created&targetId=abc&page=2");
  });

  it("turns each bad value into its default without losing the others", () => {
    expect(parseAuditQuery({ action: ["a", "b"], targetId: "x".repeat(101), page: "-3" })).toEqual({
      action: undefined,
      targetId: undefined,
      page: 1,
    });
    expect(parseAuditQuery({ action: "", page: "abc", targetId: "t" })).toEqual({
      action: undefined,
      targetId: "t",
      page: 1,
    });
  });

  // `/audit?action=%00` put U+0000 into the query, which Postgres refuses: a 500 page.
  it.each([
    ["action", { action: "\u0000" }],
    ["action", { action: "api_key.created\u0000" }],
    ["targetId", { targetId: "abc\u0000def" }],
  ])("ignores U+0000 in %s and keeps the rest", (field, bad) => {
    const q = parseAuditQuery({ action: "member.added", targetId: "t-1", page: "3", ...bad });
    expect(q[field as "action" | "targetId"]).toBeUndefined();
    expect(q.page).toBe(3);
    expect(JSON.stringify(q)).not.toContain("\\u0000");
  });
});
