import { GOOD } from "../tests/fakes/fake-api";
import { CredentialForm, expect, test } from "./fixtures";
import { componentGroup, uniqueName } from "./fixtures/credentials";

// Every static type, added through its own form and proved against a real server.
type Case = { type: string; testPath: string; fill: (form: CredentialForm) => Promise<void>; secret?: string };
const cases: Case[] = [
  { type: "NO_AUTH", testPath: "/open", fill: async () => {} },
  {
    type: "SIMPLE",
    testPath: "/check",
    secret: GOOD.basic.passphrase,
    fill: async (form) => {
      await form.field("Username").fill(GOOD.basic.username);
      await form.password.fill(GOOD.basic.passphrase);
    },
  },
  {
    type: "BEARER",
    testPath: "/check",
    secret: GOOD.bearer,
    fill: async (form) => form.field("Token", { exact: true }).fill(GOOD.bearer),
  },
  {
    type: "HTTP_HEADERS",
    testPath: "/check",
    secret: GOOD.header.value,
    fill: async (form) => {
      await form.field("Header name 1").fill(GOOD.header.name);
      await form.field("Header value 1").fill(GOOD.header.value);
    },
  },
];

test.describe("every static type through its form", () => {
  for (const c of cases) {
    test(`${c.type} for the HTTP API is tested and saved`, async ({ admin: page, fakeApi }) => {
      const form = await CredentialForm.openNew(page, {
        componentId: "http-api",
        componentName: "HTTP API",
        type: c.type,
      });
      const name = uniqueName(c.type);
      await form.fillHttpApi({ name, baseUrl: fakeApi.url, testPath: c.testPath });
      const hits = fakeApi.hits();
      await c.fill(form);
      await form.submit();
      await expect(page).toHaveURL(/\/credentials\/[0-9a-f-]{36}$/);
      expect(fakeApi.hits()).toBeGreaterThan(hits);
      await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
      if (c.secret) expect(await page.content()).not.toContain(c.secret);
      await page.goto("/");
      await expect(componentGroup(page, "HTTP API").getByRole("link", { name })).toBeVisible();
    });
  }

  test("MYSQL is proved against a real MariaDB", async ({ admin: page }) => {
    const raw = process.env.E2E_MYSQL_URL;
    if (!raw) throw new Error("E2E_MYSQL_URL is not set: npm test starts MariaDB and sets it");
    const my = new URL(raw);
    const form = await CredentialForm.openNew(page, { componentId: "mysql", componentName: "MySQL" });
    const name = uniqueName("Orders DB");
    await form.fillDatabase({
      name,
      host: my.hostname,
      port: my.port,
      database: my.pathname.slice(1),
      username: decodeURIComponent(my.username),
      tls: "disable",
    });
    await form.password.fill("wrong-password");
    await form.submit();
    await expect(form.failure).toContainText("rejected");
    await form.password.fill(decodeURIComponent(my.password));
    await form.submit();
    await expect(page).toHaveURL(/\/credentials\/[0-9a-f-]{36}$/);
    await page.goto("/");
    await expect(componentGroup(page, "MySQL").getByRole("link", { name })).toBeVisible();
  });
});
