import { randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { componentGroup, uniqueName } from "./fixtures/credentials";
import { open, toast } from "./helpers";

/** Creates an API key through the settings page and returns its plaintext. */
async function createApiKey(page: Page, name: string): Promise<string> {
  await open(page, "/settings/api-keys", "Create key");
  await page.getByLabel("Key name").fill(name);
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(toast(page, `Created the key "${name}".`)).toBeVisible();
  const key = await page.getByLabel("New API key").inputValue();
  expect(key).toMatch(/^ick_/);
  return key;
}

/*
 * Stripe takes its secret key as the Basic-auth username. The catalogue marks that field
 * secret, so no dashboard page may carry it: not the list, the detail or the edit page.
 */
test("a Stripe key used as the Basic username never reaches a dashboard page", async ({ admin: page }) => {
  const apiKey = await createApiKey(page, "backend");
  const canary = `sk_live_CANARY${randomBytes(12).toString("hex")}`;
  const name = uniqueName("Stripe live");
  // Through the API, without the dry run: this machine cannot reach api.stripe.com.
  const created = await page.request.post("/api/v1/secrets", {
    headers: { Authorization: `Bearer ${apiKey}` },
    data: { name, type: "SIMPLE", componentId: "stripe", value: { username: canary, passphrase: "" }, verify: false },
  });
  expect(created.status()).toBe(201);
  const body = await created.text();
  expect(body).not.toContain(canary);
  const id = (JSON.parse(body) as { data: { id: string } }).data.id;
  const hint = `****${canary.slice(-4)}`;

  await page.goto("/");
  await expect(componentGroup(page, "Stripe").getByRole("link", { name })).toBeVisible();
  expect(await page.content()).not.toContain(canary);

  await page.goto(`/credentials/${id}`);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByText(hint).first()).toBeVisible();
  expect(await page.content()).not.toContain(canary);

  await open(page, `/credentials/${id}/edit`, "Test & save");
  expect(await page.content()).not.toContain(canary);
  const form = page.getByRole("form", { name: `Edit ${name}` });
  await form.getByLabel("Replace the stored credential").check();
  // The key is a password input that starts empty and only says what is stored.
  const key = form.getByLabel("Secret key", { exact: true });
  await expect(key).toHaveAttribute("type", "password");
  await expect(key).toHaveValue("");
  await expect(form.getByText(`Currently ${hint}.`)).toBeVisible();
  expect(await page.content()).not.toContain(canary);

  // The add form renders it the same way.
  await open(page, "/credentials/new?component=stripe&type=SIMPLE", "Test & save");
  const add = page.getByRole("form", { name: "New Stripe credential" });
  await expect(add.getByLabel("Secret key", { exact: true })).toHaveAttribute("type", "password");
});
