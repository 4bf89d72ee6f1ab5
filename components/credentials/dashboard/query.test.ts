import { describe, expect, it } from "vitest";
import { dashboardFilters, dashboardHref, dashboardPage, hasFilters, parseDashboardQuery } from "./query";

describe("dashboard query", () => {
  const slugs = ["production", "staging"];

  it("reads valid filters", () => {
    const q = parseDashboardQuery(
      { workspace: "staging", q: " billing ", status: "error", type: "API_KEY", page: "3" },
      slugs,
    );
    expect(q).toEqual({ workspace: "staging", q: "billing", status: "error", type: "API_KEY", page: 3 });
    expect(dashboardPage(q)).toEqual({ page: 3, perPage: 50, offset: 100 });
    expect(dashboardHref(q)).toBe("/?workspace=staging&q=billing&status=error&type=API_KEY&page=3");
  });

  it("turns each bad value into its default without losing the others", () => {
    const q = parseDashboardQuery(
      { workspace: "nowhere", q: ["a", "b"], status: "bogus", type: "NOPE", page: "-1" },
      slugs,
    );
    expect(q).toEqual({ workspace: undefined, q: undefined, status: undefined, type: undefined, page: 1 });
    expect(parseDashboardQuery({ page: "1e9", q: "" }, slugs)).toMatchObject({ page: 1, q: undefined });
    expect(dashboardHref({ page: 1 })).toBe("/");
  });

  it("reads the needs-attention filter, which counts as a filter and survives in links", () => {
    const q = parseDashboardQuery({ attention: "1", page: "2" }, slugs);
    expect(q.attention).toBe(true);
    expect(hasFilters(q)).toBe(true);
    expect(dashboardFilters(q)).toMatchObject({ attention: true });
    expect(dashboardHref(q)).toBe("/?attention=1&page=2");
    for (const bad of ["0", "yes", ""])
      expect(parseDashboardQuery({ attention: bad }, slugs).attention).toBeUndefined();
    expect(hasFilters(parseDashboardQuery({}, slugs))).toBe(false);
  });

  // `/?q=%00` put U+0000 into the name search, which Postgres refuses: a 500 page.
  it.each([{ q: "\u0000" }, { q: "billing\u0000" }, { workspace: "staging\u0000" }, { page: "2\u0000" }])(
    "ignores U+0000 in %o and keeps the other filters",
    (bad) => {
      const q = parseDashboardQuery({ workspace: "staging", q: "billing", status: "error", page: "2", ...bad }, slugs);
      const key = Object.keys(bad)[0] as keyof typeof q;
      expect(q[key]).toEqual(key === "page" ? 1 : undefined);
      expect(q.status).toBe("error");
      expect(JSON.stringify(q)).not.toContain("\\u0000");
    },
  );
});
