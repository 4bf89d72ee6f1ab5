import { expect, test } from "./fixtures";
import { logIn, open, signOut, toast } from "./helpers";

test("a member changes their password and signs in with the new one", async ({ admin: page, tenant: account }) => {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Your account" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
  await open(page, "/settings/account", "Change password");

  await page.getByLabel("Current password").fill("not my password");
  await page.getByLabel("New password").fill("a brand new password 42");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("That is not your current password")).toBeVisible();

  await page.getByLabel("Current password").fill(account.password);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(toast(page, "Your password was changed.")).toBeVisible();

  await signOut(page);
  await open(page, "/login", "Sign in");
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Wrong email or password")).toBeVisible();
  await logIn(page, account.email, "a brand new password 42");
});
