import { eq } from "drizzle-orm";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { AttentionSummaryBanner } from "@/components/credentials/dashboard/attention-summary";
import { dashboardFilters, parseDashboardQuery } from "@/components/credentials/dashboard/query";
import { getDb } from "@/db/client";
import { secrets } from "@/db/schema";
import { attentionSummary } from "@/lib/secrets/attention-summary";
import { listGroups } from "@/lib/secrets/groups";
import { listSecrets } from "@/lib/secrets/store";
import { api, newTenant, uniq } from "./api";

/*
 * Needs attention's links (issue 15 part 1): each count links to a list of exactly the
 * credentials it counts. "Expiring soon" is the status filter's `expiring`, the same SQL as
 * the count, so it lists neither the expired nor the failing ones that are not expiring.
 */

const inDays = (d: number) => new Date(Date.now() + d * 86_400_000);

async function create(apiKey: string, expires?: Date) {
  const r = await api("POST", "/api/v1/secrets", {
    token: apiKey,
    body: {
      name: uniq("s"),
      type: "OA2_AUTHORIZATION_CODE",
      value: { accessToken: uniq("at"), ...(expires && { expires: expires.toISOString() }) },
    },
  });
  expect(r.status).toBe(201);
  return r.body.data.id as string;
}

/** The banner's links, by their text ("1 expired" → its href). */
function bannerLinks(summary: Awaited<ReturnType<typeof attentionSummary>>): Record<string, string> {
  const html = renderToStaticMarkup(createElement(AttentionSummaryBanner, { summary }));
  return Object.fromEntries(
    [...html.matchAll(/<a [^>]*href="([^"]+)"[^>]*>([^<]+)<\/a>/g)].map((m) => [m[2], m[1].replace(/&amp;/g, "&")]),
  );
}

describe("the Needs attention links", () => {
  it("each count's link lists exactly the credentials it counts", async () => {
    const t = await newTenant();
    const db = await getDb();
    const scope = { tenantId: t.tenantId };
    await create(t.apiKey); // healthy: no expiry
    await create(t.apiKey, inDays(30)); // healthy: expires, but not soon
    const soon = await create(t.apiKey, inDays(3));
    const expired = await create(t.apiKey, inDays(1));
    // Passed; the expiry job has not run, so it is shown Expired from `expires` alone.
    await db
      .update(secrets)
      .set({ expires: inDays(-1) })
      .where(eq(secrets.id, expired));
    const failing = await create(t.apiKey);
    const failingSoon = await create(t.apiKey, inDays(2));
    await db.update(secrets).set({ status: "error", failingSince: new Date() }).where(eq(secrets.id, failing));
    await db.update(secrets).set({ status: "error", failingSince: new Date() }).where(eq(secrets.id, failingSoon));

    const summary = await attentionSummary(db, scope);
    // One failing credential also expires soon: it counts under both, but once in the total.
    expect(summary).toEqual({ expired: 1, error: 2, expiringSoon: 2, total: 4 });
    const links = bannerLinks(summary);
    expect(links).toMatchObject({
      "1 expired": "/?status=expired",
      "2 failing": "/?status=error",
      "2 expiring soon": "/?status=expiring",
    });

    const listed = async (href: string) => {
      const query = parseDashboardQuery(Object.fromEntries(new URL(href, "http://x").searchParams), []);
      const filters = dashboardFilters(query);
      const groups = await listGroups(db, scope, filters, { page: 1, groupsPerPage: 10, rowsPerGroup: 50 });
      const flat = await listSecrets(db, scope, filters, { page: 1, perPage: 50, offset: 0 });
      // The grouped list and the store agree, count and rows.
      expect(groups.total).toBe(flat.total);
      const ids = groups.groups.flatMap((g) => g.rows.map((r) => r.id)).sort();
      expect(flat.rows.map((r) => r.id).sort()).toEqual(ids);
      return ids;
    };
    expect(await listed(links["1 expired"])).toEqual([expired]);
    expect(await listed(links["2 failing"])).toEqual([failing, failingSoon].sort());
    expect(await listed(links["2 expiring soon"])).toEqual([soon, failingSoon].sort());
    // "Show all" gathers every one of them, and says how many there are.
    expect(await listed(links["Show all 4 that need attention"])).toEqual([expired, failing, failingSoon, soon].sort());
  });

  it("an unknown status falls back to any status; `expiring` is kept", () => {
    expect(parseDashboardQuery({ status: "expiring" }, []).status).toBe("expiring");
    expect(parseDashboardQuery({ status: "soon" }, []).status).toBeUndefined();
  });
});
