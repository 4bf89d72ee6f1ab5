import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { logIn, newAccount, open, signOut, signUp, toast } from "./helpers";

const writeHeaders = { "X-Requested-With": "fetch" };

function newPerson(label: string) {
  const id = randomBytes(5).toString("hex");
  return { email: `${label}-${id}@e2e.example.com`, name: `${label} ${id}`, password: `pw-${randomBytes(9).toString("base64url")}` };
}

async function addMember(page: Page, person: ReturnType<typeof newPerson>, role: "admin" | "developer" | "viewer") {
  await open(page, "/settings/members", "Add member");
  const form = page.getByRole("form", { name: "Add a member" });
  await form.getByLabel("Email").fill(person.email);
  await form.getByLabel("Name (optional)").fill(person.name);
  await form.getByLabel("Role", { exact: true }).selectOption(role);
  await form.getByLabel("Initial password").fill(person.password);
  await form.getByRole("button", { name: "Add member" }).click();
  await expect(toast(page, `Added ${person.email} as ${role}.`)).toBeVisible();
  const row = page.getByRole("table", { name: "Members" }).getByRole("row", { name: new RegExp(person.email) });
  await expect(row).toContainText(person.name);
  await expect(row.getByLabel(`Role for ${person.email}`, { exact: true })).toHaveValue(role);
  return row;
}

test("a viewer sees no admin settings and the API refuses their writes", async ({ page }) => {
  const admin = newAccount("roles");
  const viewer = newPerson("viewer");
  await signUp(page, admin);
  await addMember(page, viewer, "viewer");

  // Control: the same API write is accepted from the admin's session.
  const asAdmin = await page.request.post("/api/v1/members", {
    headers: writeHeaders,
    data: { email: newPerson("control").email, role: "viewer", password: "a-long-enough-password" },
  });
  expect(asAdmin.status()).toBe(201);
  await signOut(page);

  await logIn(page, viewer.email, viewer.password);
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Credentials" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "API docs" })).toBeVisible();
  for (const name of ["Audit log", "Members", "API keys", "Workspaces"]) {
    await expect(nav.getByRole("link", { name })).toHaveCount(0);
  }
  await expect(page.getByRole("complementary").getByText("Role: viewer")).toBeVisible();
  await expect(page.getByRole("link", { name: "Add credential" })).toHaveCount(0);

  for (const path of ["/settings/members", "/settings/api-keys", "/settings/workspaces"]) {
    await page.goto(path);
    await expect(page).toHaveURL("/?denied=1");
    await expect(page.getByRole("status").filter({ hasText: "Your role cannot open that page" })).toBeVisible();
    await expect(page.getByRole("heading", { level: 1, name: "Credentials" })).toBeVisible();
    await expect(page.getByRole("form", { name: "Add a member" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /Add member|Create key|Remove|Revoke/ })).toHaveCount(0);
  }

  const writes = [
    { path: "/api/v1/members", data: { email: newPerson("sneaky").email, role: "admin", password: "a-long-enough-password" } },
    { path: "/api/v1/api-keys", data: { name: "sneaky" } },
    { path: "/api/v1/workspaces", data: { slug: "sneaky" } },
  ];
  for (const w of writes) {
    const res = await page.request.post(w.path, { headers: writeHeaders, data: w.data });
    expect(res.status(), w.path).toBe(403);
    expect((await res.json()).error.code, w.path).toBe("forbidden");
  }
});

test("an admin changes a member's role and removes them after confirming", async ({ page }) => {
  const admin = newAccount("manage");
  const dev = newPerson("dev");
  await signUp(page, admin);
  const row = await addMember(page, dev, "viewer");

  const role = row.getByLabel(`Role for ${dev.email}`, { exact: true });
  const save = row.getByRole("button", { name: `Save role for ${dev.email}` });
  await expect(save).toBeDisabled();
  await role.selectOption("developer");
  await save.click();
  await expect(toast(page, `${dev.email} is now a developer.`)).toBeVisible();
  await page.reload();
  await expect(role).toHaveValue("developer");

  // The only admin cannot demote themselves: the API's refusal surfaces as an error toast.
  const me = page.getByRole("row", { name: new RegExp(admin.email) });
  await me.getByLabel(`Role for ${admin.email}`, { exact: true }).selectOption("viewer");
  await me.getByRole("button", { name: `Save role for ${admin.email}` }).click();
  await expect(toast(page, "A tenant needs at least one admin")).toBeVisible();
  await expect(me.getByRole("button", { name: /^Remove/ })).toHaveCount(0);

  await row.getByRole("button", { name: `Remove ${dev.email}` }).click();
  const dialog = page.getByRole("dialog", { name: `Remove ${dev.email}?` });
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(row).toBeVisible();
  await row.getByRole("button", { name: `Remove ${dev.email}` }).click();
  await dialog.getByRole("button", { name: "Remove member" }).click();
  await expect(toast(page, `Removed ${dev.email}.`)).toBeVisible();
  await expect(row).toHaveCount(0);

  // Their login is gone too.
  await signOut(page);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
  await page.getByLabel("Email").fill(dev.email);
  await page.getByLabel("Password").fill(dev.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Wrong email or password")).toBeVisible();
});

test("add-member form shows field errors from the schema and from the API", async ({ page }) => {
  const admin = newAccount("fields");
  await signUp(page, admin);
  await open(page, "/settings/members", "Add member");
  const form = page.getByRole("form", { name: "Add a member" });

  await form.getByLabel("Email").fill("not-an-email");
  await form.getByLabel("Initial password").fill("short");
  await form.getByRole("button", { name: "Add member" }).click();
  await expect(form.getByText("Enter a valid email address")).toBeVisible();
  await expect(form.getByText("Use at least 12 characters")).toBeVisible();

  // An email that already has a login is a conflict from the API, shown under Email.
  await form.getByLabel("Email").fill(admin.email);
  await form.getByLabel("Initial password").fill("a-long-enough-password");
  await form.getByRole("button", { name: "Add member" }).click();
  await expect(form.getByText("A member with this email already exists")).toBeVisible();
  await expect(form.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
});

test("an admin creates and deletes a workspace", async ({ page }) => {
  await signUp(page, newAccount("ws"));
  await open(page, "/settings/workspaces", "Create workspace");
  const table = page.getByRole("table", { name: "Workspaces" });
  await expect(table.getByRole("row", { name: /production/ })).toContainText("Last workspace");

  const form = page.getByRole("form", { name: "Create a workspace" });
  await form.getByLabel("Slug").fill("Not Valid");
  await form.getByRole("button", { name: "Create workspace" }).click();
  await expect(form.getByText("Use 1–40 lowercase letters, digits and dashes")).toBeVisible();

  await form.getByLabel("Slug").fill("staging");
  await form.getByLabel("Display name (optional)").fill("Staging");
  await form.getByRole("button", { name: "Create workspace" }).click();
  await expect(toast(page, 'Created the workspace "staging".')).toBeVisible();
  const staging = table.getByRole("row", { name: /staging/ });
  await expect(staging).toContainText("Staging");

  await form.getByLabel("Slug").fill("staging");
  await form.getByRole("button", { name: "Create workspace" }).click();
  await expect(form.getByText('A workspace "staging" already exists')).toBeVisible();

  await staging.getByRole("button", { name: "Delete staging" }).click();
  await page.getByRole("dialog", { name: 'Delete the workspace "staging"?' }).getByRole("button", { name: "Delete workspace" }).click();
  await expect(toast(page, 'Deleted the workspace "staging".')).toBeVisible();
  await expect(staging).toHaveCount(0);
  await expect(table.getByRole("row", { name: /production/ })).toContainText("Last workspace");
});
