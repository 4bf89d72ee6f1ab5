import type { Locator, Page } from "@playwright/test";
import { GOOD } from "../tests/fakes/fake-api";
import { CredentialForm, expect, test } from "./fixtures";
import { componentGroup, searchApps, uniqueName, writeHeaders } from "./fixtures/credentials";
import { expectNoOverflow, expectWithinWidth } from "./fixtures/layout";
import { toast } from "./helpers";

/*
 * Issue 15's "done when": a new user on a phone finds, adds, tests and deletes a credential
 * without zooming. Every step is checked for horizontal overflow, and every control tapped lies
 * within the 390 px screen. On the way the dashboard's filters, folded behind one button on a
 * phone, are opened and used.
 */

const PHONE = { width: 390, height: 844 };
const detailUrl = /\/credentials\/[0-9a-f-]{36}$/;

/** Taps a control after checking that it fits the screen's width, and that the page still fits. */
async function tap(page: Page, control: Locator) {
  await expectNoOverflow(page);
  await expectWithinWidth(control, PHONE.width);
  await control.click();
}

const filterForm = (page: Page) => page.getByRole("search", { name: "Filter credentials" });
const filtersButton = (page: Page) => filterForm(page).getByRole("button", { name: /^Filters/ });

/** A credential of another app and type, stored as a backend would (no check), so a filter has something to hide. */
async function storeOpenAiKey(page: Page, name: string) {
  const made = await page.request.post("/api/v1/api-keys", { headers: writeHeaders, data: { name: "backend" } });
  expect(made.status()).toBe(201);
  const { key } = ((await made.json()) as { data: { key: string } }).data;
  const res = await page.request.post("/api/v1/secrets", {
    headers: { Authorization: `Bearer ${key}` },
    data: { name, type: "BEARER", componentId: "openai", value: { token: "sk-x" }, verify: false },
  });
  expect(res.status(), await res.text()).toBe(201);
}

test.use({ viewport: PHONE });

test("a new user on a phone finds, adds, tests, filters, opens and deletes a credential without zooming", async ({
  admin: page,
  fakeApi,
}) => {
  test.setTimeout(90_000);
  const errors: string[] = [];
  // The browser logs the refused dry run's 422 itself; anything else (a hydration error) counts.
  page.on("console", (m) => {
    if (m.type() === "error" && !m.text().includes("status of 422")) errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));

  // Fresh from sign-up: an empty dashboard that offers to add the first credential.
  await expect(page.getByRole("heading", { name: "No credentials yet" })).toBeVisible();
  await tap(page, page.getByRole("link", { name: "Add credential" }));

  // Find the app by searching.
  await expect(page).toHaveURL("/credentials/new");
  await expectNoOverflow(page);
  await expectWithinWidth(page.getByLabel("Search apps"), PHONE.width);
  await searchApps(page, "http api", "1 app");
  await tap(page, page.getByRole("link", { name: "HTTP API", exact: true }));

  // Pick how to connect.
  await expect(page).toHaveURL("/credentials/new?component=http-api");
  await expect(page.getByRole("heading", { level: 2, name: "How do you connect to HTTP API?" })).toBeVisible();
  await tap(page, page.getByRole("link", { name: "API key", exact: true }));

  // Fill the form; the dry run against the fake API first refuses a wrong key, then passes.
  await expect(page).toHaveURL("/credentials/new?component=http-api&type=API_KEY");
  const form = CredentialForm.forNew(page, "HTTP API");
  await expect(form.submitButton).toBeEnabled();
  const name = uniqueName("Phone billing API");
  for (const field of [form.name, form.baseUrl, form.testPath, form.field("API key", { exact: true })]) {
    await expectWithinWidth(field, PHONE.width);
  }
  await form.fillHttpApi({ name, baseUrl: fakeApi.url, testPath: "/check" });
  await form.field("API key", { exact: true }).fill("wrong-key");
  const hitsBefore = fakeApi.hits();
  await tap(page, form.submitButton);
  await expect(form.failure).toContainText("The API rejected these credentials (401)");
  expect(fakeApi.hits()).toBeGreaterThan(hitsBefore);
  await expectNoOverflow(page);
  await expectWithinWidth(form.failure, PHONE.width);

  await form.field("API key", { exact: true }).fill(GOOD.apiKey);
  await tap(page, form.submitButton);
  await expect(page).toHaveURL(detailUrl);
  await expect(toast(page, `Saved "${name}". The connection test passed.`)).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();

  // Back to the list through the phone's menu.
  const other = uniqueName("OpenAI key");
  await storeOpenAiKey(page, other);
  await tap(page, page.getByRole("button", { name: "Menu", exact: true }));
  await tap(page, page.getByRole("dialog", { name: "Menu" }).getByRole("link", { name: "Credentials", exact: true }));
  await expect(page).toHaveURL("/");
  await expect(componentGroup(page, "HTTP API").getByRole("link", { name })).toBeVisible();
  await expect(componentGroup(page, "OpenAI").getByRole("link", { name: other })).toBeVisible();

  // The filters are folded: the search box and one button, so the list starts on the first screen.
  const filters = filtersButton(page);
  await expect(filters).toHaveText("Filters");
  await expect(filters).toHaveAttribute("aria-expanded", "false");
  await expect(filterForm(page).getByLabel("Search by name or end user")).toBeVisible();
  await expect(filterForm(page).getByLabel("Type")).toBeHidden();
  await expect(filterForm(page).getByLabel("App")).toBeHidden();
  const formBox = (await filterForm(page).boundingBox())!;
  expect(formBox.height).toBeLessThanOrEqual(150);
  const firstGroup = (await componentGroup(page, "HTTP API").boundingBox())!;
  expect(firstGroup.y).toBeLessThan(PHONE.height);

  // Open them: aria-expanded, aria-controls naming the panels that now show, then filter by type.
  await tap(page, filters);
  await expect(filters).toHaveAttribute("aria-expanded", "true");
  const controls = (await filters.getAttribute("aria-controls"))!.split(" ");
  expect(controls.length).toBeGreaterThan(0);
  for (const id of controls) await expect(page.locator(`[id="${id}"]`)).toBeVisible();
  const type = filterForm(page).getByLabel("Type");
  await expectWithinWidth(type, PHONE.width);
  await type.selectOption({ label: "API key" });
  await tap(page, filterForm(page).getByRole("button", { name: "Apply" }));
  await expect(page).toHaveURL("/?type=API_KEY");
  await expect(componentGroup(page, "OpenAI")).toHaveCount(0);
  // Folded again on the new page, counting the filter it holds.
  await expect(filtersButton(page)).toHaveText("Filters (1)");
  await expect(filtersButton(page)).toHaveAttribute("aria-expanded", "false");

  // The row is a stacked card: the owner below the name, not beside it.
  const row = componentGroup(page, "HTTP API").locator("tbody tr").filter({ hasText: name });
  const nameCell = (await row.locator("td[data-label=Name]").boundingBox())!;
  const ownerCell = (await row.locator("td[data-label=Owner]").boundingBox())!;
  expect(ownerCell.y).toBeGreaterThanOrEqual(nameCell.y + nameCell.height - 1);
  await tap(page, row.getByRole("link", { name }));

  // Open it and delete it through the confirmation dialog.
  await expect(page).toHaveURL(detailUrl);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await tap(page, page.getByRole("button", { name: `Delete ${name}` }));
  const dialog = page.getByRole("alertdialog", { name: `Delete "${name}"?` });
  await expect(dialog).toBeVisible();
  await expectWithinWidth(dialog, PHONE.width);
  await tap(page, dialog.getByRole("button", { name: "Delete credential" }));
  await expect(page).toHaveURL("/");
  await expect(toast(page, `Deleted "${name}".`)).toBeVisible();
  await expect(page.getByRole("link", { name })).toHaveCount(0);
  await expect(componentGroup(page, "OpenAI").getByRole("link", { name: other })).toBeVisible();
  await expectNoOverflow(page);
  expect(errors).toEqual([]);
});

test("without JavaScript a phone shows every filter field instead of the Filters button, and filtering works", async ({
  browser,
  baseURL,
  admin,
}) => {
  const other = uniqueName("OpenAI key");
  await storeOpenAiKey(admin, other);
  const context = await browser.newContext({ baseURL, viewport: PHONE, javaScriptEnabled: false });
  try {
    await context.addCookies(await admin.context().cookies());
    const page = await context.newPage();
    await page.goto("/");
    await expect(componentGroup(page, "OpenAI").getByRole("link", { name: other })).toBeVisible();
    await expect(filtersButton(page)).toBeHidden();
    for (const label of ["App", "Workspace", "Owner (end user)", "Status", "Type"]) {
      await expect(filterForm(page).getByLabel(label, { exact: true })).toBeVisible();
    }
    await expectNoOverflow(page);
    await filterForm(page).getByLabel("Type", { exact: true }).selectOption({ label: "API key" });
    await filterForm(page).getByRole("button", { name: "Apply" }).click();
    // A plain GET form: the empty fields ride along, and the page treats them as defaults.
    await expect(page).toHaveURL(/[?&]type=API_KEY(&|$)/);
    await expect(page.getByRole("heading", { level: 1, name: "Credentials" })).toBeVisible();
    await expect(componentGroup(page, "OpenAI")).toHaveCount(0);
  } finally {
    await context.close();
  }
});

test("at 1280 px every filter field shows and there is no Filters button", async ({ admin: page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await storeOpenAiKey(page, uniqueName("OpenAI key"));
  await page.goto("/");
  await expect(filtersButton(page)).toBeHidden();
  const labels = ["App", "Workspace", "Search by name or end user", "Owner (end user)", "Status", "Type"];
  const boxes = [];
  for (const label of labels) {
    const field = filterForm(page).getByLabel(label, { exact: true });
    await expect(field).toBeVisible();
    boxes.push((await field.boundingBox())!);
  }
  // In the order they always had (App, Workspace, Search, Owner, Status, Type), left to right
  // and wrapping onto a next row: never the search box first, as on a phone.
  for (let i = 1; i < boxes.length; i++) {
    // Selects and inputs differ by a pixel or two in height; a new row is a field's height down.
    const sameRow = Math.abs(boxes[i].y - boxes[i - 1].y) <= 8;
    expect(sameRow ? boxes[i].x > boxes[i - 1].x : boxes[i].y > boxes[i - 1].y, labels[i]).toBe(true);
  }
  expect(Math.abs(boxes[2].y - boxes[0].y)).toBeLessThanOrEqual(8);
});
