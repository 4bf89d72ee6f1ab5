import { randomBytes } from "node:crypto";
import type { Locator, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { componentGroup, writeHeaders } from "./fixtures/credentials";

/*
 * Grouping that scales (issue 15 part 5): the list pages over apps, so a group is never split
 * across pages; a group of 45 shows its newest five, collapses and expands, and "Show all 45"
 * lists all of them; app and owner filters; a search that finds the end user; two credentials
 * of the same name told apart by owner and created date.
 */

type Post = (data: Record<string, unknown>, username?: string) => Promise<string>;

/** POSTs secrets with a fresh API key of the signed-in admin's tenant (`verify: false` is for API callers). */
async function apiPoster(page: Page): Promise<Post> {
  const made = await page.request.post("/api/v1/api-keys", { headers: writeHeaders, data: { name: "e2e grouping" } });
  expect(made.status(), await made.text()).toBe(201);
  const { key } = ((await made.json()) as { data: { key: string } }).data;
  return async (data, username) => {
    const res = await page.request.post(`/api/v1/secrets${username ? `?username=${username}` : ""}`, {
      headers: { Authorization: `Bearer ${key}` },
      data: { type: "BEARER", value: { token: `tok-${randomBytes(4).toString("hex")}` }, verify: false, ...data },
    });
    expect(res.status(), await res.text()).toBe(201);
    return ((await res.json()) as { data: { id: string } }).data.id;
  };
}

/** Stores `n` credentials of a component, a few at a time. */
async function many(post: Post, componentId: string, n: number, label: string) {
  for (let i = 0; i < n; i += 5) {
    await Promise.all(
      Array.from({ length: Math.min(5, n - i) }, (_, k) =>
        post({ componentId, name: `${label} ${String(i + k + 1).padStart(2, "0")}` }),
      ),
    );
  }
}

const rowsOf = (group: Locator) => group.locator("tbody tr");
const filters = (page: Page) => page.getByRole("search", { name: "Filter credentials" });

async function apply(page: Page, url: string) {
  await filters(page).getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(url);
}

test("a group of 45 collapses, shows five with Show all 45, and a group of 2 keeps both on page 1", async ({
  admin: page,
}) => {
  const post = await apiPoster(page);
  const customer = `cust-${randomBytes(4).toString("hex")}`;
  // Cohere (4) and Mistral (45) sort before OpenAI: paged over rows, OpenAI's second
  // credential fell onto page 2 while its badge said 2.
  await many(post, "cohere", 4, "Cohere key");
  await many(post, "mistral", 45, "Mistral key");
  await post({ componentId: "openai", name: "Prod key" }, customer);
  await post({ componentId: "openai", name: "Prod key" });

  await page.goto("/");
  const pagination = page.getByRole("navigation", { name: "Pagination" });
  await expect(pagination).toContainText("Page 1 of 1 · 3 apps with 51 credentials");
  const names = page.getByRole("heading", { level: 2 }).filter({ has: page.getByRole("button") });
  await expect(names).toHaveText(["Cohere", "Mistral AI", "OpenAI"]);

  // The group of two: both rows on this page, told apart by owner and created date.
  const openai = componentGroup(page, "OpenAI");
  await expect(openai.getByText("2 credentials", { exact: true })).toBeVisible();
  await expect(rowsOf(openai)).toHaveCount(2);
  await expect(openai.getByRole("link", { name: "Prod key" })).toHaveCount(2);
  await expect(openai.getByRole("row", { name: /Prod key/ }).filter({ hasText: customer })).toHaveCount(1);
  await expect(openai.getByRole("row", { name: /Prod key/ }).filter({ hasText: "Team" })).toHaveCount(1);
  for (const row of await rowsOf(openai).all()) {
    await expect(row.locator("td[data-label=Created] time")).toHaveAttribute("datetime", /^\d{4}-\d\d-\d\dT/);
  }
  await expect(openai.getByRole("link", { name: /Show all/ })).toHaveCount(0);

  // The group of 45: its newest five, and a way to all of them.
  const mistral = componentGroup(page, "Mistral AI");
  await expect(mistral.getByText("45 credentials", { exact: true })).toBeVisible();
  await expect(rowsOf(mistral)).toHaveCount(5);
  await expect(mistral).toContainText("Showing the newest 5 of 45");

  // Collapse and expand (after hydration: the first click may land before React listens).
  const toggle = mistral.getByRole("button", { name: "Mistral AI" });
  await expect(toggle).toHaveAttribute("aria-expanded", "true");
  await expect(async () => {
    await toggle.click();
    await expect(toggle).toHaveAttribute("aria-expanded", "false", { timeout: 1_000 });
  }).toPass();
  await expect(rowsOf(mistral).first()).toBeHidden();
  await expect(mistral.getByRole("link", { name: /Show all 45/ })).toBeHidden();
  await expect(rowsOf(openai)).toHaveCount(2);
  await expect(rowsOf(openai).first()).toBeVisible();
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-expanded", "true");
  await expect(rowsOf(mistral).first()).toBeVisible();

  await mistral.getByRole("link", { name: "Show all 45" }).click();
  await expect(page).toHaveURL("/?component=mistral");
  await expect(filters(page).getByLabel("App", { exact: true })).toHaveValue("mistral");
  await expect(rowsOf(mistral)).toHaveCount(45);
  await expect(pagination).toContainText("Page 1 of 1 · 45 credentials");
  const shown = await mistral.getByRole("link", { name: /^Mistral key \d\d$/ }).allTextContents();
  expect(new Set(shown).size).toBe(45);
  await expect(componentGroup(page, "OpenAI")).toHaveCount(0);
  await page.getByRole("link", { name: "← All apps" }).click();
  await expect(page).toHaveURL("/");
  await expect(rowsOf(mistral)).toHaveCount(5);
});

test("filters by app and by owner, and a search finds the end user", async ({ admin: page }) => {
  const post = await apiPoster(page);
  const alice = `alice-${randomBytes(4).toString("hex")}`;
  const bob = `bob-${randomBytes(4).toString("hex")}`;
  await post({ componentId: "openai", name: "Assistant" }, alice);
  await post({ componentId: "mistral", name: "Summaries" }, alice);
  await post({ componentId: "mistral", name: "Translations" }, bob);
  await post({ componentId: "cohere", name: "Search" });
  await post({ name: "Passed in" });

  await page.goto("/");
  const app = filters(page).getByLabel("App", { exact: true });
  await expect(app.locator("option")).toHaveText(["All apps", "Cohere", "Mistral AI", "OpenAI", "Other"]);
  await app.selectOption({ label: "Mistral AI" });
  await apply(page, "/?component=mistral");
  await expect(rowsOf(componentGroup(page, "Mistral AI"))).toHaveCount(2);
  await expect(componentGroup(page, "OpenAI")).toHaveCount(0);

  await app.selectOption({ label: "Other" });
  await apply(page, "/?component=_none");
  await expect(rowsOf(componentGroup(page, "Other"))).toHaveCount(1);
  await expect(componentGroup(page, "Other")).toContainText("Passed in");

  await page.goto("/");
  await filters(page).getByLabel("Owner").fill(alice);
  await apply(page, `/?owner=${alice}`);
  await expect(componentGroup(page, "OpenAI").getByRole("link", { name: "Assistant" })).toBeVisible();
  await expect(componentGroup(page, "Mistral AI").getByRole("link")).toHaveText(["Summaries"]);
  await expect(componentGroup(page, "Cohere")).toHaveCount(0);
  await expect(page.getByRole("navigation", { name: "Pagination" })).toContainText("2 apps with 2 credentials");

  // Part of a username finds its credentials, though no name contains it.
  await page.goto("/");
  await filters(page).getByLabel("Search by name or end user").fill(bob.slice(0, 8).toUpperCase());
  await apply(page, `/?q=${bob.slice(0, 8).toUpperCase()}`);
  await expect(componentGroup(page, "Mistral AI").getByRole("link")).toHaveText(["Translations"]);
  await expect(componentGroup(page, "Mistral AI").getByText("1 credential", { exact: true })).toBeVisible();
  await expect(componentGroup(page, "OpenAI")).toHaveCount(0);
  // And a name still matches by name.
  await page.goto("/?q=assist");
  await expect(componentGroup(page, "OpenAI").getByRole("link", { name: "Assistant" })).toBeVisible();
  await expect(componentGroup(page, "Mistral AI")).toHaveCount(0);
});

test("on a 390 px phone the grouped rows stack without horizontal scrolling", async ({ admin: page }) => {
  const post = await apiPoster(page);
  await post({ componentId: "openai", name: "A credential with a rather long name to wrap" }, "cust-phone");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/");
  const row = rowsOf(componentGroup(page, "OpenAI")).first();
  await expect(row).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  // Stacked: the owner cell sits below the name cell, not beside it.
  const name = await row.locator("td[data-label=Name]").boundingBox();
  const owner = await row.locator("td[data-label=Owner]").boundingBox();
  expect(owner!.y).toBeGreaterThanOrEqual(name!.y + name!.height - 1);
  await expect(page.getByRole("columnheader", { name: "Owner" })).toBeAttached();
});
