import { expect, test, type Locator } from "@playwright/test";
import { GOOD, startFakeApi, type FakeApi } from "../tests/fakes/fake-api";
import { componentGroup, uniqueName, warmUp } from "./fixtures/credentials";
import { newAccount, open, signUp } from "./helpers";

// Every static type, added through its own form and proved against a real server.
let fake: FakeApi;

test.beforeAll(async ({ playwright }, testInfo) => {
  fake = await startFakeApi();
  testInfo.setTimeout(180_000);
  await warmUp(playwright, testInfo.project.use.baseURL!);
});
test.afterAll(async () => {
  await fake?.close();
});

type Case = { type: string; testPath: string; fill: (form: Locator) => Promise<void>; secret?: string };
const cases: Case[] = [
  { type: "NO_AUTH", testPath: "/open", fill: async () => {} },
  {
    type: "SIMPLE",
    testPath: "/check",
    secret: GOOD.basic.passphrase,
    fill: async (form) => {
      await form.getByLabel("Username").fill(GOOD.basic.username);
      await form.getByLabel("Password").fill(GOOD.basic.passphrase);
    },
  },
  {
    type: "BEARER",
    testPath: "/check",
    secret: GOOD.bearer,
    fill: async (form) => form.getByLabel("Token", { exact: true }).fill(GOOD.bearer),
  },
  {
    type: "HTTP_HEADERS",
    testPath: "/check",
    secret: GOOD.header.value,
    fill: async (form) => {
      await form.getByLabel("Header name 1").fill(GOOD.header.name);
      await form.getByLabel("Header value 1").fill(GOOD.header.value);
    },
  },
];

test.describe("every static type through its form", () => {
  for (const c of cases) {
    test(`${c.type} for the HTTP API is tested and saved`, async ({ page }) => {
      await signUp(page, newAccount(`type-${c.type.toLowerCase()}`));
      await open(page, `/credentials/new?component=http-api&type=${c.type}`, "Test & save");
      const form = page.getByRole("form", { name: "New HTTP API credential" });
      const name = uniqueName(c.type);
      await form.getByLabel("Name", { exact: true }).fill(name);
      await form.getByLabel("Base URL").fill(fake.url);
      await form.getByLabel("Test path (optional)").fill(c.testPath);
      const hits = fake.hits();
      await c.fill(form);
      await form.getByRole("button", { name: "Test & save" }).click();
      await expect(page).toHaveURL(/\/credentials\/[0-9a-f-]{36}$/);
      expect(fake.hits()).toBeGreaterThan(hits);
      await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
      if (c.secret) expect(await page.content()).not.toContain(c.secret);
      await page.goto("/");
      await expect(componentGroup(page, "HTTP API").getByRole("link", { name })).toBeVisible();
    });
  }

  test("MYSQL is proved against a real MariaDB", async ({ page }) => {
    const raw = process.env.E2E_MYSQL_URL;
    if (!raw) throw new Error("E2E_MYSQL_URL is not set: npm test starts MariaDB and sets it");
    const my = new URL(raw);
    await signUp(page, newAccount("type-mysql"));
    await open(page, "/credentials/new?component=mysql", "Test & save");
    const form = page.getByRole("form", { name: "New MySQL credential" });
    const name = uniqueName("Orders DB");
    await form.getByLabel("Name", { exact: true }).fill(name);
    await form.getByLabel("Host").fill(my.hostname);
    await form.getByLabel("Port").fill(my.port);
    await form.getByLabel("Database").fill(my.pathname.slice(1));
    await form.getByLabel("Username").fill(decodeURIComponent(my.username));
    await form.getByLabel("TLS").selectOption("disable");
    await form.getByLabel("Password").fill("wrong-password");
    await form.getByRole("button", { name: "Test & save" }).click();
    await expect(form.getByRole("alert").filter({ hasText: "The connection test failed" })).toContainText("rejected");
    await form.getByLabel("Password").fill(decodeURIComponent(my.password));
    await form.getByRole("button", { name: "Test & save" }).click();
    await expect(page).toHaveURL(/\/credentials\/[0-9a-f-]{36}$/);
    await page.goto("/");
    await expect(componentGroup(page, "MySQL").getByRole("link", { name })).toBeVisible();
  });
});
