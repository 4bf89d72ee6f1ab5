import { describe, expect, it } from "vitest";
import {
  dashboardFilters,
  dashboardHref,
  dashboardPage,
  foldedFilterCount,
  groupPage,
  hasFilters,
  parseDashboardQuery,
} from "./query";

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

  it("reads the app and owner filters; `_none` is the credentials without a component", () => {
    const q = parseDashboardQuery({ component: "openai", owner: " cust-42 ", page: "2" }, slugs);
    expect(q).toMatchObject({ component: "openai", owner: "cust-42", page: 2 });
    expect(hasFilters(q)).toBe(true);
    expect(dashboardFilters(q)).toMatchObject({ owner: "cust-42" });
    expect(dashboardHref(q)).toBe("/?component=openai&owner=cust-42&page=2");
    const none = parseDashboardQuery({ component: "_none" }, slugs);
    expect(none.component).toBeNull();
    expect(hasFilters(none)).toBe(true);
    expect(dashboardHref(none)).toBe("/?component=_none");
    for (const bad of ["Open AI", "_other", "-x", "a".repeat(65)])
      expect(parseDashboardQuery({ component: bad }, slugs).component).toBeUndefined();
    expect(parseDashboardQuery({ owner: "  " }, slugs).owner).toBeUndefined();
    expect(groupPage(parseDashboardQuery({ page: "3" }, slugs))).toEqual({
      page: 3,
      groupsPerPage: 10,
      rowsPerGroup: 5,
    });
  });

  // `/?q=%00` put U+0000 into the name search, which Postgres refuses: a 500 page.
  it.each([
    { q: "\u0000" },
    { q: "billing\u0000" },
    { workspace: "staging\u0000" },
    { owner: "cust\u0000" },
    { page: "2\u0000" },
  ])("ignores U+0000 in %o and keeps the other filters", (bad) => {
    const q = parseDashboardQuery({ workspace: "staging", q: "billing", status: "error", page: "2", ...bad }, slugs);
    const key = Object.keys(bad)[0] as keyof typeof q;
    expect(q[key]).toEqual(key === "page" ? 1 : undefined);
    expect(q.status).toBe("error");
    expect(JSON.stringify(q)).not.toContain("\\u0000");
  });

  it("counts the filters a phone folds behind its Filters button: all but the search box", () => {
    expect(foldedFilterCount(parseDashboardQuery({ q: "billing" }, slugs))).toBe(0);
    expect(foldedFilterCount(parseDashboardQuery({ q: "billing", status: "error", workspace: "staging" }, slugs))).toBe(
      2,
    );
    const all = { component: "_none", workspace: "staging", owner: "cust-42", status: "error", type: "API_KEY" };
    expect(foldedFilterCount(parseDashboardQuery({ ...all, attention: "1", page: "3" }, slugs))).toBe(6);
    // A workspace the tenant lacks is no filter, so it is not counted.
    expect(foldedFilterCount(parseDashboardQuery({ workspace: "nowhere" }, slugs))).toBe(0);
  });
});
