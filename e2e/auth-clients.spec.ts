import { getComponent } from "../lib/components";
import { expect, MembersPage, test } from "./fixtures";
import { writeHeaders } from "./fixtures/credentials";
import { logIn, newPerson, open, signOut, toast } from "./helpers";

// What the form must pre-fill: the catalogue's own entry.
const GITHUB = getComponent("github")!.oauth!;

test("an admin creates an auth client from the catalogue and sees the exact redirect URI and the secret's hint", async ({
  admin: page,
  baseURL,
}) => {
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  const redirectUri = `${baseURL}/api/v1/callback`;
  const secret = "gh-client-secret-0123456789-wxyz";

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Auth clients" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Auth clients" })).toBeVisible();
  await page.getByRole("link", { name: "New auth client" }).click();
  await expect(page.getByRole("button", { name: "Create auth client" })).toBeEnabled();
  const form = page.getByRole("form", { name: "New auth client" });
  await expect(form.getByRole("textbox", { name: "Redirect URI" })).toHaveValue(redirectUri);

  // Picking a component fills in what the catalogue knows.
  await form.getByLabel("Component").selectOption("github");
  await expect(form.getByLabel("Name", { exact: true })).toHaveValue("GitHub");
  await expect(form.getByLabel("Authorization URL")).toHaveValue(GITHUB.authorizationUrl!);
  await expect(form.getByLabel("Token URL")).toHaveValue(GITHUB.tokenUrl);
  await expect(form.getByLabel("Revocation URL (optional)")).toHaveValue(GITHUB.revocationUrl ?? "");
  await expect(form.getByLabel("Scopes")).toHaveValue(GITHUB.defaultScopes.join(" "));
  await expect(form.getByLabel("Client authentication")).toHaveValue(GITHUB.tokenEndpointAuthMethod);
  await expect(form.getByLabel("Use PKCE (S256)")).toBeChecked({ checked: GITHUB.pkce });

  // The form refuses what the API would, under the input.
  await form.getByRole("button", { name: "Create auth client" }).click();
  await expect(form.getByText("Enter the client ID")).toBeVisible();

  await form.getByLabel("Client ID").fill("Iv1.e2e");
  await form.getByLabel("Client secret").fill(secret);
  await form.getByRole("button", { name: "Create auth client" }).click();
  await expect(toast(page, 'Created the auth client "GitHub".')).toBeVisible();
  await expect(page).toHaveURL(/\/settings\/auth-clients\/[0-9a-f-]{36}$/);

  const edit = page.getByRole("form", { name: "Edit auth client" });
  await expect(edit.getByRole("textbox", { name: "Redirect URI" })).toHaveValue(redirectUri);
  await expect(edit.getByLabel("Client secret")).toHaveValue("");
  await expect(edit.getByText("Stored: ****wxyz. Leave empty to keep it.")).toBeVisible();
  expect(await page.content()).not.toContain(secret.slice(0, -4));

  await edit.getByRole("button", { name: "Copy redirect URI" }).click();
  await expect(toast(page, "Copied the redirect URI.")).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(redirectUri);

  // Moving the token endpoint without the secret is refused under the secret's input.
  await edit.getByLabel("Token URL").fill("https://github.example.com/token");
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(edit.getByText(/sends the client secret elsewhere: enter it again/)).toBeVisible();
  await edit.getByLabel("Token URL").fill(GITHUB.tokenUrl);
  await edit.getByLabel("Scopes").fill("read:user repo");
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(toast(page, 'Saved the auth client "GitHub".')).toBeVisible();
  await page.reload();
  await expect(page.getByRole("form", { name: "Edit auth client" }).getByLabel("Scopes")).toHaveValue("read:user repo");

  // The list shows the hint, never the secret.
  await page.goto("/settings/auth-clients");
  const row = page.getByRole("table", { name: "Auth clients" }).getByRole("row", { name: /GitHub/ });
  await expect(row).toContainText("****wxyz");
  await expect(row).toContainText("Iv1.e2e");
});

test("a link with ?component= opens the form pre-filled, templated endpoints included", async ({ admin: page }) => {
  await open(page, "/settings/auth-clients/new?component=zendesk", "Create auth client");
  const form = page.getByRole("form", { name: "New auth client" });
  await expect(form.getByLabel("Component")).toHaveValue("zendesk");
  await expect(form.getByLabel("Token URL")).toHaveValue("https://{{subdomain}}.zendesk.com/oauth/tokens");
  await expect(form.getByText(/are filled from each connection.s settings/)).toBeVisible();
});

test("a developer sees auth clients read-only; a viewer is turned away", async ({ admin: page }) => {
  const developer = newPerson("developer");
  const viewer = newPerson("viewer");
  const members = await MembersPage.open(page);
  await members.add(developer, "developer");
  await members.add(viewer, "viewer");
  const made = await page.request.post("/api/v1/auth-clients", {
    headers: writeHeaders,
    data: {
      name: "Slack app",
      componentId: "slack",
      clientId: "slack-client",
      clientSecret: "slack-secret-0123456789-abcd",
    },
  });
  expect(made.status(), await made.text()).toBe(201);
  const { id, redirectUri } = ((await made.json()) as { data: { id: string; redirectUri: string } }).data;
  await signOut(page);

  await logIn(page, developer.email, developer.password);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Auth clients" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Auth clients" })).toBeVisible();
  const table = page.getByRole("table", { name: "Auth clients" });
  await expect(table.getByRole("row", { name: /Slack app/ })).toContainText("****abcd");
  await expect(page.getByRole("link", { name: "New auth client" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Delete/ })).toHaveCount(0);

  await table.getByRole("link", { name: "Slack app" }).click();
  await expect(page).toHaveURL(`/settings/auth-clients/${id}`);
  await expect(page.getByRole("textbox", { name: "Redirect URI" })).toHaveValue(redirectUri);
  await expect(page.getByText("Only admins can change auth clients.")).toBeVisible();
  await expect(page.getByRole("form")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Save changes" })).toHaveCount(0);

  await page.goto("/settings/auth-clients/new");
  await expect(page).toHaveURL("/?denied=1");
  const write = await page.request.patch(`/api/v1/auth-clients/${id}`, {
    headers: writeHeaders,
    data: { name: "dev" },
  });
  expect(write.status()).toBe(403);
  await signOut(page);

  await logIn(page, viewer.email, viewer.password);
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Auth clients" })).toHaveCount(
    0,
  );
  for (const path of ["/settings/auth-clients", `/settings/auth-clients/${id}`]) {
    await page.goto(path);
    await expect(page).toHaveURL("/?denied=1");
  }
});

test("an Auth0 client needs its own host: {{domain}} is named once in the form, not by each connection", async ({
  admin: page,
}) => {
  await open(page, "/settings/auth-clients/new", "Create auth client");
  const form = page.getByRole("form", { name: "New auth client" });
  await form.getByLabel("Component").selectOption("auth0");
  await expect(form.getByLabel("Token URL")).toHaveValue("https://{{domain}}/oauth/token");
  const note = form.getByRole("note");
  await expect(note).toContainText("Replace {{domain}}");
  await form.getByLabel("Client ID").fill("auth0-e2e");
  await form.getByLabel("Client secret").fill("auth0-client-secret-0123456789");

  // Left as it is, the API refuses it under the URL, and nothing is created.
  await form.getByRole("button", { name: "Create auth client" }).click();
  await expect(
    form.getByText(/The token URL takes its host from \{\{domain\}\}, which whoever connects/),
  ).toBeVisible();
  await expect(page).toHaveURL(/\/settings\/auth-clients\/new$/);

  for (const [label, path] of [
    ["Authorization URL", "/authorize"],
    ["Token URL", "/oauth/token"],
    ["Revocation URL (optional)", "/oauth/revoke"],
    ["Userinfo URL (optional)", "/userinfo"],
  ] as const) {
    await form.getByLabel(label).fill(`http://127.0.0.1:9${path}`);
  }
  await expect(note).toHaveCount(0);
  await form.getByRole("button", { name: "Create auth client" }).click();
  await expect(toast(page, 'Created the auth client "Auth0".')).toBeVisible();
  await expect(page.getByRole("form", { name: "Edit auth client" }).getByLabel("Token URL")).toHaveValue(
    "http://127.0.0.1:9/oauth/token",
  );
});
