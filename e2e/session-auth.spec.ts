import type { Page } from "@playwright/test";
import { startLoginServer, type LoginServer } from "../tests/fakes/login-server";
import { startOidcServer, type OidcServer } from "../tests/fakes/oidc-server";
import { expect, test } from "./fixtures";

// Session auth and client credentials in Chromium (issue 10): an admin defines a login recipe
// and a client-credentials client in Settings › Auth clients, a member connects with each
// from Add credential, and the tenant backend reads a working token that Refresh now renews.
// The login endpoint (tests/fakes/login-server.ts) and oidc-provider run here, on 127.0.0.1.

const PASSWORD = "e2e-login-password-0123456789";
const CC = { clientId: "e2e-machine", clientSecret: "e2e-machine-secret-0123456789abcdef", scope: "api:read" };
let ls: LoginServer;
let op: OidcServer;

test.beforeAll(async ({ baseURL }) => {
  ls = await startLoginServer({ accept: (r) => r.fields.username === "alice" && r.fields.password === PASSWORD });
  op = await startOidcServer({ redirectUri: `${baseURL}/api/v1/callback`, clientCredentials: CC });
});
test.afterAll(async () => {
  await ls?.close();
  await op?.close();
});

const XRW = { "X-Requested-With": "fetch" };

/** An API key for the tenant backend, made with the admin's session. */
async function apiKey(page: Page): Promise<string> {
  const r = await page.request.post("/api/v1/api-keys", { headers: XRW, data: { name: "backend" } });
  expect(r.status()).toBe(201);
  return (await r.json()).data.key;
}

async function readValue(page: Page, key: string, id: string) {
  const r = await page.request.get(`/api/v1/secrets/${id}`, { headers: { Authorization: `Bearer ${key}` } });
  expect(r.status()).toBe(200);
  return (await r.json()).data.value;
}

test("a login recipe defined in the browser; a member logs in with it; the backend reads a working token", async ({
  admin: page,
}) => {
  await page.goto("/settings/auth-clients/new?type=SESSION_AUTH");
  const form = page.getByRole("form", { name: "New login recipe" });
  await expect(form.getByRole("button", { name: "Create login recipe" })).toBeEnabled();
  await form.getByLabel("Name", { exact: true }).fill("Acme login");
  // The starting point asks for a username and a password and sends both.
  await expect(form.getByLabel("Form field 1 name", { exact: true })).toHaveValue("username");
  await expect(form.getByLabel("Request field 2 value", { exact: true })).toHaveValue("{{fields.password}}");
  await form.getByLabel("Login URL").fill(ls.loginUrl);
  await form.getByLabel("Credentials sent as").selectOption("FORM_AUTH");
  await form.getByLabel("Token path").fill("data.token");
  await form.getByLabel("Expiry path (optional)").fill("data.ttl");
  // The placeholder rule is the API's: an undeclared field is refused under its input.
  await form.getByLabel("Request field 1 value", { exact: true }).fill("{{fields.login}}");
  await form.getByRole("button", { name: "Create login recipe" }).click();
  await expect(form.getByText("{{fields.login}} is not one of the recipe's fields")).toBeVisible();
  await form.getByLabel("Request field 1 value", { exact: true }).fill("{{fields.username}}");
  await form.getByRole("button", { name: "Create login recipe" }).click();
  await expect(page).toHaveURL(/\/settings\/auth-clients\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1, name: "Acme login" })).toBeVisible();
  await page.goto("/settings/auth-clients");
  await expect(
    page.getByRole("table", { name: "Auth clients" }).getByRole("row", { name: /Acme login/ }),
  ).toContainText("Session login");

  // Add credential: the form is generated from the recipe; the password is a password input.
  await page.goto("/credentials/new?component=custom-session");
  const login = page.getByRole("form", { name: "New Custom session auth credential" });
  await expect(login.getByRole("button", { name: "Log in & save" })).toBeEnabled();
  await expect(login.getByLabel("Password")).toHaveAttribute("type", "password");
  await login.getByLabel("Name", { exact: true }).fill("Acme for Alice");
  await login.getByLabel("Username").fill("alice");
  await login.getByLabel("Password").fill("wrong");
  await login.getByRole("button", { name: "Log in & save" }).click();
  await expect(login.getByRole("alert")).toContainText("The login failed");
  await login.getByLabel("Password").fill(PASSWORD);
  await login.getByRole("button", { name: "Log in & save" }).click();
  await expect(page).toHaveURL(/\/credentials\/[0-9a-f-]{36}$/);
  const secretId = page.url().split("/").pop()!;
  const card = page.getByRole("region", { name: "Manage token" });
  await expect(card.getByText("Present")).toBeVisible();
  await expect(card.getByText("Last obtained")).toBeVisible();
  await expect(card.getByText(/in (59|60) minutes|in 1 hour/)).toBeVisible();
  // Neither the token nor the password is anywhere in the page.
  const first = ls.issued.at(-1)!;
  expect(await page.content()).not.toContain(first);
  expect(await page.content()).not.toContain(PASSWORD);

  // The tenant backend reads the token, and the API that issued it accepts it.
  const key = await apiKey(page);
  const value = await readValue(page, key, secretId);
  expect(value).toMatchObject({ accessToken: first, inputFields: { username: "alice", password: PASSWORD } });
  expect((await fetch(`${ls.url}/me`, { headers: { Authorization: `Bearer ${value.accessToken}` } })).status).toBe(200);

  // Refresh now logs in again; the backend reads the new token.
  const calls = ls.calls();
  await card.getByRole("button", { name: "Refresh now" }).click();
  await expect(card.getByRole("status").filter({ hasText: "Logged in again" })).toBeVisible();
  expect(ls.calls()).toBe(calls + 1);
  expect((await readValue(page, key, secretId)).accessToken).toBe(ls.issued.at(-1));
});

test("a client-credentials client defined in the browser; Connect needs no popup; the token is fresh", async ({
  admin: page,
}) => {
  await page.goto("/settings/auth-clients/new?type=OA2_CLIENT_CREDENTIALS");
  const form = page.getByRole("form", { name: "New client-credentials client" });
  await expect(form.getByRole("button", { name: "Create auth client" })).toBeEnabled();
  await expect(form.getByLabel("Authorization URL")).toHaveCount(0);
  await form.getByLabel("Name", { exact: true }).fill("Machine API");
  await form.getByLabel("Client ID").fill(CC.clientId);
  await form.getByLabel("Client secret").fill(CC.clientSecret);
  await form.getByLabel("Token URL").fill(op.endpoints.token);
  await form.getByLabel("Scopes").fill(CC.scope);
  await form.getByRole("button", { name: "Create auth client" }).click();
  await expect(page).toHaveURL(/\/settings\/auth-clients\/[0-9a-f-]{36}$/);
  expect(await page.content()).not.toContain(CC.clientSecret);

  await page.goto("/credentials/new?component=custom-oauth2");
  const connect = page.getByRole("form", { name: "New Custom OAuth2 credential" });
  await expect(connect.getByRole("button", { name: "Connect" })).toBeEnabled();
  await connect.getByLabel("Name", { exact: true }).fill("Machine token");
  let popups = 0;
  page.on("popup", () => popups++);
  await connect.getByRole("button", { name: "Connect" }).click();
  await expect(page).toHaveURL(/\/credentials\/[0-9a-f-]{36}$/);
  expect(popups).toBe(0);
  const secretId = page.url().split("/").pop()!;
  const card = page.getByRole("region", { name: "Manage token" });
  await expect(card.getByRole("list", { name: "Granted scopes" }).getByRole("listitem")).toHaveText(["api:read"]);
  await expect(card.getByText("Last obtained")).toBeVisible();

  const key = await apiKey(page);
  const token: string = (await readValue(page, key, secretId)).accessToken;
  expect(await op.provider.ClientCredentials.find(token)).toBeTruthy();
  expect(await page.content()).not.toContain(token);

  await card.getByRole("button", { name: "Refresh now" }).click();
  await expect(card.getByRole("status").filter({ hasText: "Refreshed" })).toBeVisible();
  const fresh: string = (await readValue(page, key, secretId)).accessToken;
  expect(fresh).not.toBe(token);
  expect(await op.provider.ClientCredentials.find(fresh)).toBeTruthy();
});
