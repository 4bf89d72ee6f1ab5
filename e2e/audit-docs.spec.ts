import { randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { writeHeaders } from "./fixtures/credentials";
import { logIn, newPerson, open, signOut, toast } from "./helpers";

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

const eventsTable = (page: Page) => page.getByRole("table", { name: "Audit events" });
const dataRows = (page: Page) => eventsTable(page).locator("tbody tr");

test("the audit log lists events newest first and filters them by action and target", async ({
  admin: page,
  tenant: account,
}) => {
  const keyName = `Audit probe ${randomBytes(3).toString("hex")}`;
  const key = await createApiKey(page, keyName);

  // A second, later event made with the key, so filtering has something to hide.
  const username = `customer-${randomBytes(3).toString("hex")}`;
  const impersonated = await page.request.post("/api/v1/impersonate", {
    headers: { Authorization: `Bearer ${key}` },
    data: { username },
  });
  expect(impersonated.status()).toBe(200);
  const endUserId = ((await impersonated.json()) as { id: string }).id;

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" }).click();
  await expect(page).toHaveURL("/audit");
  await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();

  const rows = dataRows(page);
  await expect(rows).toHaveCount(2);
  // Newest first: the impersonation came after the key.
  await expect(rows.nth(0)).toContainText("end_user.impersonated");
  await expect(rows.nth(1)).toContainText("api_key.created");

  const created = eventsTable(page).getByRole("row", { name: /api_key\.created/ });
  await expect(created).toContainText("Member");
  await expect(created).toContainText(account.email);
  // Details are labelled values, not raw JSON.
  await expect(created.getByRole("definition").filter({ hasText: keyName })).toBeVisible();
  await expect(created.locator("time")).toHaveAttribute("datetime", /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  // The request id is a UUID, as the API's X-Request-Id header: shortened, whole in the copy button's name.
  await expect(created.getByRole("button", { name: /^Copy request id [0-9a-f-]{36}$/ })).toBeVisible();

  const byKey = eventsTable(page).getByRole("row", { name: /end_user\.impersonated/ });
  await expect(byKey).toContainText("API key");
  await expect(byKey).toContainText(keyName);
  await expect(byKey.getByRole("button", { name: `Copy target id ${endUserId}` })).toBeVisible();

  // Neither the key nor anything like it is on the page.
  expect(await page.content()).not.toContain(key);
  await expect(page.getByRole("navigation", { name: "Pagination" })).toContainText("Page 1 of 1 · 2 events");
  await expect(page.getByRole("navigation", { name: "Pagination" }).getByRole("link")).toHaveCount(0);

  const filters = page.getByRole("search", { name: "Filter audit events" });
  await filters.getByLabel("Action").selectOption("api_key.created");
  await filters.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/\/audit\?action=api_key\.created&targetId=$/);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("api_key.created");
  await expect(eventsTable(page)).not.toContainText("end_user.impersonated");
  await expect(filters.getByLabel("Action")).toHaveValue("api_key.created");
  await expect(page.getByRole("navigation", { name: "Pagination" })).toContainText("1 event");

  // A target id links to every event about that target.
  await page.getByRole("link", { name: "Clear filters" }).first().click();
  await expect(page).toHaveURL("/audit");
  await expect(rows).toHaveCount(2);
  await byKey.getByRole("link", { name: endUserId }).click();
  await expect(page).toHaveURL(`/audit?targetId=${endUserId}`);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("end_user.impersonated");
  await expect(page.getByRole("search").getByLabel("Target ID")).toHaveValue(endUserId);

  // An action no longer recorded (an old link) is still offered and finds nothing.
  await page.goto("/audit?action=no.such_action");
  await expect(filters.getByLabel("Action")).toHaveValue("no.such_action");
  await expect(page.getByRole("heading", { name: "No events match these filters" })).toBeVisible();
  await expect(eventsTable(page)).toHaveCount(0);
});

const badQueries = [
  { name: "non-numeric page", query: "?page=abc", heading: null },
  { name: "negative page", query: "?page=-3", heading: null },
  { name: "repeated action", query: "?action=a&action=b", heading: null },
  { name: "overlong action", query: `?action=${"x".repeat(101)}`, heading: null },
  { name: "page past the end", query: "?page=7", heading: "No events on this page" },
];

for (const c of badQueries) {
  test(`the audit log copes with a ${c.name}`, async ({ admin: page }) => {
    await createApiKey(page, "Only key");
    const res = await page.goto(`/audit${c.query}`);
    expect(res?.status()).toBe(200);
    if (c.heading) {
      await expect(page.getByRole("heading", { name: c.heading })).toBeVisible();
      await page.getByRole("link", { name: "Go to the last page" }).click();
      await expect(page).toHaveURL("/audit");
    }
    // Bad values fell back to the defaults: page 1, no filter, the one event listed.
    await expect(dataRows(page)).toHaveCount(1);
    await expect(dataRows(page).first()).toContainText("api_key.created");
    await expect(page.getByRole("navigation", { name: "Pagination" })).toContainText("Page 1 of 1 · 1 event");
    await expect(page.getByRole("search").getByLabel("Action")).toHaveValue("");
  });
}

test("only admins read the audit log; any member reads the API docs", async ({ page, tenant }) => {
  // The tenant exists, but this page has not signed in yet.
  await page.goto("/audit");
  await expect(page).toHaveURL("/login?callbackUrl=%2Faudit");

  await logIn(page, tenant.email, tenant.password);
  const viewer = newPerson("viewer");
  const added = await page.request.post("/api/v1/members", {
    headers: writeHeaders,
    data: { email: viewer.email, role: "viewer", password: viewer.password },
  });
  expect(added.status()).toBe(201);
  // Control: the admin does see that event.
  await page.goto("/audit?action=member.added");
  await expect(dataRows(page)).toHaveCount(1);
  await expect(dataRows(page).first()).toContainText(viewer.email);
  await signOut(page);

  await logIn(page, viewer.email, viewer.password);
  await page.goto("/audit?action=member.added");
  await expect(page).toHaveURL("/?denied=1");
  await expect(page.getByRole("heading", { level: 1, name: "Credentials" })).toBeVisible();
  await expect(eventsTable(page)).toHaveCount(0);

  await page.goto("/api-docs");
  await expect(page).toHaveURL("/api-docs");
  await expect(page.getByRole("heading", { level: 1, name: "API docs" })).toBeVisible();
  await expect(page.getByText("Ask an admin of your organisation for an API key.")).toBeVisible();
});

test("the API docs list every path of the OpenAPI document with curl examples", async ({ admin: page, baseURL }) => {
  const key = await createApiKey(page, "Docs key");

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API docs" }).click();
  await expect(page).toHaveURL("/api-docs");
  await expect(page.getByRole("heading", { level: 1, name: "API docs" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 3, name: "/secrets/{id}", exact: true })).toBeVisible();
  const raw = page.getByRole("link", { name: "/api/v1/openapi.json" });
  await expect(raw).toHaveAttribute("href", "/api/v1/openapi.json");

  const res = await page.request.get("/api/v1/openapi.json");
  expect(res.status()).toBe(200);
  const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, { summary: string }>> };
  expect(doc.openapi).toBe("3.1.0");

  // Every documented operation has its heading and summary on the page.
  const paths = Object.keys(doc.paths);
  expect(paths.length).toBeGreaterThan(10);
  for (const [path, ops] of Object.entries(doc.paths)) {
    const section = page.getByRole("region", { name: path, exact: true });
    await expect(section, path).toBeVisible();
    for (const [method, op] of Object.entries(ops)) {
      const article = section.getByRole("article", {
        // Paths are shown on this server's real base URL (PUBLIC_URL).
        name: `${method.toUpperCase()} ${baseURL}/api/v1${path} – ${op.summary}`,
        exact: true,
      });
      await expect(article, `${method} ${path}`).toBeVisible();
    }
  }

  // Reading a secret is for integration code only, and says so.
  const read = page.getByRole("article", { name: new RegExp(`^GET ${baseURL}/api/v1/secrets/\\{id\\} –`) });
  await expect(read).toContainText("apiKey");
  await expect(read).toContainText("userToken");
  await expect(read).not.toContainText("session");
  await expect(
    read.getByRole("table", { name: "Parameters of GET /secrets/{id}" }).getByRole("row", { name: /^id path Yes/ }),
  ).toBeVisible();

  // The request body schema is folded away until asked for.
  const create = page.getByRole("article", { name: new RegExp(`^POST ${baseURL}/api/v1/secrets –`) });
  const schema = create.locator("details", { hasText: "Request body schema" }).locator("pre");
  await expect(schema).toBeHidden();
  await create.getByText("Request body schema").click();
  await expect(schema).toBeVisible();
  await expect(schema).toContainText('"const": "SIMPLE"');
  await expect(schema).toContainText('"passphrase"');

  const start = page.getByRole("region", { name: "Getting started" });
  for (const snippet of [
    '"$IC_URL/api/v1/impersonate"',
    "Bearer $IC_API_KEY",
    '"type": "SIMPLE"',
    '"$IC_URL/api/v1/secrets/$SECRET_ID"',
  ]) {
    await expect(start, snippet).toContainText(snippet);
  }
  await expect(start.getByRole("link", { name: "Settings → API keys" })).toHaveAttribute("href", "/settings/api-keys");
  // Placeholders only: no key, not even the one this admin just made.
  expect(await page.content()).not.toContain(key);
  await expect(start).not.toContainText(/ick_[A-Za-z0-9_-]{10,}/);
});
