import { eq } from "drizzle-orm";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { displayStatus } from "@/components/credentials/display-status";
import { parseDashboardQuery, dashboardFilters } from "@/components/credentials/dashboard/query";
import { StatusBadge } from "@/components/credentials/status-badge";
import { getDb } from "@/db/client";
import { secrets } from "@/db/schema";
import { attentionSummary } from "@/lib/secrets/attention-summary";
import { getSecretMeta, listSecrets } from "@/lib/secrets/store";
import { api, newTenant, uniq } from "./api";

/*
 * The dashboard's displayed status (issue 15 part 1): Expired once `expires` has passed,
 * Unverified when never checked, while the API's stored `status` stays as it was.
 */

const now = new Date("2026-06-01T12:00:00Z");
const yesterday = new Date("2026-05-31T12:00:00Z");
const tomorrow = new Date("2026-06-02T12:00:00Z");

describe("displayStatus", () => {
  it.each([
    [{ status: "active", expires: null, lastVerifiedAt: yesterday }, "active"],
    [{ status: "active", expires: tomorrow, lastVerifiedAt: yesterday }, "active"],
    [{ status: "active", expires: null, lastVerifiedAt: null }, "unverified"],
    [{ status: "active", expires: yesterday, lastVerifiedAt: null }, "expired"],
    [{ status: "active", expires: yesterday, lastVerifiedAt: yesterday }, "expired"],
    [{ status: "active", expires: now, lastVerifiedAt: yesterday }, "expired"],
    [{ status: "expired", expires: tomorrow, lastVerifiedAt: yesterday }, "expired"],
    [{ status: "error", expires: null, lastVerifiedAt: yesterday }, "error"],
    [{ status: "error", expires: yesterday, lastVerifiedAt: yesterday }, "expired"],
    // A linked OAuth2 token past its expiry is the refresh job's to renew, not expired.
    [{ status: "active", expires: yesterday, lastVerifiedAt: yesterday, autoRenews: true }, "active"],
    // Issued by the provider through an auth client: the exchange proved it.
    [{ status: "active", expires: tomorrow, lastVerifiedAt: null, autoRenews: true }, "active"],
    [{ status: "expired", expires: tomorrow, lastVerifiedAt: null, autoRenews: true }, "expired"],
  ] as const)("%o shows %s", (row, shown) => {
    expect(displayStatus(row, now)).toBe(shown);
  });

  it("labels each shown status", () => {
    const html = (status: string) => renderToStaticMarkup(createElement(StatusBadge, { status }));
    expect(html("unverified")).toContain("Unverified");
    expect(html("expired")).toContain("Expired");
    expect(html("active")).toContain("Active");
  });

  it("the dashboard's status filter is the displayed status, not the stored column", () => {
    const q = parseDashboardQuery({ status: "unverified" }, []);
    expect(dashboardFilters(q)).toMatchObject({ shown: "unverified" });
    expect(dashboardFilters(q)).not.toHaveProperty("status");
  });
});

async function create(apiKey: string, body: Record<string, unknown>) {
  const r = await api("POST", "/api/v1/secrets", { token: apiKey, body: { name: uniq("s"), ...body } });
  expect(r.status).toBe(201);
  return r.body.data.id as string;
}

describe("displayed status in the list, the filter and the summary", () => {
  it("a passed-in token past its expiry is Expired and found by the filter; an unchecked one is Unverified", async () => {
    const t = await newTenant();
    const db = await getDb();
    const scope = { tenantId: t.tenantId };
    const page = { page: 1, perPage: 50, offset: 0 };
    const expired = await create(t.apiKey, {
      type: "OA2_AUTHORIZATION_CODE",
      value: { accessToken: uniq("at"), expires: new Date(Date.now() + 86_400_000).toISOString() },
    });
    // Expired yesterday; the expiry job has not run, so the stored status is still active.
    await db
      .update(secrets)
      .set({ expires: new Date(Date.now() - 86_400_000) })
      .where(eq(secrets.id, expired));
    const unverified = await create(t.apiKey, { type: "BEARER", value: { token: uniq("tok") }, verify: false });
    const verified = await create(t.apiKey, { type: "BEARER", value: { token: uniq("tok") } });
    await db.update(secrets).set({ lastVerifiedAt: new Date() }).where(eq(secrets.id, verified));

    // The API keeps the stored status (FlowMate compatibility).
    const apiRead = await api("GET", `/api/v1/secrets/${expired}`, { token: t.apiKey });
    expect(apiRead.body.data.status).toBe("active");

    const ids = async (shown: "expired" | "unverified" | "active" | "error") =>
      (await listSecrets(db, scope, { shown }, page)).rows.map((r) => r.id);
    expect(await ids("expired")).toEqual([expired]);
    expect(await ids("unverified")).toEqual([unverified]);
    expect(await ids("active")).toEqual([verified]);
    expect(await ids("error")).toEqual([]);

    const all = await listSecrets(db, scope, {}, page);
    const shown = new Map(all.rows.map((r) => [r.id, displayStatus(r)]));
    expect(Object.fromEntries(shown)).toEqual({
      [expired]: "expired",
      [unverified]: "unverified",
      [verified]: "active",
    });
    expect(displayStatus(await getSecretMeta(db, scope, expired))).toBe("expired");

    const flagged = await listSecrets(db, scope, { attention: true }, page);
    expect(flagged.rows.map((r) => r.id)).toEqual([expired]);
    expect(await attentionSummary(db, scope)).toEqual({ expired: 1, error: 0, expiringSoon: 0, total: 1 });
  });
});
