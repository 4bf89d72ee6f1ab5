import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Locator, Page } from "@playwright/test";
import { catalogue, getComponent } from "../lib/components";
import { startSlowApi, type SlowApi } from "../tests/support/slow-api";
import { expect, test } from "./fixtures";
import { uniqueName, writeHeaders } from "./fixtures/credentials";

/*
 * Issue 15 parts 1, 4 and 6, the rest: the detail page's Test connection shows the seconds
 * and a Cancel, explains a blocked address and never moves Edit/Delete; every way to add a
 * credential links to the provider's docs; each Needs-attention count opens exactly its
 * credentials.
 */

async function post(page: Page, data: Record<string, unknown>): Promise<string> {
  const res = await page.request.post("/api/v1/secrets", { headers: writeHeaders, data });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { data: { id: string } }).data.id;
}

/** An HTTP API bearer credential at `baseUrl`, stored without its dry run. */
const httpApi = (page: Page, name: string, baseUrl: string) =>
  post(page, {
    name,
    type: "BEARER",
    componentId: "http-api",
    config: { baseUrl, testPath: "/me" },
    value: { token: "detail-page-token" },
    verify: false,
  });

/** Where an element sits in the page (not the viewport: clicking may scroll). */
const place = (l: Locator) =>
  l.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { x: r.left + window.scrollX, y: r.top + window.scrollY };
  });

test.describe("the detail page's Test connection", () => {
  let slow: SlowApi;
  test.beforeAll(async () => {
    slow = await startSlowApi();
  });
  test.afterAll(async () => {
    await slow.close();
  });

  test("shows the seconds and a Cancel, and the result never moves Edit or Delete", async ({ admin: page }) => {
    const id = await httpApi(page, uniqueName("Slow API"), slow.url);
    await page.goto(`/credentials/${id}`);
    const actions = page.getByRole("region", { name: "Actions" });
    const test = actions.getByRole("button", { name: "Test connection" });
    const edit = actions.getByRole("link", { name: "Edit" });
    const remove = actions.getByRole("button", { name: "Delete" });
    await expect(test).toBeEnabled();
    const before = { edit: await place(edit), remove: await place(remove) };

    const arrived = slow.count();
    await test.click();
    await slow.arrived(arrived + 1);
    await expect(actions.getByRole("status").filter({ hasText: "Testing the connection…" })).toBeVisible();
    const timer = actions.getByRole("timer", { name: "Elapsed time" });
    await expect(timer).toHaveText("0 s");
    await expect(timer).toHaveText("2 s", { timeout: 4_000 });
    expect({ edit: await place(edit), remove: await place(remove) }).toEqual(before);
    await actions.getByRole("button", { name: "Cancel test" }).click();
    await expect(actions.getByRole("status").filter({ hasText: "Test cancelled" })).toContainText(
      "Stopped waiting for the answer",
    );
    await expect(timer).toHaveCount(0);
    await expect(test).toBeEnabled();
    expect({ edit: await place(edit), remove: await place(remove) }).toEqual(before);

    // Again, and this time the API answers: the result sits below the row.
    await test.click();
    await slow.arrived(arrived + 2);
    slow.release();
    await expect(actions.getByRole("status").filter({ hasText: "Test passed" })).toContainText(
      "The credentials work (200)",
    );
    expect({ edit: await place(edit), remove: await place(remove) }).toEqual(before);
  });

  test("a blocked address is explained, with OUTBOUND_ALLOW_HOSTS", async ({ admin: page }) => {
    // The e2e server allows only loopback (OUTBOUND_ALLOW_HOSTS=127.0.0.1,localhost): 10/8 is private.
    const id = await httpApi(page, uniqueName("Internal API"), "http://10.20.30.40");
    await page.goto(`/credentials/${id}`);
    const actions = page.getByRole("region", { name: "Actions" });
    await actions.getByRole("button", { name: "Test connection" }).click();
    const result = actions.getByRole("status").filter({ hasText: "Test failed" });
    await expect(result).toContainText("That address is not allowed (private or internal network)");
    await expect(result).toContainText("Private, loopback and link-local addresses");
    await expect(result).toContainText("OUTBOUND_ALLOW_HOSTS");
  });
});

test.describe("docs links", () => {
  const docs = (scope: Locator, app: string, oauth = false) =>
    scope.getByRole("link", { name: `Where do I find this? ${app}'s ${oauth ? "OAuth " : ""}documentation` });

  test("the edit form links to the provider's docs, in a new tab", async ({ admin: page }) => {
    const id = await httpApi(page, uniqueName("Docs API"), "http://127.0.0.1:9");
    await page.goto(`/credentials/${id}/edit`);
    const link = docs(page.getByRole("form", { name: /^Edit / }), "HTTP API");
    await expect(link).toHaveAttribute("href", getComponent("http-api")!.docsUrl);
    await expect(link).toHaveAttribute("target", "_blank");
    await expect(link).toHaveAttribute("rel", "noopener noreferrer");
  });

  test("the OAuth Connect panel links to the provider's OAuth docs", async ({ admin: page }) => {
    const slack = getComponent("slack")!;
    await page.goto("/credentials/new?component=slack");
    const panel = page.getByRole("region", { name: "Connect with OAuth" });
    await expect(docs(panel, "Slack", true)).toHaveAttribute("href", slack.oauth!.oauthDocsUrl!);
  });

  test("the auth-client form links to the picked component's OAuth docs, else its docs", async ({ admin: page }) => {
    await page.goto("/settings/auth-clients/new?component=slack");
    const form = page.getByRole("form", { name: "New auth client" });
    await expect(docs(form, "Slack", true)).toHaveAttribute("href", getComponent("slack")!.oauth!.oauthDocsUrl!);
    // Another component: the link follows the pick. One without OAuth docs gets its general docs.
    const plain = catalogue.find(
      (e) =>
        e.id !== "custom-oauth2" &&
        e.authTypes.includes("OA2_AUTHORIZATION_CODE") &&
        e.oauth?.authorizationUrl &&
        !e.oauth.oauthDocsUrl,
    )!;
    await form.getByLabel("Component").selectOption(plain.id);
    await expect(docs(form, plain.name, true)).toHaveAttribute("href", plain.docsUrl);
    await expect(docs(form, "Slack", true)).toHaveCount(0);
    // Custom OAuth2 has no provider to look up.
    await form.getByLabel("Component").selectOption("custom-oauth2");
    await expect(form.getByRole("link", { name: /^Where do I find this\?/ })).toHaveCount(0);
  });
});

test.describe("Needs attention", () => {
  let server: Server;
  let rejectingUrl: string;
  test.beforeAll(async () => {
    // An API on 127.0.0.1 that rejects every token: a check makes a credential fail.
    server = createServer((_req, res) => res.writeHead(401, { "content-type": "application/json" }).end("{}"));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    rejectingUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  test.afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
  });

  test("each count links to a list of exactly those credentials", async ({ admin: page }) => {
    const passedIn = (name: string, inDays: number) =>
      post(page, {
        name,
        type: "OA2_AUTHORIZATION_CODE",
        value: { accessToken: "at", expires: new Date(Date.now() + inDays * 86_400_000).toISOString() },
      });
    const expired = uniqueName("Yesterday's token");
    await passedIn(expired, -1);
    const soon = uniqueName("Three-day token");
    await passedIn(soon, 3);
    const healthy = uniqueName("Month token");
    await passedIn(healthy, 30);
    const failing = uniqueName("Rejected API");
    const failingId = await httpApi(page, failing, rejectingUrl);
    const check = await page.request.post(`/api/v1/secrets/${failingId}/verify`, { headers: writeHeaders });
    expect(check.status()).toBe(200);

    const all = [expired, soon, healthy, failing];
    const rows = page.getByRole("row");
    const listed = async () => {
      await expect(page.getByRole("heading", { level: 1, name: "Credentials" })).toBeVisible();
      const shown: string[] = [];
      for (const name of all) if ((await rows.filter({ hasText: name }).count()) > 0) shown.push(name);
      return shown;
    };

    for (const [link, url, only] of [
      ["1 expired", "/?status=expired", expired],
      ["1 failing", "/?status=error", failing],
      ["1 expiring soon", "/?status=expiring", soon],
    ] as const) {
      await page.goto("/");
      const summary = page.getByRole("region", { name: "Needs attention" });
      await summary.getByRole("link", { name: link, exact: true }).click();
      await expect(page).toHaveURL(url);
      await expect(rows.filter({ hasText: only })).toBeVisible();
      expect(await listed(), link).toEqual([only]);
    }
    // The Status filter offers the same view.
    await expect(page.getByLabel("Status")).toHaveValue("expiring");
  });
});

test("the embed tells an end user a blocked address is not allowed and whom to ask, without the operator's setting", async ({
  admin,
  browser,
}) => {
  const key = await admin.request.post("/api/v1/api-keys", { headers: writeHeaders, data: { name: "backend" } });
  expect(key.status()).toBe(201);
  const auth = { Authorization: `Bearer ${((await key.json()) as { data: { key: string } }).data.key}` };
  const username = uniqueName("cust").replace(" ", "-");
  // One connection already stored (unchecked) at a private address, for the list's Test.
  const stored = await admin.request.post(`/api/v1/secrets?username=${username}`, {
    headers: auth,
    data: {
      name: "Intranet",
      type: "API_KEY",
      componentId: "http-api",
      config: { baseUrl: "http://10.20.30.40", testPath: "/check" },
      value: { key: "intranet-key" },
      verify: false,
    },
  });
  expect(stored.status(), await stored.text()).toBe(201);
  const minted = await admin.request.post("/api/v1/connect-sessions", { headers: auth, data: { username } });
  expect(minted.status(), await minted.text()).toBe(201);
  // A context of its own: the end user has no dashboard session.
  const context = await browser.newContext();
  try {
    const embed = await context.newPage();
    await embed.goto(((await minted.json()) as { data: { url: string } }).data.url);

    await embed.getByRole("listitem", { name: "Intranet" }).getByRole("button", { name: "Test" }).click();
    const tested = embed.getByRole("status").filter({ hasText: '"Intranet" failed its test' });
    await expect(tested).toContainText("That address is not allowed");
    await expect(tested).toContainText("contact the support of the app that sent you here");
    await expect(tested).not.toContainText("OUTBOUND_ALLOW_HOSTS");

    await embed.getByRole("button", { name: "Add connection" }).click();
    await embed.getByRole("searchbox", { name: "Search apps" }).fill("HTTP API");
    await embed
      .getByRole("list", { name: "Choose an app" })
      .getByRole("button", { name: /^HTTP API/ })
      .click();
    await embed.getByRole("button", { name: /^API key/ }).click();
    await embed.getByRole("textbox", { name: "Name", exact: true }).fill("Intranet 2");
    await embed.getByRole("textbox", { name: "Base URL" }).fill("http://10.20.30.41");
    await embed.getByLabel("API key", { exact: true }).fill("intranet-key-2");
    await embed.getByRole("button", { name: "Test & save" }).click();
    const failure = embed.getByRole("alert").filter({ hasText: "The connection test failed" });
    await expect(failure).toContainText("That address is not allowed");
    await expect(failure).toContainText("Nothing was saved.");
    await expect(failure).toContainText("contact the support of the app that sent you here");
    await expect(failure).not.toContainText("OUTBOUND_ALLOW_HOSTS");
  } finally {
    await context.close();
  }
});
