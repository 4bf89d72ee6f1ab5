import { createHash } from "node:crypto";
import { expect, test } from "./fixtures";
import { logIn, newAccount, open, signOut, signUp, toast } from "./helpers";

// Sign-up itself is under test here, so this one signs up through the page instead of using `tenant`.
test("sign up, create an API key shown once, sign out and sign in again", async ({ page }) => {
  const account = newAccount("keys");
  await signUp(page, account);

  await expect(page.getByRole("heading", { name: "No credentials yet" })).toBeVisible();
  const shell = page.getByRole("complementary");
  await expect(shell.getByText(account.organization)).toBeVisible();
  await expect(shell.getByText(account.email)).toBeVisible();
  await expect(shell.getByText("Role: admin")).toBeVisible();

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API keys" }).click();
  await expect(page).toHaveURL("/settings/api-keys");
  await expect(page.getByRole("heading", { level: 1, name: "API keys" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Create key" })).toBeEnabled();

  await page.getByLabel("Key name").fill("Backend");
  await page.getByRole("button", { name: "Create key" }).click();
  const shown = page.getByLabel("New API key");
  await expect(shown).toHaveValue(/^ick_[A-Za-z0-9_-]{43}$/);
  const key = await shown.inputValue();
  await expect(page.getByText("won't be shown again")).toBeVisible();
  await expect(toast(page, 'Created the key "Backend".')).toBeVisible();

  const row = page.getByRole("table", { name: "API keys" }).getByRole("row", { name: /Backend/ });
  await expect(row).toContainText(`${key.slice(0, 10)}…`);
  await expect(row).toContainText("Active");
  await expect(row).toContainText("Never");

  // The key works: the API accepts it as a bearer token.
  const viaKey = await page.request.get("/api/v1/api-keys", { headers: { Authorization: `Bearer ${key}` } });
  expect(viaKey.status()).toBe(200);
  const listed = JSON.stringify(await viaKey.json());
  expect(listed).toContain("Backend");
  expect(listed).not.toContain(key);

  // After a reload neither the key nor its stored hash is anywhere in the page.
  const hash = createHash("sha256").update(key).digest("hex");
  await page.reload();
  await expect(page.getByLabel("New API key")).toHaveCount(0);
  await expect(row).toBeVisible();
  const html = await page.content();
  expect(html).not.toContain(key);
  expect(html).not.toContain(hash);
  const raw = await page.request.get("/settings/api-keys");
  expect(raw.status()).toBe(200);
  const rawHtml = await raw.text();
  expect(rawHtml).toContain("Backend");
  expect(rawHtml).not.toContain(key);
  expect(rawHtml).not.toContain(hash);

  await signOut(page);
  await page.goto("/");
  await expect(page).toHaveURL("/login");

  await logIn(page, account.email, account.password);
  await expect(page.getByRole("heading", { name: "No credentials yet" })).toBeVisible();
});

test("revoking an API key asks first and then refuses the key", async ({ admin: page }) => {
  await open(page, "/settings/api-keys", "Create key");
  await page.getByLabel("Key name").fill("Short-lived");
  await page.getByRole("button", { name: "Create key" }).click();
  const key = await page.getByLabel("New API key").inputValue();
  expect(key).toMatch(/^ick_/);

  const row = page.getByRole("row", { name: /Short-lived/ });
  await row.getByRole("button", { name: "Revoke Short-lived" }).click();
  const dialog = page.getByRole("alertdialog", { name: 'Revoke the key "Short-lived"?' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toContainText("Active");
  expect((await page.request.get("/api/v1/api-keys", { headers: { Authorization: `Bearer ${key}` } })).status()).toBe(
    200,
  );

  await row.getByRole("button", { name: "Revoke Short-lived" }).click();
  await dialog.getByRole("button", { name: "Revoke key" }).click();
  await expect(toast(page, 'Revoked the key "Short-lived".')).toBeVisible();
  await expect(row).toContainText("Revoked");
  await expect(row.getByRole("button", { name: /Revoke/ })).toHaveCount(0);
  expect((await page.request.get("/api/v1/api-keys", { headers: { Authorization: `Bearer ${key}` } })).status()).toBe(
    401,
  );
});

const wrongLogins = [
  { name: "wrong password", email: (a: { email: string }) => a.email, password: "not-the-password-at-all" },
  { name: "unknown email", email: () => "nobody-here@e2e.example.com", password: "whatever-password-123" },
];

for (const c of wrongLogins) {
  test(`login with ${c.name} shows an error and stays signed out`, async ({ admin: page, tenant: account }) => {
    await signOut(page);
    await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();

    await page.getByLabel("Email").fill(c.email(account));
    await page.getByLabel("Password").fill(c.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByText("Wrong email or password")).toBeVisible();
    await expect(page).toHaveURL("/login");
    await expect(page.getByLabel("Password")).toHaveValue("");

    await page.goto("/");
    await expect(page).toHaveURL("/login");
  });
}

for (const path of ["/", "/settings/members", "/settings/api-keys", "/settings/workspaces"]) {
  test(`signed-out visit to ${path} redirects to the login page`, async ({ page }) => {
    await page.goto(path);
    // The log-in page brings the visitor back to the page asked for (not for the dashboard itself).
    await expect(page).toHaveURL(path === "/" ? "/login" : `/login?callbackUrl=${encodeURIComponent(path)}`);
    await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Members" })).toHaveCount(0);
  });
}

test("sign-up validates the form and refuses an email already in use", async ({ page }) => {
  const account = newAccount("dupe");
  await open(page, "/signup", "Create organisation");
  await page.getByLabel("Organisation name").fill(account.organization);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill("too-short");
  await page.getByRole("button", { name: "Create organisation" }).click();
  await expect(page.getByText("Use at least 12 characters")).toBeVisible();
  await expect(page.getByLabel("Password")).toHaveAttribute("aria-invalid", "true");
  await expect(page).toHaveURL("/signup");

  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Create organisation" }).click();
  await expect(page).toHaveURL("/");
  await signOut(page);

  await open(page, "/signup", "Create organisation");
  await page.getByLabel("Organisation name").fill("Someone else");
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill("another-long-password");
  await page.getByRole("button", { name: "Create organisation" }).click();
  await expect(page.getByText("An account with this email already exists")).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
  await expect(page).toHaveURL("/signup");
});
