import { randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";
import { AUDIT_ACTIONS } from "../lib/audit/actions";
import { startSlowApi, type SlowApi } from "../tests/support/slow-api";
import { CredentialForm, expect, test } from "./fixtures";
import { uniqueName, writeHeaders } from "./fixtures/credentials";
import { open } from "./helpers";

/*
 * Issue 15 parts 4, 6, 7 and 8: the credential form's docs link and Advanced section, the
 * API docs page, the dry run's elapsed time, Cancel, blocked explanation and Save without
 * testing, Edit's Cancel, log-in's return to the page asked for (and no open redirect),
 * the 404 page, breadcrumbs, an unknown ?component=, a workspace that cannot be deleted,
 * and the audit log's action list, labelled details and copyable ids.
 */

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

// Nothing listens on port 9 of 127.0.0.1: a dry run against it fails, so a stored credential proves it was skipped.
const DEAD = "http://127.0.0.1:9";
const clipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText());

async function storedNames(page: Page): Promise<string[]> {
  const res = await page.request.get("/api/v1/secrets");
  expect(res.status()).toBe(200);
  return ((await res.json()) as { data: Array<{ name: string }> }).data.map((s) => s.name);
}

async function openHttpApiKeyForm(page: Page) {
  return CredentialForm.openNew(page, { componentId: "http-api", componentName: "HTTP API", type: "API_KEY" });
}

test.describe("the credential form", () => {
  test("links to the provider's docs and keeps how the key is sent under a collapsed Advanced", async ({
    admin: page,
  }) => {
    const form = await openHttpApiKeyForm(page);
    const docs = form.root.getByRole("link", { name: /Where do I find this\? HTTP API's documentation/ });
    await expect(docs).toHaveAttribute(
      "href",
      "https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/Authentication",
    );
    await expect(docs).toHaveAttribute("target", "_blank");

    const advanced = form.root.locator("details").filter({ has: page.getByText("Advanced", { exact: true }) });
    await expect(advanced).not.toHaveAttribute("open", "");
    const headerName = advanced.getByLabel("Header, parameter or cookie name (optional)");
    await expect(headerName).toBeHidden();
    await expect(advanced.getByLabel("Send it as (optional)")).toBeHidden();
    await expect(advanced.getByLabel("Prefix (optional)")).toBeHidden();
    // The key itself stays in view.
    await expect(form.field("API key", { exact: true })).toBeVisible();

    await advanced.getByText("Advanced", { exact: true }).click();
    await expect(headerName).toBeVisible();
    await expect(advanced.getByLabel("Send it as (optional)")).toBeVisible();
    await expect(advanced.getByLabel("Prefix (optional)")).toBeVisible();
  });

  test.describe("against a slow API", () => {
    let slow: SlowApi;
    test.beforeAll(async () => {
      slow = await startSlowApi();
    });
    test.afterAll(async () => {
      await slow.close();
    });

    test("the dry run shows the seconds ticking and Cancel stores nothing, keeping the form filled", async ({
      admin: page,
    }) => {
      const form = await openHttpApiKeyForm(page);
      const name = uniqueName("Slow API");
      await form.fillHttpApi({ name, baseUrl: slow.url });
      await form.field("API key", { exact: true }).fill("slow-key");
      const before = slow.count();
      await form.submit();
      await slow.arrived(before + 1);

      await expect(form.root.getByRole("status").filter({ hasText: "Testing the connection…" })).toBeVisible();
      const timer = form.root.getByRole("timer", { name: "Elapsed time" });
      await expect(timer).toHaveText("0 s");
      await expect(timer).toHaveText("2 s", { timeout: 4_000 });
      await form.root.getByRole("button", { name: "Cancel test" }).click();

      await expect(form.root.getByRole("status").filter({ hasText: "Test cancelled" })).toContainText(
        "Nothing was saved",
      );
      await expect(timer).toHaveCount(0);
      await expect(form.name).toHaveValue(name);
      await expect(form.baseUrl).toHaveValue(slow.url);
      await expect(form.submitButton).toBeEnabled();

      // The provider now answers 200: the server had noticed the cancel and stores nothing.
      slow.release();
      await page.waitForTimeout(1_500);
      expect(await storedNames(page)).not.toContain(name);
    });
  });

  test("a blocked address is explained, with OUTBOUND_ALLOW_HOSTS, and the buttons stay put", async ({
    admin: page,
  }) => {
    const form = await openHttpApiKeyForm(page);
    const name = uniqueName("Internal API");
    // The e2e server allows only loopback (OUTBOUND_ALLOW_HOSTS=127.0.0.1,localhost): 10/8 is private.
    await form.fillHttpApi({ name, baseUrl: "http://10.20.30.40" });
    await form.field("API key", { exact: true }).fill("internal-key");
    // Where the button sits in the page (not the viewport: clicking may scroll).
    const top = () => form.submitButton.evaluate((el) => el.getBoundingClientRect().top + window.scrollY);
    const before = await top();
    await form.submit();

    await expect(form.failure).toContainText("That address is not allowed (private or internal network)");
    await expect(form.failure).toContainText("Private, loopback and link-local addresses");
    await expect(form.failure).toContainText("OUTBOUND_ALLOW_HOSTS");
    await expect(form.failure).toContainText("Nothing was saved.");
    // The result appears under the buttons, in room kept for it: nothing moved.
    expect(await top()).toBe(before);
    expect(await storedNames(page)).not.toContain(name);
  });

  test("Save without testing stores the credential as Unverified", async ({ admin: page }) => {
    const form = await openHttpApiKeyForm(page);
    const name = uniqueName("Untested API");
    await form.fillHttpApi({ name, baseUrl: DEAD });
    await form.field("API key", { exact: true }).fill("untested-key");
    await form.root.getByRole("button", { name: "Save without testing" }).click();

    await expect(page).toHaveURL(/\/credentials\/[0-9a-f-]{36}$/);
    await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
    await expect(page.getByRole("region", { name: "Details" })).toContainText("Unverified");
  });

  test("Edit says Test & save and has Cancel back to the credential, with breadcrumbs", async ({ admin: page }) => {
    const name = uniqueName("Editable");
    const res = await page.request.post("/api/v1/secrets", {
      headers: writeHeaders,
      data: {
        name,
        type: "API_KEY",
        componentId: "http-api",
        config: { baseUrl: DEAD },
        value: { key: "k" },
        verify: false,
      },
    });
    expect(res.status()).toBe(201);
    const id = ((await res.json()) as { data: { id: string } }).data.id;

    await open(page, `/credentials/${id}/edit`, "Test & save");
    const crumbs = page.getByRole("navigation", { name: "Breadcrumb" });
    await expect(crumbs.getByRole("link", { name: "Credentials" })).toHaveAttribute("href", "/");
    await expect(crumbs.getByRole("link", { name })).toHaveAttribute("href", `/credentials/${id}`);
    await expect(crumbs.getByText("Edit", { exact: true })).toHaveAttribute("aria-current", "page");
    // The sub-page marks its section in the navigation.
    await expect(
      page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Credentials" }),
    ).toHaveAttribute("aria-current", "page");

    const form = CredentialForm.forEdit(page, name);
    await expect(form.root.getByRole("button", { name: "Test & save", exact: true })).toBeVisible();
    await form.root.getByRole("link", { name: "Cancel", exact: true }).click();
    await expect(page).toHaveURL(`/credentials/${id}`);
    await expect(page.getByRole("navigation", { name: "Breadcrumb" }).getByText(name)).toHaveAttribute(
      "aria-current",
      "page",
    );
  });
});

test("an unknown ?component= says so above the app picker", async ({ admin: page }) => {
  await page.goto("/credentials/new?component=no-such-app");
  await expect(page.getByText("There is no app called no-such-app in the catalogue.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Choose an app" })).toBeVisible();
  await page.goto("/credentials/new");
  await expect(page.getByText(/There is no app called/)).toHaveCount(0);
});

test("the API docs use this server's base URL, copy code blocks and show response schemas", async ({
  admin: page,
  baseURL,
}) => {
  await page.goto("/api-docs");
  await expect(page.getByText(`${baseURL}/api/v1`, { exact: true }).first()).toBeVisible();
  await page.getByRole("button", { name: "Copy step 1: Set up your shell" }).click();
  expect(await clipboard(page)).toContain(`export IC_URL="${baseURL}"`);

  const list = page.locator("#get-secrets");
  await expect(list).toContainText(`${baseURL}/api/v1/secrets`);
  await list.locator("summary", { hasText: "Response schema" }).click();
  const schema = list.locator("details").filter({ hasText: "Response schema" }).locator("pre");
  await expect(schema).toBeVisible();
  await expect(schema).toContainText('"lastVerifiedAt"');
  await expect(schema).not.toContainText("#/components/schemas/");
  await list.getByRole("button", { name: "Copy the 200 response schema of GET /secrets" }).click();
  expect(JSON.parse(await clipboard(page))).toHaveProperty("properties.data");
});

test.describe("log-in", () => {
  test("returns to the page asked for", async ({ page, tenant }) => {
    await page.goto("/credentials/new?component=stripe");
    await expect(page).toHaveURL("/login?callbackUrl=%2Fcredentials%2Fnew%3Fcomponent%3Dstripe");
    await signIn(page, tenant.email, tenant.password);
    await expect(page).toHaveURL("/credentials/new?component=stripe");
    await expect(page.getByRole("heading", { level: 1, name: "Add credential" })).toBeVisible();
  });

  for (const target of ["//evil.example/phish", "https://evil.example/phish", "/\\evil.example"]) {
    test(`refuses to send the member to ${target}`, async ({ page, tenant }) => {
      await page.goto(`/login?callbackUrl=${encodeURIComponent(target)}`);
      await signIn(page, tenant.email, tenant.password);
      await expect(page).toHaveURL("/");
      await expect(page.getByRole("heading", { level: 1, name: "Credentials" })).toBeVisible();
    });
  }
});

async function signIn(page: Page, email: string, password: string) {
  await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("an unknown page is a styled 404 with a way back", async ({ admin: page }) => {
  const res = await page.goto("/no-such-page");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  await expect(page.getByText("404", { exact: true })).toBeVisible();
  await page.getByRole("link", { name: "Back to credentials" }).click();
  await expect(page).toHaveURL("/");
  await expect(page.getByRole("heading", { level: 1, name: "Credentials" })).toBeVisible();
});

test("a workspace that holds credentials cannot be deleted, and the dialog says why and how many", async ({
  admin: page,
}) => {
  const slug = `ux-${randomBytes(4).toString("hex")}`;
  const ws = await page.request.post("/api/v1/workspaces", { headers: writeHeaders, data: { slug } });
  expect(ws.status()).toBe(201);
  const wsId = ((await ws.json()) as { data: { id: string } }).data.id;
  for (const name of [uniqueName("In workspace"), uniqueName("Also in workspace")]) {
    const s = await page.request.post("/api/v1/secrets", {
      headers: writeHeaders,
      data: { name, type: "NO_AUTH", value: {}, workspace: slug },
    });
    expect(s.status()).toBe(201);
  }

  await page.goto("/settings/workspaces");
  const crumbs = page.getByRole("navigation", { name: "Breadcrumb" });
  await expect(crumbs.getByRole("link", { name: "Settings" })).toBeVisible();
  await expect(crumbs.getByText("Workspaces", { exact: true })).toHaveAttribute("aria-current", "page");

  await page.getByRole("button", { name: `Delete ${slug}` }).click();
  const dialog = page.getByRole("dialog", { name: `The workspace "${slug}" cannot be deleted` });
  await expect(dialog).toContainText("It still holds 2 credentials.");
  await expect(dialog).toContainText("Move or delete them first");
  await expect(dialog.getByRole("button", { name: /Delete/ })).toHaveCount(0);
  await dialog.getByRole("button", { name: "Close" }).click();
  await expect(dialog).toBeHidden();

  // The API refuses too, in the same words.
  const refused = await page.request.delete(`/api/v1/workspaces/${wsId}`, { headers: writeHeaders });
  expect(refused.status()).toBe(409);
  expect(await refused.json()).toEqual({
    error: {
      code: "in_use",
      message: `The workspace "${slug}" still holds 2 credentials. Move or delete them first.`,
      credentials: 2,
    },
  });
  await page.reload();
  await expect(page.getByRole("row", { name: new RegExp(slug) })).toBeVisible();
});

test("the audit log filters by a list of actions, labels details and copies ids", async ({ admin: page }) => {
  const slug = `audit-${randomBytes(4).toString("hex")}`;
  const ws = await page.request.post("/api/v1/workspaces", { headers: writeHeaders, data: { slug } });
  expect(ws.status()).toBe(201);
  const wsId = ((await ws.json()) as { data: { id: string } }).data.id;

  await page.goto("/audit");
  const filters = page.getByRole("search", { name: "Filter audit events" });
  const action = filters.getByLabel("Action");
  await expect(action.locator("option")).toHaveCount(AUDIT_ACTIONS.length + 1);
  await expect(action.locator("option").first()).toHaveText("All actions");
  await expect(action.locator("option", { hasText: "workspace.created" })).toHaveCount(1);
  await action.selectOption("workspace.created");
  await filters.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/\/audit\?action=workspace\.created/);

  const row = page.getByRole("table", { name: "Audit events" }).locator("tbody tr");
  await expect(row).toHaveCount(1);
  // Details are a <dl>: the label, then its value.
  const details = row.locator("dl");
  await expect(details.getByRole("term")).toHaveText(["Slug"]);
  await expect(details.getByRole("definition")).toHaveText([slug]);
  expect(await row.textContent()).not.toContain("{");

  // The target id is shortened; the whole id is in the link's name and copies whole.
  await expect(row.getByText(`${wsId.slice(0, 8)}…`, { exact: true })).toBeVisible();
  expect(await row.textContent()).not.toContain(wsId);
  await expect(row.getByRole("link", { name: `Show every event for this target: ${wsId}` })).toBeVisible();
  await row.getByRole("button", { name: `Copy target id ${wsId}` }).click();
  expect(await clipboard(page)).toBe(wsId);

  // The actor (the signed-in member) is named, and its id is shortened and copies whole.
  const actorCopy = row.getByRole("button", { name: /^Copy actor id / });
  await actorCopy.click();
  const actorId = await clipboard(page);
  expect(actorId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  await expect(row.getByText(`${actorId.slice(0, 8)}…`, { exact: true })).toBeVisible();
});

test("a settings item's page ends its breadcrumbs with the item's name", async ({ admin: page }) => {
  const created = async (path: string, data: unknown) => {
    const res = await page.request.post(path, { headers: writeHeaders, data });
    expect(res.status(), await res.text()).toBe(201);
    return ((await res.json()) as { data: { id: string } }).data.id;
  };
  const clientName = uniqueName("Slack app");
  const clientId = await created("/api/v1/auth-clients", {
    name: clientName,
    componentId: "slack",
    clientId: "slack-client",
    clientSecret: "slack-secret-0123456789-abcd",
  });
  const description = uniqueName("CRM sync");
  const webhookId = await created("/api/v1/webhooks", { url: "http://127.0.0.1:9/in", description });

  for (const [path, section, href, name] of [
    [`/settings/auth-clients/${clientId}`, "Auth clients", "/settings/auth-clients", clientName],
    [`/settings/webhooks/${webhookId}`, "Webhooks", "/settings/webhooks", description],
  ] as const) {
    await page.goto(path);
    const crumbs = page.getByRole("navigation", { name: "Breadcrumb" });
    await expect(crumbs).toHaveCount(1);
    await expect(crumbs.getByRole("listitem")).toHaveText(["Settings", `›${section}`, `›${name}`]);
    await expect(crumbs.getByRole("link", { name: section })).toHaveAttribute("href", href);
    await expect(crumbs.getByText(name, { exact: true })).toHaveAttribute("aria-current", "page");
  }
});
