import { randomBytes } from "node:crypto";
import { expect, type Page } from "@playwright/test";

export type Account = { organization: string; email: string; password: string };

/** A unique organisation and admin, so tests never share data. */
export function newAccount(label = "org"): Account {
  const id = randomBytes(5).toString("hex");
  return {
    organization: `E2E ${label} ${id}`,
    email: `admin-${id}@e2e.example.com`,
    password: `pw-${randomBytes(9).toString("base64url")}`,
  };
}

export type Person = { email: string; name: string; password: string };

/** A unique member to add to a tenant: email, display name and initial password. */
export function newPerson(label: string): Person {
  const id = randomBytes(5).toString("hex");
  return {
    email: `${label}-${id}@e2e.example.com`,
    name: `${label} ${id}`,
    password: `pw-${randomBytes(9).toString("base64url")}`,
  };
}

/**
 * Opens a page and waits until React has hydrated it: submit buttons stay disabled until
 * then, and typing into a form before hydration would be reset by react-hook-form.
 */
export async function open(page: Page, path: string, submitName: string) {
  await page.goto(path);
  await expect(page.getByRole("button", { name: submitName })).toBeEnabled();
}

/** Signs up through the UI and waits for the dashboard. */
export async function signUp(page: Page, account: Account) {
  await open(page, "/signup", "Create organisation");
  await page.getByLabel("Organisation name").fill(account.organization);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Create organisation" }).click();
  await expect(page).toHaveURL("/");
  await expect(page.getByRole("heading", { level: 1, name: "Credentials" })).toBeVisible();
}

/** Signs in through the UI and waits for the dashboard. */
export async function logIn(page: Page, email: string, password: string) {
  await open(page, "/login", "Sign in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL("/");
  await expect(page.getByRole("heading", { level: 1, name: "Credentials" })).toBeVisible();
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL("/login");
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
}

/** A toast: success toasts are `status`, error toasts `alert`; filtered by text, never bare. */
export function toast(page: Page, text: string | RegExp) {
  return page.getByRole("region", { name: "Notifications" }).getByText(text);
}
