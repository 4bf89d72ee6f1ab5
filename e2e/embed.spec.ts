import type { APIRequestContext, Browser, FrameLocator, Page } from "@playwright/test";
import { GOOD } from "../tests/fakes/fake-api";
import { startOidcServer, type OidcServer } from "../tests/fakes/oidc-server";
import { bearer, startHostPage, uniqueId, type Backend, type HostPage } from "./fixtures/host-page";
import { writeHeaders } from "./fixtures/credentials";
import { expect, test } from "./fixtures";

// The embeddable connect UI (issue 11) in Chromium: a tenant's page on another origin
// (127.0.0.2) mounts /embed with public/embed.js and hears its events; the tenant's backend
// mints the sessions and reads what the end user connected. OAuth runs against oidc-provider.

let host: HostPage; // on the tenant's embed allowlist
let stranger: HostPage; // another origin, on no list
let op: OidcServer;

test.beforeAll(async ({ baseURL }) => {
  host = await startHostPage(baseURL!);
  stranger = await startHostPage(baseURL!);
  op = await startOidcServer({ redirectUri: `${baseURL}/api/v1/callback` });
});
test.afterAll(async () => {
  await host?.close();
  await stranger?.close();
  await op?.close();
});

/** Settings › Embed for the tenant, and an API key for its backend (through the admin's session). */
async function backendFor(
  admin: Page,
  request: APIRequestContext,
  settings: Record<string, unknown>,
): Promise<Backend> {
  const s = await admin.request.patch("/api/v1/settings", { headers: writeHeaders, data: settings });
  expect(s.status(), await s.text()).toBe(200);
  const k = await admin.request.post("/api/v1/api-keys", { headers: writeHeaders, data: { name: "backend" } });
  expect(k.status()).toBe(201);
  return { key: (await k.json()).data.key, request };
}

/** POST /connect-sessions as the tenant's backend. */
async function mint(b: Backend, body: Record<string, unknown>) {
  const r = await b.request.post("/api/v1/connect-sessions", { headers: bearer(b.key), data: body });
  expect(r.status(), await r.text()).toBe(201);
  return (await r.json()).data as { id: string; token: string; url: string };
}

async function userTokenFor(b: Backend, username: string): Promise<string> {
  const r = await b.request.post("/api/v1/impersonate", { headers: bearer(b.key), data: { username } });
  expect(r.status()).toBe(200);
  return (await r.json()).token;
}

/** A credential stored by the backend for an end user, proved against the fake API. */
async function storeFor(b: Backend, username: string, body: Record<string, unknown>) {
  const r = await b.request.post(`/api/v1/secrets?username=${username}`, { headers: bearer(b.key), data: body });
  expect(r.status(), await r.text()).toBe(201);
  return (await r.json()).data.id as string;
}

/** A new browser context (no dashboard cookies at all) on the host page with the embed mounted. */
async function openHost(browser: Browser, at: HostPage, url: string, opts: { modal?: boolean } = {}) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const q = new URLSearchParams({ url, ...(opts.modal ? { modal: "1" } : {}) });
  await page.goto(`${at.origin}/host.html?${q}`);
  return { page, context, embed: page.frameLocator('iframe[title="Connect your apps"]') };
}

type HostEvent = { source: string; type: string; secretId?: string; componentId?: string; code?: string };
const events = (page: Page) => page.evaluate(() => (window as unknown as { __events: HostEvent[] }).__events);
const eventOf = async (page: Page, type: string) => {
  await expect.poll(async () => (await events(page)).map((e) => e.type)).toContain(type);
  return (await events(page)).find((e) => e.type === type)!;
};

async function addHttpApiKey(embed: FrameLocator, name: string, baseUrl: string, key: string) {
  await embed.getByRole("textbox", { name: "Name", exact: true }).fill(name);
  await embed.getByRole("textbox", { name: "Base URL" }).fill(baseUrl);
  await embed.getByRole("textbox", { name: /^Test path/ }).fill("/check");
  await embed.getByLabel("API key", { exact: true }).fill(key);
  await embed.getByRole("button", { name: "Test & save" }).click();
}

async function chooseApp(embed: FrameLocator | Page, app: string) {
  await embed.getByRole("button", { name: "Add connection" }).click();
  await embed.getByRole("searchbox", { name: "Search apps" }).fill(app);
  await embed
    .getByRole("list", { name: "Choose an app" })
    .getByRole("button", { name: new RegExp(`^${app}`) })
    .click();
}

/** An auth client for Custom OAuth2 at the test provider. */
async function oauthClient(admin: Page) {
  const r = await admin.request.post("/api/v1/auth-clients", {
    headers: writeHeaders,
    data: {
      name: "Test IdP",
      componentId: "custom-oauth2",
      clientId: op.clientId,
      clientSecret: op.clientSecret,
      endpoints: { auth: op.endpoints.auth, token: op.endpoints.token, userinfo: op.endpoints.userinfo },
      scopes: ["openid", "email"],
      issuer: op.issuer,
    },
  });
  expect(r.status(), await r.text()).toBe(201);
}

/** oidc-provider's development sign-in and consent pages. */
async function signInAtProvider(page: Page, login: string) {
  await page.getByPlaceholder("Enter any login").fill(login);
  await page.getByPlaceholder("and password").fill("any-password");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
}

test("an end user adds an API-key credential inside the iframe; the host hears connection.created and the backend reads it", async ({
  admin,
  request,
  browser,
  fakeApi,
}) => {
  const b = await backendFor(admin, request, {
    embedOrigins: [host.origin],
    branding: { name: "Acme Host", accentColor: "#0f766e" },
  });
  const username = uniqueId("cust");
  const session = await mint(b, { username, origin: host.origin });
  const { page, context, embed } = await openHost(browser, host, session.url);

  expect((await eventOf(page, "ready")).source).toBe("integration-center");
  await expect(embed.getByText("Acme Host")).toBeVisible();
  await expect(embed.getByText("You have not connected any apps yet.")).toBeVisible();
  // The token left the address bar once it was in memory.
  const frame = page.frames().find((f) => f.url().includes("/embed"))!;
  expect(frame.url()).not.toContain("session=");

  await chooseApp(embed, "HTTP API");
  await embed.getByRole("button", { name: /^API key/ }).click();
  // A key the fake API refuses: the dry run fails, nothing is stored, the host hears why.
  await addHttpApiKey(embed, "Billing", fakeApi.url, "wrong-key");
  await expect(embed.getByRole("alert").filter({ hasText: "The connection test failed" })).toBeVisible();
  expect((await eventOf(page, "connection.failed")).code).toBe("verification_failed");
  await embed.getByLabel("API key", { exact: true }).fill(GOOD.apiKey);
  await embed.getByRole("button", { name: "Test & save" }).click();

  const group = embed.getByRole("region", { name: "HTTP API" });
  await expect(group.getByRole("listitem", { name: "Billing" })).toBeVisible();
  await expect(group.getByText("Active", { exact: true })).toBeVisible();
  const created = await eventOf(page, "connection.created");
  expect(created).toMatchObject({ componentId: "http-api", secretId: expect.stringMatching(/^[0-9a-f-]{36}$/) });

  // The tenant's backend reads exactly that secret with a user token for the same username.
  const token = await userTokenFor(b, username);
  const read = await request.get(`/api/v1/secrets/${created.secretId}`, { headers: bearer(token) });
  expect(read.status()).toBe(200);
  const secret = (await read.json()).data;
  expect(secret).toMatchObject({ name: "Billing", type: "API_KEY", componentId: "http-api" });
  expect(secret.value.key).toBe(GOOD.apiKey);
  // Events carry ids, never a value.
  expect(JSON.stringify(await events(page))).not.toContain(GOOD.apiKey);

  // Test and delete from the iframe, each reported to the host.
  const row = group.getByRole("listitem", { name: "Billing" });
  await row.getByRole("button", { name: "Test" }).click();
  await expect(embed.getByRole("status").filter({ hasText: '"Billing" works.' })).toBeVisible();
  expect((await eventOf(page, "connection.updated")).secretId).toBe(created.secretId);
  await row.getByRole("button", { name: "Delete" }).click();
  await row.getByRole("button", { name: "Delete connection" }).click();
  await expect(embed.getByText("You have not connected any apps yet.")).toBeVisible();
  expect((await eventOf(page, "connection.deleted")).secretId).toBe(created.secretId);
  expect((await request.get(`/api/v1/secrets/${created.secretId}`, { headers: bearer(token) })).status()).toBe(404);
  await context.close();
});

test("pick mode lists the end user's credentials for the component and posts connection.selected", async ({
  admin,
  request,
  browser,
  fakeApi,
}) => {
  const b = await backendFor(admin, request, { embedOrigins: [host.origin] });
  const username = uniqueId("builder");
  const config = { baseUrl: fakeApi.url, testPath: "/check" };
  const first = await storeFor(b, username, {
    name: "Main API",
    type: "API_KEY",
    componentId: "http-api",
    config,
    value: { key: GOOD.apiKey },
  });
  const second = await storeFor(b, username, {
    name: "Backup API",
    type: "BEARER",
    componentId: "http-api",
    config,
    value: { token: GOOD.bearer },
  });
  await storeFor(b, username, {
    name: "Not this one",
    type: "BEARER",
    componentId: "openai",
    value: { token: "sk-x" },
    verify: false,
  });
  await storeFor(b, uniqueId("someone-else"), {
    name: "Other user",
    type: "BEARER",
    componentId: "http-api",
    config,
    value: { token: GOOD.bearer },
  });
  const session = await mint(b, { username });
  const { page, context, embed } = await openHost(browser, host, `${session.url}&mode=pick&component=http-api`);

  await eventOf(page, "ready");
  const list = embed.getByRole("list", { name: "Choose your HTTP API connection" });
  await expect(list.getByRole("listitem")).toHaveCount(2);
  await expect(list.getByRole("listitem", { name: "Main API" }).getByText("Active", { exact: true })).toBeVisible();
  await expect(list.getByRole("listitem", { name: "Backup API" })).toBeVisible();
  await embed.getByRole("button", { name: 'Use "Backup API"' }).click();
  expect(await eventOf(page, "connection.selected")).toMatchObject({ secretId: second, componentId: "http-api" });
  expect(first).not.toBe(second);

  // "Add new" proves the new credential before it is in the list to choose.
  await embed.getByRole("button", { name: "Add new" }).click();
  await embed.getByRole("button", { name: /^API key/ }).click();
  await addHttpApiKey(embed, "Fresh API", fakeApi.url, GOOD.apiKey);
  await expect(list.getByRole("listitem")).toHaveCount(3);
  const created = await eventOf(page, "connection.created");
  await embed.getByRole("button", { name: 'Use "Fresh API"' }).click();
  await expect
    .poll(async () => (await events(page)).filter((e) => e.type === "connection.selected").at(-1)?.secretId)
    .toBe(created.secretId);
  await context.close();
});

test("OAuth in a popup from inside the iframe completes against oidc-provider and updates the iframe", async ({
  admin,
  request,
  browser,
}) => {
  const b = await backendFor(admin, request, { embedOrigins: [host.origin] });
  await oauthClient(admin);
  const username = uniqueId("oauth");
  const session = await mint(b, { username, origin: host.origin });
  const { page, context, embed } = await openHost(browser, host, session.url);
  await eventOf(page, "ready");

  await chooseApp(embed, "Custom OAuth2");
  const popupOpened = page.waitForEvent("popup");
  await embed.getByRole("button", { name: "Connect Custom OAuth2" }).click();
  const popup = await popupOpened;
  await expect(embed.getByRole("status").filter({ hasText: "finish signing in in the new window" })).toBeVisible();
  const popupClosed = popup.waitForEvent("close"); // before signing in: the popup may close first
  await signInAtProvider(popup, "embed-account");
  await popupClosed;

  const group = embed.getByRole("region", { name: "Custom OAuth2" });
  await expect(group.getByRole("listitem")).toHaveCount(1);
  await expect(group.getByText("Active", { exact: true })).toBeVisible();
  const created = await eventOf(page, "connection.created");
  expect(created.componentId).toBe("custom-oauth2");
  const token = await userTokenFor(b, username);
  const read = await request.get(`/api/v1/secrets/${created.secretId}`, { headers: bearer(token) });
  expect(read.status()).toBe(200);
  const first = (await read.json()).data.value;
  expect(first).toMatchObject({ externalId: "embed-account", accessToken: expect.any(String) });

  // Re-authorize from the iframe keeps the id and stores new tokens; the host hears connection.updated.
  const again = page.waitForEvent("popup");
  await group.getByRole("listitem").getByRole("button", { name: "Re-authorize" }).click();
  const second = await again;
  const closed = second.waitForEvent("close");
  // The provider remembers the sign-in, and may ask to confirm.
  await second
    .getByRole("button", { name: "Continue" })
    .click({ timeout: 3000 })
    .catch(() => {});
  await closed;
  await expect(embed.getByRole("status").filter({ hasText: "Re-authorized." }).first()).toBeVisible();
  expect((await eventOf(page, "connection.updated")).secretId).toBe(created.secretId);
  await expect(group.getByRole("listitem")).toHaveCount(1);
  const reread = await request.get(`/api/v1/secrets/${created.secretId}`, { headers: bearer(token) });
  expect((await reread.json()).data.value.accessToken).not.toBe(first.accessToken);
  await context.close();
});

test("redirect mode: the whole page goes through the provider and lands on returnTo", async ({
  admin,
  request,
  browser,
}) => {
  const b = await backendFor(admin, request, { embedOrigins: [host.origin], returnUrlOrigins: [host.origin] });
  await oauthClient(admin);
  const username = uniqueId("mobile");
  const session = await mint(b, { username });
  const context = await browser.newContext();
  const page = await context.newPage();

  // A return address off the allowlist is refused before anything starts.
  await page.goto(`${session.url}&mode=redirect&returnTo=${encodeURIComponent(`${stranger.origin}/done`)}`);
  await expect(page.getByRole("heading", { name: "This link's return address is not allowed." })).toBeVisible();

  // The connect link opened on its own, as a webview would.
  const returnTo = `${host.origin}/done`;
  await page.goto(`${session.url}&mode=redirect&returnTo=${encodeURIComponent(returnTo)}`);
  await chooseApp(page, "Custom OAuth2");
  await page.getByRole("button", { name: "Connect Custom OAuth2" }).click();
  await signInAtProvider(page, "webview-account");
  await expect(page).toHaveURL(new RegExp(`^${host.origin}/done\\?secretId=[0-9a-f-]{36}$`));
  const secretId = new URL(page.url()).searchParams.get("secretId")!;
  const token = await userTokenFor(b, username);
  const read = await request.get(`/api/v1/secrets/${secretId}`, { headers: bearer(token) });
  expect(read.status()).toBe(200);
  expect((await read.json()).data.value.externalId).toBe("webview-account");
  await context.close();
});

test("the connect link works as a full page at 360 px, by keyboard alone", async ({
  admin,
  request,
  browser,
  fakeApi,
}) => {
  const b = await backendFor(admin, request, { embedOrigins: [host.origin] });
  const session = await mint(b, { username: uniqueId("phone"), components: ["http-api"] });
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  await page.goto(`${session.url}&theme=dark`);
  await expect(page.getByRole("button", { name: "Add connection" })).toBeEnabled();
  await expect(page.locator(".ic-embed")).toHaveAttribute("data-theme", "dark");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  // Not framed and not opened by a page: nobody to close it for.
  await expect(page.getByRole("button", { name: "Close" })).toHaveCount(0);

  await page.getByRole("button", { name: "Add connection" }).focus();
  await page.keyboard.press("Enter");
  // The only app of this session opens its type choice; Tab reaches each choice.
  await page.getByRole("button", { name: /^HTTP API/ }).press("Enter");
  await page.getByRole("button", { name: /^Bearer/ }).press("Enter");
  await page.getByRole("textbox", { name: "Name", exact: true }).focus();
  await page.keyboard.type("Phone API");
  await page.keyboard.press("Tab");
  await page.keyboard.type(fakeApi.url);
  await page.keyboard.press("Tab");
  await page.keyboard.press("Control+a");
  await page.keyboard.type("/check");
  await page.getByLabel("Token", { exact: true }).fill(GOOD.bearer);
  await page.getByLabel("Token", { exact: true }).press("Enter");
  await expect(
    page.getByRole("region", { name: "HTTP API" }).getByRole("listitem", { name: "Phone API" }),
  ).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await context.close();
});

test("a page outside the allowlist cannot frame /embed: the CSP names the allowed origin and the frame is blocked", async ({
  admin,
  request,
  browser,
}) => {
  const b = await backendFor(admin, request, { embedOrigins: [host.origin] });
  const session = await mint(b, { username: uniqueId("framed") });
  const context = await browser.newContext();
  const page = await context.newPage();
  const embedResponse = page.waitForResponse((r) => r.url().startsWith(session.url));
  await page.goto(`${stranger.origin}/host.html?${new URLSearchParams({ url: session.url })}`);
  const res = await embedResponse;
  expect(res.headers()["content-security-policy"]).toBe(`frame-ancestors ${host.origin}`);
  expect(res.headers()["x-frame-options"]).toBeUndefined();
  expect(res.headers()["referrer-policy"]).toBe("no-referrer");
  // Chromium replaces a refused frame with its error page: nothing of ours renders or reports.
  await expect.poll(() => page.frames().map((f) => f.url())).toContain("chrome-error://chromewebdata/");
  await expect(page.frameLocator("iframe").first().getByRole("heading", { name: "Connect your apps" })).toHaveCount(0);
  expect(await events(page)).toEqual([]);

  // Every other page keeps frame-ancestors 'none'; an ended session gets 'none' too.
  const other = await request.get("/login");
  expect(other.headers()["content-security-policy"]).toBe("frame-ancestors 'none'");
  expect(other.headers()["x-frame-options"]).toBe("DENY");
  const end = await request.delete(`/api/v1/connect-sessions/${session.id}`, { headers: bearer(b.key) });
  expect(end.status()).toBe(204);
  expect((await request.get(session.url)).headers()["content-security-policy"]).toBe("frame-ancestors 'none'");
  await context.close();
});

test("a message from a foreign origin changes nothing; the host's own command does", async ({
  admin,
  request,
  browser,
}) => {
  const b = await backendFor(admin, request, { embedOrigins: [host.origin] });
  const session = await mint(b, { username: uniqueId("msg"), origin: host.origin });
  const { page, context, embed } = await openHost(browser, host, session.url);
  await eventOf(page, "ready");
  const root = embed.locator(".ic-embed");
  await expect(root).toHaveAttribute("data-theme", "light");

  // Record what reaches the embed's window, to know the foreign message really arrived.
  const frame = page.frames().find((f) => f.url().startsWith(new URL(session.url).origin))!;
  await frame.evaluate(() => {
    const w = window as unknown as { __seen: string[] };
    w.__seen = [];
    window.addEventListener("message", (e) => w.__seen.push(e.origin));
  });
  await page.evaluate(
    (src) => (window as unknown as { addFrame: (s: string) => void }).addFrame(src),
    `${stranger.origin}/foreign.html`,
  );
  await expect
    .poll(() => frame.evaluate(() => (window as unknown as { __seen: string[] }).__seen))
    .toContain(stranger.origin);
  await expect(root).toHaveAttribute("data-theme", "light");

  await page.evaluate(() =>
    (window as unknown as { __handle: { send: (m: object) => void } }).__handle.send({
      command: "theme",
      theme: "dark",
    }),
  );
  await expect(root).toHaveAttribute("data-theme", "dark");

  // The tenant ends the session; the next call the page makes (a refresh the host asks for) ends the UI.
  const end = await request.delete(`/api/v1/connect-sessions/${session.id}`, { headers: bearer(b.key) });
  expect(end.status()).toBe(204);
  await page.evaluate(() =>
    (window as unknown as { __handle: { send: (m: object) => void } }).__handle.send({ command: "refresh" }),
  );
  await expect(embed.getByRole("heading", { name: "This connect session has ended or is not valid." })).toBeVisible();
  await context.close();
});

test("the API refuses what a session may not do: forged or ended tokens, values, other users, other components", async ({
  admin,
  request,
  fakeApi,
}) => {
  const b = await backendFor(admin, request, { embedOrigins: [host.origin] });
  const config = { baseUrl: fakeApi.url, testPath: "/check" };
  const mine = await storeFor(b, "user-a", {
    name: "A's",
    type: "BEARER",
    componentId: "http-api",
    config,
    value: { token: GOOD.bearer },
  });
  const theirs = await storeFor(b, "user-b", {
    name: "B's",
    type: "BEARER",
    componentId: "http-api",
    config,
    value: { token: GOOD.bearer },
  });
  const session = await mint(b, { username: "user-a", components: ["http-api"] });
  const as = bearer(session.token);

  for (const token of [`ics_${"A".repeat(43)}`, "ics_short", `${session.token}x`]) {
    expect((await request.get("/api/v1/secrets", { headers: bearer(token) })).status(), token).toBe(401);
  }
  const list = await request.get("/api/v1/secrets", { headers: as });
  expect(list.status()).toBe(200);
  expect((await list.json()).data.map((s: { id: string }) => s.id)).toEqual([mine]);
  expect((await request.get(`/api/v1/secrets/${mine}`, { headers: as })).status()).toBe(403);
  expect((await request.get(`/api/v1/secrets/${mine}/request-auth`, { headers: as })).status()).toBe(403);
  expect((await request.delete(`/api/v1/secrets/${theirs}`, { headers: as })).status()).toBe(404);
  const outside = await request.post("/api/v1/secrets", {
    headers: as,
    data: { name: "Nope", type: "BEARER", componentId: "openai", value: { token: "sk-x" } },
  });
  expect(outside.status()).toBe(403);

  const end = await request.delete(`/api/v1/connect-sessions/${session.id}`, { headers: bearer(b.key) });
  expect(end.status()).toBe(204);
  expect((await request.get("/api/v1/secrets", { headers: as })).status()).toBe(401);
});

test("events go to the session's exact origin only: a page elsewhere that opens the connect link hears nothing", async ({
  admin,
  request,
  browser,
}) => {
  const b = await backendFor(admin, request, { embedOrigins: [host.origin] });
  const session = await mint(b, { username: uniqueId("opener") });
  type Raw = { origin: string; data: { source?: string; type?: string } };
  const heard = (p: Page) =>
    p.evaluate(() =>
      (window as unknown as { __raw: Raw[] }).__raw.filter((m) => m.data?.source === "integration-center"),
    );

  for (const [at, expected] of [
    [stranger, 0],
    [host, 1],
  ] as const) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${at.origin}/host.html`);
    const opened = page.waitForEvent("popup");
    await page.evaluate(
      (url) => (window as unknown as { openWindow: (u: string) => void }).openWindow(url),
      session.url,
    );
    const win = await opened;
    // The embed has loaded its connections, which is when it says `ready`.
    await expect(win.getByRole("button", { name: "Add connection" })).toBeEnabled();
    if (expected === 0) {
      await win.waitForTimeout(1000);
      expect(await heard(page)).toEqual([]);
    } else {
      await expect.poll(async () => (await heard(page)).map((m) => m.data.type)).toEqual(["ready"]);
      expect((await heard(page))[0].origin).toBe(new URL(session.url).origin);
    }
    await context.close();
  }
});

test("without a container, embed.js opens a modal overlay that the embed's Close button closes", async ({
  admin,
  request,
  browser,
}) => {
  const b = await backendFor(admin, request, { embedOrigins: [host.origin] });
  const session = await mint(b, { username: uniqueId("modal"), origin: host.origin });
  const { page, context, embed } = await openHost(browser, host, session.url, { modal: true });
  const dialog = page.getByRole("dialog", { name: "Connect your apps" });
  await expect(dialog).toBeVisible();
  await eventOf(page, "ready");
  await embed.getByRole("button", { name: "Close", exact: true }).click();
  await eventOf(page, "close");
  await expect(dialog).toHaveCount(0);
  await context.close();
});
