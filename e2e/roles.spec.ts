import { expect, MembersPage, test } from "./fixtures";
import { writeHeaders } from "./fixtures/credentials";
import { logIn, newPerson, open, signOut, toast } from "./helpers";

test("a viewer sees no admin settings and the API refuses their writes", async ({ admin: page }) => {
  const viewer = newPerson("viewer");
  await (await MembersPage.open(page)).add(viewer, "viewer");

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
    {
      path: "/api/v1/members",
      data: { email: newPerson("sneaky").email, role: "admin", password: "a-long-enough-password" },
    },
    { path: "/api/v1/api-keys", data: { name: "sneaky" } },
    { path: "/api/v1/workspaces", data: { slug: "sneaky" } },
  ];
  for (const w of writes) {
    const res = await page.request.post(w.path, { headers: writeHeaders, data: w.data });
    expect(res.status(), w.path).toBe(403);
    expect((await res.json()).error.code, w.path).toBe("forbidden");
  }
});

test("an admin changes a member's role and removes them after confirming", async ({ admin: page, tenant: admin }) => {
  const dev = newPerson("dev");
  const members = await MembersPage.open(page);
  const row = await members.add(dev, "viewer");

  const role = members.roleOf(dev.email);
  const save = members.saveRoleButton(dev.email);
  await expect(save).toBeDisabled();
  await role.selectOption("developer");
  await save.click();
  await expect(toast(page, `${dev.email} is now a developer.`)).toBeVisible();
  await page.reload();
  await expect(role).toHaveValue("developer");

  // The only admin cannot demote themselves: the API's refusal surfaces as an error toast.
  await members.roleOf(admin.email).selectOption("viewer");
  await members.saveRoleButton(admin.email).click();
  await expect(toast(page, "A tenant needs at least one admin")).toBeVisible();
  await expect(members.row(admin.email).getByRole("button", { name: /^Remove/ })).toHaveCount(0);

  await members.removeButton(dev.email).click();
  const dialog = members.removeDialog(dev.email);
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(row).toBeVisible();
  await members.removeButton(dev.email).click();
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

test("add-member form shows field errors from the schema and from the API", async ({ admin: page, tenant: admin }) => {
  const members = await MembersPage.open(page);
  const form = members.addForm;

  await members.email.fill("not-an-email");
  await members.initialPassword.fill("short");
  await members.addButton.click();
  await expect(form.getByText("Enter a valid email address")).toBeVisible();
  await expect(form.getByText("Use at least 12 characters")).toBeVisible();

  // An email that already has a login is a conflict from the API, shown under Email.
  await members.email.fill(admin.email);
  await members.initialPassword.fill("a-long-enough-password");
  await members.addButton.click();
  await expect(form.getByText("A member with this email already exists")).toBeVisible();
  await expect(members.email).toHaveAttribute("aria-invalid", "true");
});

test("an admin creates and deletes a workspace", async ({ admin: page }) => {
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
  await page
    .getByRole("alertdialog", { name: 'Delete the workspace "staging"?' })
    .getByRole("button", { name: "Delete workspace" })
    .click();
  await expect(toast(page, 'Deleted the workspace "staging".')).toBeVisible();
  await expect(staging).toHaveCount(0);
  await expect(table.getByRole("row", { name: /production/ })).toContainText("Last workspace");
});
