import { GOOD, startFakeApi } from "../tests/fakes/fake-api";
import { CredentialForm, expect, MembersPage, test } from "./fixtures";
import {
  componentGroup,
  createHttpApiCredential,
  pgConnection,
  searchApps,
  uniqueName,
  writeHeaders,
} from "./fixtures/credentials";
import { logIn, newPerson, signOut, toast } from "./helpers";

const detailUrl = /\/credentials\/[0-9a-f-]{36}$/;

test("an API-key credential is tested before it is stored, and the failure is explained", async ({
  admin: page,
  fakeApi,
}) => {
  await expect(page.getByRole("heading", { name: "No credentials yet" })).toBeVisible();
  await page.getByRole("link", { name: "Add credential" }).click();

  await expect(page).toHaveURL("/credentials/new");
  await expect(page.getByRole("link", { name: "PostgreSQL", exact: true })).toBeVisible();
  await searchApps(page, "http api", "1 app");
  await expect(page.getByRole("link", { name: "PostgreSQL", exact: true })).toHaveCount(0);
  await page.getByRole("link", { name: "HTTP API", exact: true }).click();

  await expect(page).toHaveURL("/credentials/new?component=http-api");
  await expect(page.getByRole("list", { name: "Credential types" }).getByRole("link")).toHaveCount(5);
  await page.getByRole("link", { name: "API key", exact: true }).click();
  await expect(page).toHaveURL("/credentials/new?component=http-api&type=API_KEY");
  await expect(page.getByRole("button", { name: "Test & save" })).toBeEnabled();

  const name = uniqueName("Billing API");
  const form = CredentialForm.forNew(page, "HTTP API");
  await form.fillHttpApi({ name, baseUrl: fakeApi.url });
  await expect(form.testPath).toHaveValue("/");
  await form.testPath.fill("/check");
  const key = form.field("API key", { exact: true });
  await expect(key).toHaveAttribute("type", "password");
  await expect(key).toHaveAttribute("autocomplete", "off");
  await expect(key).toHaveValue("");

  // The type's own schema stops an empty key in the browser: no dry run is made.
  const hitsBefore = fakeApi.hits();
  await form.submit();
  await expect(form.root.getByText("Key is required")).toBeVisible();
  expect(fakeApi.hits()).toBe(hitsBefore);

  await key.fill("wrong-key");
  await form.submit();
  await expect(form.failure).toContainText("The API rejected these credentials (401)");
  expect(fakeApi.hits()).toBeGreaterThan(hitsBefore);
  await expect(page).toHaveURL("/credentials/new?component=http-api&type=API_KEY");
  // The form keeps what was typed, so only the key needs fixing.
  await expect(form.name).toHaveValue(name);
  await expect(form.baseUrl).toHaveValue(fakeApi.url);

  await key.fill(GOOD.apiKey);
  await form.submit();
  await expect(page).toHaveURL(detailUrl);
  await expect(toast(page, `Saved "${name}". The connection test passed.`)).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  expect(await page.content()).not.toContain(GOOD.apiKey);

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Credentials" }).click();
  const group = componentGroup(page, "HTTP API");
  await expect(group.getByRole("link", { name })).toBeVisible();
  await expect(group.getByText("1 credential", { exact: true })).toBeVisible();
  const row = group.getByRole("row", { name: new RegExp(name) });
  await expect(row).toContainText("API key");
  await expect(row).toContainText("Team");
  await expect(row).toContainText("Active");
  expect(await page.content()).not.toContain(GOOD.apiKey);
});

test("a PostgreSQL credential is proved against a real server and listed under PostgreSQL", async ({ admin: page }) => {
  const pg = pgConnection();
  const form = await CredentialForm.openNew(page, { componentId: "postgresql", componentName: "PostgreSQL" });
  await expect(form.field("Port")).toHaveValue("5432");
  const name = uniqueName("Warehouse");
  await form.fillDatabase({
    name,
    host: pg.host,
    port: pg.port,
    database: pg.database,
    username: pg.username,
    tls: "disable",
  });

  // A wrong password is refused by the server itself, so the check really connects.
  await form.password.fill(`${pg.password}-wrong`);
  await form.submit();
  await expect(form.failure).toContainText("The API rejected these credentials");

  await form.password.fill(pg.password);
  await form.submit();
  await expect(page).toHaveURL(detailUrl);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  const stored = page.getByRole("region", { name: "Stored credential" });
  await expect(stored).toContainText(pg.database);
  expect(await page.content()).not.toContain(pg.password);

  await page.goto("/");
  await expect(componentGroup(page, "PostgreSQL").getByRole("link", { name })).toBeVisible();
  await expect(componentGroup(page, "PostgreSQL").getByText("1 credential", { exact: true })).toBeVisible();
});

test("a credential is renamed and its key replaced, re-verified on save", async ({ admin: page, fakeApi }) => {
  const oldName = uniqueName("Old name");
  const id = await createHttpApiCredential(page, { name: oldName, baseUrl: fakeApi.url });

  await page.goto(`/credentials/${id}`);
  await page.getByRole("link", { name: "Edit", exact: true }).click();
  await expect(page).toHaveURL(`/credentials/${id}/edit`);
  await expect(page.getByRole("button", { name: "Test & save" })).toBeEnabled();
  const form = CredentialForm.forEdit(page, oldName);
  const newName = uniqueName("New name");
  await form.name.fill(newName);
  await form.field("Replace the stored credential").check();
  const key = form.field("API key", { exact: true });
  await expect(key).toHaveValue("");

  // A bad replacement is refused by the dry run and nothing changes.
  await key.fill("not-the-key");
  await form.submit();
  await expect(form.failure).toContainText("The API rejected these credentials (401)");

  // The fake API also takes the key as the api_key query parameter.
  await key.fill(GOOD.apiKey);
  // Where the key goes waits under the collapsed "Advanced" section.
  await form.root.getByText("Advanced", { exact: true }).click();
  await form.field("Send it as (optional)").selectOption("query");
  await form.submit();
  await expect(page).toHaveURL(`/credentials/${id}`);
  await expect(toast(page, `Saved changes to "${newName}".`)).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: newName })).toBeVisible();
  await expect(page.getByRole("region", { name: "Stored credential" })).toContainText("query");
  await expect(page.getByRole("region", { name: "Status history" })).toContainText("renamed, credential replaced");

  await page.goto("/");
  await expect(componentGroup(page, "HTTP API").getByRole("link", { name: newName })).toBeVisible();
  await expect(page.getByRole("link", { name: oldName })).toHaveCount(0);
});

test("deleting a credential in use is blocked with its usages, and an admin can force it", async ({
  admin: page,
  fakeApi,
}) => {
  const name = uniqueName("Nightly sync key");
  const id = await createHttpApiCredential(page, { name, baseUrl: fakeApi.url });
  const usage = await page.request.post(`/api/v1/secrets/${id}/usages`, {
    data: { ref: "flow/1", label: "Nightly" },
    headers: writeHeaders,
  });
  expect(usage.status()).toBe(201);

  await page.goto(`/credentials/${id}`);
  await expect(page.getByRole("table", { name: "Usages" })).toContainText("Nightly");
  await page.getByRole("button", { name: `Delete ${name}` }).click();
  const dialog = page.getByRole("alertdialog", { name: `Delete "${name}"?` });
  await expect(dialog).toContainText("Nightly (flow/1)");
  await dialog.getByRole("button", { name: "Delete credential" }).click();

  const blocked = page.getByRole("alert").filter({ hasText: "Not deleted: the credential is in use." });
  await expect(blocked).toContainText("Nightly (flow/1)");
  await expect(page).toHaveURL(`/credentials/${id}`);
  expect((await page.request.get(`/api/v1/secrets/${id}/usages`)).status()).toBe(200);

  await blocked.getByRole("button", { name: "Delete anyway" }).click();
  await expect(page).toHaveURL("/");
  await expect(toast(page, `Deleted "${name}".`)).toBeVisible();
  await expect(page.getByRole("link", { name })).toHaveCount(0);
  expect((await page.request.get(`/api/v1/secrets/${id}/usages`)).status()).toBe(404);
});

test("a viewer sees credentials but no add, edit, test or delete controls", async ({ admin: page, fakeApi }) => {
  const viewer = newPerson("viewer");
  const name = uniqueName("Read only");
  const id = await createHttpApiCredential(page, { name, baseUrl: fakeApi.url });
  await (await MembersPage.open(page)).add(viewer, "viewer");

  // Control: the admin sees every control on the same pages.
  await page.goto("/");
  await expect(page.getByRole("link", { name: "Add credential" })).toBeVisible();
  await page.goto(`/credentials/${id}`);
  for (const control of [
    page.getByRole("button", { name: "Test connection" }),
    page.getByRole("link", { name: "Edit", exact: true }),
    page.getByRole("button", { name: `Delete ${name}` }),
  ]) {
    await expect(control).toBeVisible();
  }
  await signOut(page);

  await logIn(page, viewer.email, viewer.password);
  await expect(componentGroup(page, "HTTP API").getByRole("link", { name })).toBeVisible();
  await expect(page.getByRole("link", { name: "Add credential" })).toHaveCount(0);

  await componentGroup(page, "HTTP API").getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByRole("region", { name: "Details" })).toContainText("Active");
  await expect(page.getByRole("region", { name: "Stored credential" })).toContainText("********");
  await expect(page.getByRole("button", { name: "Test connection" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Edit", exact: true })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Delete/ })).toHaveCount(0);

  for (const path of ["/credentials/new", `/credentials/${id}/edit`]) {
    await page.goto(path);
    await expect(page).toHaveURL("/?denied=1");
  }
});

test("the dashboard filters, searches and pages through the URL", async ({ admin: page, fakeApi }) => {
  expect(
    (await page.request.post("/api/v1/workspaces", { headers: writeHeaders, data: { slug: "staging" } })).status(),
  ).toBe(201);
  for (let i = 1; i <= 51; i += 3) {
    await Promise.all(
      [i, i + 1, i + 2].map((n) =>
        createHttpApiCredential(page, { name: `Bulk ${String(n).padStart(2, "0")}`, baseUrl: fakeApi.url }),
      ),
    );
  }
  const open = await page.request.post("/api/v1/secrets", {
    headers: writeHeaders,
    data: {
      name: "Staging open",
      type: "NO_AUTH",
      componentId: "http-api",
      workspace: "staging",
      config: { baseUrl: fakeApi.url, testPath: "/open" },
      value: {},
    },
  });
  expect(open.status()).toBe(201);
  // A credential whose API has gone away: the re-test marks it as an error.
  const gone = await startFakeApi();
  const brokenId = await createHttpApiCredential(page, { name: "Broken", baseUrl: gone.url });
  await gone.close();
  const verify = await page.request.post(`/api/v1/secrets/${brokenId}/verify`, { headers: writeHeaders });
  expect(((await verify.json()) as { data: { ok: boolean } }).data.ok).toBe(false);

  const pagination = page.getByRole("navigation", { name: "Pagination" });
  const group = componentGroup(page, "HTTP API");
  const rows = group.locator("tbody tr");
  await page.goto("/");
  // The list pages over apps: the one group shows its newest five and "Show all 53", the
  // component's own list, which pages within it.
  await expect(pagination).toContainText("Page 1 of 1 · 1 app with 53 credentials");
  await expect(rows).toHaveCount(5);
  await expect(group.getByText("53 credentials", { exact: true })).toBeVisible();
  await group.getByRole("link", { name: "Show all 53" }).click();
  await expect(page).toHaveURL("/?component=http-api");
  await expect(pagination).toContainText("Page 1 of 2 · 53 credentials");
  await expect(rows).toHaveCount(50);
  await pagination.getByRole("link", { name: "Next" }).click();
  await expect(page).toHaveURL("/?component=http-api&page=2");
  await expect(pagination).toContainText("Page 2 of 2");
  await expect(rows).toHaveCount(3);
  await expect(pagination.getByRole("link", { name: "Next" })).toHaveCount(0);

  await page.goto("/");

  const filters = page.getByRole("search", { name: "Filter credentials" });
  await filters.getByLabel("Search by name").fill("staging OPEN");
  await filters.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL("/?q=staging+OPEN");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("Staging open");
  await expect(group.getByText("1 credential", { exact: true })).toBeVisible();

  await filters.getByLabel("Search by name").fill("");
  await filters.getByLabel("Workspace").selectOption("staging");
  await filters.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL("/?workspace=staging");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("No authentication");

  await page.goto("/?status=error");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("Broken");
  await expect(rows.first()).toContainText("Error");
  await expect(rows.first()).toContainText("Could not connect to the API or database");

  await page.goto("/?type=NO_AUTH");
  await expect(rows).toHaveCount(1);
  await expect(filters.getByLabel("Type")).toHaveValue("NO_AUTH");

  // Values that make no sense fall back to the defaults instead of failing the page.
  await page.goto("/?status=bogus&type=NOPE&workspace=nowhere&page=abc");
  await expect(pagination).toContainText("Page 1 of 1 · 1 app with 53 credentials");
  await expect(filters.getByLabel("Status")).toHaveValue("");
  await expect(filters.getByLabel("Workspace")).toHaveValue("");

  await page.goto("/?q=nothing-like-this");
  await expect(page.getByRole("heading", { name: "No credentials match these filters" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Clear filters" }).first()).toBeVisible();
});
