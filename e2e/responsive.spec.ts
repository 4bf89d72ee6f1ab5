import { randomUUID } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import type { Browser, Locator, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { createHttpApiCredential, uniqueName, writeHeaders } from "./fixtures/credentials";
import { expectNoOverflow } from "./fixtures/layout";
import { newPerson } from "./helpers";

/*
 * Issue 15 parts 2 and 3 on every page, at a phone's 390 × 844 and a laptop's 1280 × 800:
 * no horizontal overflow, the navigation is reachable (the Menu button on a phone opens it
 * as a modal sheet), no serious or critical axe violations. Then the parts that broke on a
 * phone: API keys fits with Revoke on screen, the Members role select keeps its width, the
 * confirmation dialog is centred and modal, and brand logos are real images.
 */

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

type Seeded = {
  githubId: string;
  webhookId: string;
  authClientId: string;
  githubName: string;
  otherName: string;
  /** An API key, for what only a backend may do (connect sessions). */
  key: string;
};

/** Content for every page: credentials of several types, an API key, a member, a webhook, an auth client. */
async function seed(page: Page, fakeApiUrl: string): Promise<Seeded> {
  const json = async (res: Awaited<ReturnType<Page["request"]["post"]>>) => {
    expect(res.status(), await res.text()).toBe(201);
    return ((await res.json()) as { data: { id: string; key?: string } }).data;
  };
  const post = (path: string, data: unknown) => page.request.post(path, { headers: writeHeaders, data });

  // The webhook first, so the credentials below leave deliveries in its log.
  const webhook = await json(await post("/api/v1/webhooks", { url: "http://127.0.0.1:9/in", description: "CRM sync" }));
  const { key } = await json(await post("/api/v1/api-keys", { name: "Backend for the responsive check" }));
  await json(
    await post("/api/v1/members", {
      email: newPerson("dev").email,
      role: "developer",
      password: "a-long-enough-password",
    }),
  );
  const authClient = await json(
    await post("/api/v1/auth-clients", {
      name: "Slack app",
      componentId: "slack",
      clientId: "slack-client",
      clientSecret: "slack-secret-0123456789-abcd",
    }),
  );
  await json(await post("/api/v1/workspaces", { slug: "staging" }));

  // `verify: false` is for API callers, so these go with the key, as a backend would send them.
  const withKey = async (data: Record<string, unknown>) =>
    json(await page.request.post("/api/v1/secrets", { headers: { Authorization: `Bearer ${key}` }, data }));
  const githubName = uniqueName("GitHub deploy token");
  const github = await withKey({
    name: githubName,
    type: "BEARER",
    componentId: "github",
    value: { token: "ghp-not-a-real-token" },
    verify: false,
  });
  await withKey({
    name: uniqueName("OpenAI key"),
    type: "BEARER",
    componentId: "openai",
    value: { token: "sk-x" },
    verify: false,
  });
  const otherName = uniqueName("Passed-in OAuth token");
  await withKey({
    name: otherName,
    type: "OA2_AUTHORIZATION_CODE",
    value: { accessToken: "at-expired", expires: new Date(Date.now() - 86_400_000).toISOString() },
  });
  await createHttpApiCredential(page, { name: uniqueName("Billing API"), baseUrl: fakeApiUrl });
  return { githubId: github.id, webhookId: webhook.id, authClientId: authClient.id, githubName, otherName, key: key! };
}

/**
 * Every signed-in page, with a heading that proves it rendered; `section` is the navigation
 * link that must be marked as the current page (`aria-current="page"`) on a sub-page.
 */
function dashboardPages(
  s: Seeded,
): Array<{ path: string; heading: string | RegExp; level?: number; section?: string }> {
  return [
    { path: "/", heading: "Credentials" },
    // A filter applied, and one group's "Show all" (the list of that component alone).
    { path: "/?type=BEARER&q=GitHub", heading: "Credentials" },
    { path: "/?component=github", heading: "Credentials" },
    { path: "/credentials/new", heading: "Add credential" },
    // Step 2, the type picker of an app with several ways to connect.
    { path: "/credentials/new?component=http-api", heading: "How do you connect to HTTP API?", level: 2 },
    { path: "/credentials/new?component=github", heading: /^GitHub/, level: 2 },
    { path: `/credentials/${s.githubId}`, heading: s.githubName },
    { path: `/credentials/${s.githubId}/edit`, heading: /Edit/ },
    { path: "/settings/members", heading: "Members" },
    { path: "/settings/api-keys", heading: "API keys" },
    { path: "/settings/workspaces", heading: "Workspaces" },
    { path: "/settings/auth-clients", heading: "Auth clients" },
    { path: "/settings/auth-clients/new", heading: /auth client/i },
    { path: `/settings/auth-clients/${s.authClientId}`, heading: /Slack app/, section: "Auth clients" },
    // An auth client that does not exist: the page's own not-found.
    {
      path: `/settings/auth-clients/${randomUUID()}`,
      heading: "Auth client not found",
      level: 2,
      section: "Auth clients",
    },
    { path: "/settings/embed", heading: /Embed/ },
    { path: "/settings/webhooks", heading: "Webhooks" },
    { path: `/settings/webhooks/${s.webhookId}`, heading: "Webhook endpoint", section: "Webhooks" },
    // An unknown webhook: the dashboard's 404 (app/(dashboard)/not-found.tsx), inside the shell.
    { path: `/settings/webhooks/${randomUUID()}`, heading: "Page not found", section: "Webhooks" },
    { path: "/settings/account", heading: /account/i },
    { path: "/audit", heading: "Audit log" },
    { path: "/api-docs", heading: /API/ },
    // A credential that does not exist: the dashboard's own 404, inside the shell.
    { path: "/credentials/00000000-0000-4000-8000-000000000000", heading: "Credential not found", level: 2 },
  ];
}

/** The signed-out pages; each has to offer at least one way on. */
const publicPages = ["/login", "/signup", "/oauth/result?error=access_denied", "/no-such-page"];

async function expectNoSeriousAxeViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect.soft(serious, page.url()).toEqual([]);
}

const mainNav = (page: Page) => page.getByRole("navigation", { name: "Main" });

/** Exactly one navigation link is the current page, and it is `section`'s. */
async function expectSection(nav: Locator, section: string) {
  await expect(nav.getByRole("link", { name: section, exact: true })).toHaveAttribute("aria-current", "page");
  await expect(nav.locator('[aria-current="page"]')).toHaveCount(1);
}

/** On a phone the links sit behind the Menu button; it opens them in a modal sheet and Escape closes it. */
async function expectPhoneNav(page: Page, section?: string) {
  // While the sheet is open the page behind it is aria-hidden (modal), the button included.
  const menu = page.getByRole("button", { name: "Menu", exact: true, includeHidden: true });
  await expect(mainNav(page)).toBeHidden();
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await menu.click();
  const sheet = page.getByRole("dialog", { name: "Menu" });
  await expect(sheet).toBeVisible();
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await expect(
    sheet.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Credentials" }),
  ).toBeVisible();
  if (section) await expectSection(sheet.getByRole("navigation", { name: "Main" }), section);
  await page.keyboard.press("Escape");
  await expect(sheet).toBeHidden();
  await expect(menu).toBeFocused();
}

async function signedOutPage(browser: Browser, baseURL: string, viewport: typeof PHONE) {
  const context = await browser.newContext({ baseURL, viewport });
  return { page: await context.newPage(), close: () => context.close() };
}

for (const [label, viewport] of [
  ["phone", PHONE],
  ["desktop", DESKTOP],
] as const) {
  test.describe(`at ${viewport.width} × ${viewport.height} (${label})`, () => {
    test.use({ viewport });

    test("every dashboard page fits, has its navigation, and passes axe", async ({ admin: page, fakeApi }) => {
      test.setTimeout(240_000);
      const seeded = await seed(page, fakeApi.url);
      for (const { path, heading, level = 1, section } of dashboardPages(seeded)) {
        await test.step(path, async () => {
          await page.goto(path);
          await expect(page.getByRole("heading", { level, name: heading }).first()).toBeVisible();
          await expectNoOverflow(page);
          if (label === "phone") await expectPhoneNav(page, section);
          else {
            await expect(mainNav(page).getByRole("link", { name: "Credentials" })).toBeVisible();
            if (section) await expectSection(mainNav(page), section);
          }
          await expectNoSeriousAxeViolations(page);
        });
      }
    });

    test("the embed (a connect session) fits and passes axe, before and after Add connection", async ({
      admin,
      browser,
      baseURL,
    }) => {
      const made = await admin.request.post("/api/v1/api-keys", { headers: writeHeaders, data: { name: "backend" } });
      expect(made.status()).toBe(201);
      const { key } = ((await made.json()) as { data: { key: string } }).data;
      const minted = await admin.request.post("/api/v1/connect-sessions", {
        headers: { Authorization: `Bearer ${key}` },
        data: { username: uniqueName("embed-user").replace(" ", "-") },
      });
      expect(minted.status(), await minted.text()).toBe(201);
      const { url } = ((await minted.json()) as { data: { url: string } }).data;
      // A context of its own: the end user has no dashboard session.
      const { page, close } = await signedOutPage(browser, baseURL!, viewport);
      try {
        await page.goto(url);
        const add = page.getByRole("button", { name: "Add connection" });
        await expect(add).toBeEnabled();
        await expectNoOverflow(page);
        await expectNoSeriousAxeViolations(page);
        await add.click();
        await expect(page.getByRole("button", { name: /^HTTP API/ })).toBeVisible();
        await expectNoOverflow(page);
        await expectNoSeriousAxeViolations(page);
      } finally {
        await close();
      }
    });

    test("the signed-out pages fit, offer a way on, and pass axe", async ({ browser, baseURL }) => {
      const { page, close } = await signedOutPage(browser, baseURL!, viewport);
      try {
        for (const path of publicPages) {
          await test.step(path, async () => {
            await page.goto(path);
            await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
            await expect(page.getByRole("link").first()).toBeVisible();
            await expectNoOverflow(page);
            await expectNoSeriousAxeViolations(page);
          });
        }
      } finally {
        await close();
      }
    });
  });
}

test.describe("on a phone", () => {
  test.use({ viewport: PHONE });

  test("a link in the menu opens its page and closes the menu", async ({ admin: page }) => {
    await page.getByRole("button", { name: "Menu", exact: true }).click();
    await page.getByRole("dialog", { name: "Menu" }).getByRole("link", { name: "API keys" }).click();
    await expect(page).toHaveURL("/settings/api-keys");
    await expect(page.getByRole("heading", { level: 1, name: "API keys" })).toBeVisible();
    await expect(page.getByRole("dialog", { name: "Menu" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Menu", exact: true })).toHaveAttribute("aria-expanded", "false");
  });

  test("API keys fits with Revoke on screen, and its dialog is centred, modal and closes on Escape", async ({
    admin: page,
  }) => {
    const made = await page.request.post("/api/v1/api-keys", {
      headers: writeHeaders,
      data: { name: "A rather long key name for a narrow screen" },
    });
    expect(made.status()).toBe(201);
    await page.goto("/settings/api-keys");
    await expectNoOverflow(page);
    const revoke = page.getByRole("button", { name: /^Revoke / }).first();
    await revoke.scrollIntoViewIfNeeded();
    const box = (await revoke.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);

    await revoke.click();
    const dialog = page.getByRole("alertdialog", { name: /^Revoke the key/ });
    await expect(dialog).toBeVisible();
    const d = (await dialog.boundingBox())!;
    expect(Math.abs(d.x + d.width / 2 - PHONE.width / 2)).toBeLessThanOrEqual(2);
    expect(Math.abs(d.y + d.height / 2 - PHONE.height / 2)).toBeLessThanOrEqual(2);
    expect(d.width).toBeLessThanOrEqual(PHONE.width);
    // Cancel has the focus, and Tab never leaves the dialog.
    await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press("Tab");
      expect(await dialog.evaluate((el) => el.contains(document.activeElement))).toBe(true);
    }
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expect(revoke).toBeFocused();
    await expect(page.getByRole("row", { name: /A rather long key name/ })).toBeVisible();
  });

  test("the Members role select keeps its width", async ({ admin: page }) => {
    const made = await page.request.post("/api/v1/members", {
      headers: writeHeaders,
      data: { email: newPerson("viewer").email, role: "viewer", password: "a-long-enough-password" },
    });
    expect(made.status()).toBe(201);
    await page.goto("/settings/members");
    await expectNoOverflow(page);
    const selects = page.getByRole("table", { name: "Members" }).getByRole("combobox");
    await expect(selects.first()).toBeVisible();
    for (const select of await selects.all()) {
      const box = (await select.boundingBox())!;
      expect(box.width).toBeGreaterThanOrEqual(96);
      expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    }
  });
});

test("on a desktop the sidebar stays in view at the bottom of a long page", async ({ admin: page }) => {
  await page.setViewportSize(DESKTOP);
  await page.goto("/api-docs");
  await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeGreaterThan(DESKTOP.height * 2);
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(DESKTOP.height);
  const link = mainNav(page).getByRole("link", { name: "Credentials" });
  const box = (await link.boundingBox())!;
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.y + box.height).toBeLessThanOrEqual(DESKTOP.height);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeInViewport();
});

test("the dashboard shows brand logos as images, and Other for a credential without a component", async ({
  admin: page,
}) => {
  const made = await page.request.post("/api/v1/api-keys", { headers: writeHeaders, data: { name: "logos" } });
  const { key } = ((await made.json()) as { data: { key: string } }).data;
  for (const data of [
    { name: uniqueName("GitHub token"), type: "BEARER", componentId: "github", value: { token: "t" }, verify: false },
    { name: uniqueName("Loose token"), type: "BEARER", value: { token: "t" }, verify: false },
  ]) {
    const res = await page.request.post("/api/v1/secrets", { headers: { Authorization: `Bearer ${key}` }, data });
    expect(res.status(), await res.text()).toBe(201);
  }
  await page.goto("/");
  const github = page.getByRole("region", { name: "GitHub", exact: true });
  const logo = github.locator('img[src="/logos/github.svg"]').first();
  await expect(logo).toBeVisible();
  expect(await logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  const other = page.getByRole("region", { name: "Other", exact: true });
  await expect(other.locator('img[src="/logos/other.svg"]').first()).toBeVisible();
  await expect(page.getByText("NC", { exact: true })).toHaveCount(0);
});

test("at 1280 px the columns of two groups line up", async ({ admin: page }) => {
  await page.setViewportSize(DESKTOP);
  const made = await page.request.post("/api/v1/api-keys", { headers: writeHeaders, data: { name: "columns" } });
  const { key } = ((await made.json()) as { data: { key: string } }).data;
  // Names of very different lengths, so content-sized columns would differ from group to group.
  for (const data of [
    { name: "G", type: "BEARER", componentId: "github", value: { token: "t" }, verify: false },
    {
      name: uniqueName("An OpenAI key with a long name that would widen an auto-sized column"),
      type: "BEARER",
      componentId: "openai",
      value: { token: "t" },
      verify: false,
    },
  ]) {
    const res = await page.request.post("/api/v1/secrets", {
      headers: { Authorization: `Bearer ${key}` },
      data,
    });
    expect(res.status(), await res.text()).toBe(201);
  }
  await page.goto("/");
  const headers = (group: string) => page.getByRole("region", { name: group, exact: true }).getByRole("columnheader");
  await expect(headers("GitHub")).toHaveCount(8);
  const boxes = async (group: string) =>
    Promise.all((await headers(group).all()).map(async (h) => [await h.textContent(), await h.boundingBox()] as const));
  const github = await boxes("GitHub");
  const openai = await boxes("OpenAI");
  expect(openai.map(([label]) => label)).toEqual(github.map(([label]) => label));
  for (const [i, [label, box]] of github.entries()) {
    expect(Math.abs(openai[i][1]!.x - box!.x), `${label} starts at the same x`).toBeLessThanOrEqual(0.5);
    expect(Math.abs(openai[i][1]!.width - box!.width), `${label} has the same width`).toBeLessThanOrEqual(0.5);
  }
});
