import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { uniqueName, writeHeaders } from "./fixtures/credentials";

/*
 * The dashboard's displayed status (issue 15 part 1) and the detail page's id and "Use it"
 * panel (part 4): a passed-in OAuth token that expired yesterday shows Expired and the Expired
 * filter finds it, a credential stored with `verify: false` shows Unverified, the Needs
 * attention summary counts the expired one, and the id copy button puts the id on the
 * clipboard.
 */

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

/** POSTs a secret with a fresh API key of the signed-in admin's tenant; returns its id. */
async function apiPoster(page: Page) {
  const made = await page.request.post("/api/v1/api-keys", { headers: writeHeaders, data: { name: "e2e status" } });
  expect(made.status(), await made.text()).toBe(201);
  const { key } = ((await made.json()) as { data: { key: string } }).data;
  return async (data: Record<string, unknown>) => {
    const res = await page.request.post("/api/v1/secrets", { headers: { Authorization: `Bearer ${key}` }, data });
    expect(res.status(), await res.text()).toBe(201);
    return ((await res.json()) as { data: { id: string } }).data.id;
  };
}

test("an expired passed-in token shows Expired and is found by the filter; an unverified one shows Unverified", async ({
  admin: page,
}) => {
  // `verify: false` is for API callers: the admin makes a key, as a backend would hold one.
  const post = await apiPoster(page);
  const expired = uniqueName("Yesterday's token");
  const expiredId = await post({
    name: expired,
    type: "OA2_AUTHORIZATION_CODE",
    value: { accessToken: "at-expired", expires: new Date(Date.now() - 86_400_000).toISOString() },
  });
  const unverified = uniqueName("Unchecked token");
  await post({ name: unverified, type: "BEARER", value: { token: "plain-token" }, verify: false });

  await page.goto("/");
  const rowOf = (name: string) => page.getByRole("row").filter({ has: page.getByRole("link", { name }) });
  await expect(rowOf(expired)).toContainText("Expired");
  await expect(rowOf(expired)).not.toContainText("Active");
  await expect(rowOf(unverified)).toContainText("Unverified");
  await expect(rowOf(unverified)).not.toContainText("Active");

  const summary = page.getByRole("region", { name: "Needs attention" });
  await expect(summary.getByRole("link", { name: "1 expired" })).toBeVisible();

  await page.getByLabel("Status").selectOption("expired");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL("/?status=expired");
  await expect(rowOf(expired)).toBeVisible();
  await expect(rowOf(unverified)).toHaveCount(0);

  await page.getByLabel("Status").selectOption("unverified");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL("/?status=unverified");
  await expect(rowOf(unverified)).toBeVisible();
  await expect(rowOf(expired)).toHaveCount(0);

  await page.goto(`/credentials/${expiredId}`);
  await expect(page.getByRole("region", { name: "Details" })).toContainText("Expired");
});

test("the detail page shows the id with a copy button and a Use it panel", async ({ admin: page, baseURL }) => {
  const post = await apiPoster(page);
  const id = await post({ name: uniqueName("Copy me"), type: "BEARER", value: { token: "copy-token" }, verify: false });

  await page.goto(`/credentials/${id}`);
  const useIt = page.getByRole("region", { name: "Use it" });
  await expect(useIt.getByLabel("Credential id", { exact: true })).toHaveValue(id);
  await useIt.getByRole("button", { name: "Copy credential id" }).click();
  await expect(page.getByText("Copied the credential id.")).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(id);

  const curl = await useIt.getByLabel("curl", { exact: true }).inputValue();
  expect(curl).toContain(`/api/v1/secrets/${id}`);
  expect(curl).toContain(new URL(baseURL!).host);
  await expect(useIt.getByLabel("Node fetch", { exact: true })).toHaveValue(new RegExp(`/api/v1/secrets/${id}`));
  await expect(useIt.getByRole("link", { name: "API docs" })).toHaveAttribute("href", "/api-docs");
});
