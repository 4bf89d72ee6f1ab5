import AxeBuilder from "@axe-core/playwright";
import type { APIRequestContext, Browser, FrameLocator, Page } from "@playwright/test";
import { startLoginServer, type LoginServer } from "../tests/fakes/login-server";
import { startOidcServer, type OidcServer } from "../tests/fakes/oidc-server";
import { bearer, startHostPage, uniqueId, type Backend, type HostPage } from "./fixtures/host-page";
import { writeHeaders } from "./fixtures/credentials";
import { expectNoOverflow } from "./fixtures/layout";
import { expect, test } from "./fixtures";

// The embed connects with the tenant's session-auth recipe and its client-credentials client
// (docs/architecture.md › Embedding): a tenant page on 127.0.0.2 frames /embed, the end user
// logs in (a wrong password first) or presses Connect, the host hears the events, and the
// backend reads a working token. The login endpoint (tests/fakes/login-server.ts) and
// oidc-provider run here, on 127.0.0.1.

const PASSWORD = "embed-login-password-0123456789";
const CC = { clientId: "e2e-embed-machine", clientSecret: "e2e-embed-machine-secret-0123456789", scope: "api:read" };
let ls: LoginServer;
let op: OidcServer;
let host: HostPage;

test.beforeAll(async ({ baseURL }) => {
  ls = await startLoginServer({ accept: (r) => r.fields.username === "alice" && r.fields.password === PASSWORD });
  op = await startOidcServer({ redirectUri: `${baseURL}/api/v1/callback`, clientCredentials: CC });
  host = await startHostPage(baseURL!);
});
test.afterAll(async () => {
  await ls?.close();
  await op?.close();
  await host?.close();
});

/** The tenant's embed origin, its login recipe and client-credentials client, and an API key for its backend. */
async function setUp(admin: Page, request: APIRequestContext): Promise<Backend> {
  const post = async (path: string, data: Record<string, unknown>) => {
    const r = await admin.request.post(path, { headers: writeHeaders, data });
    expect(r.status(), await r.text()).toBe(201);
    return (await r.json()).data;
  };
  const s = await admin.request.patch("/api/v1/settings", {
    headers: writeHeaders,
    data: { embedOrigins: [host.origin], branding: { name: "Acme Host", accentColor: "#0f766e" } },
  });
  expect(s.status(), await s.text()).toBe(200);
  await post("/api/v1/auth-clients", {
    type: "SESSION_AUTH",
    name: "Acme login",
    componentId: "custom-session",
    fields: [
      { name: "username", label: "Username" },
      { name: "password", label: "Password", secret: true },
    ],
    endpoints: {
      auth: {
        url: ls.loginUrl,
        method: "POST",
        authType: "FORM_AUTH",
        requestFields: { username: "{{fields.username}}", password: "{{fields.password}}" },
      },
    },
    tokenPath: "data.token",
    expirationPath: "data.ttl",
  });
  await post("/api/v1/auth-clients", {
    type: "OA2_CLIENT_CREDENTIALS",
    name: "Machine API",
    componentId: "custom-oauth2",
    clientId: CC.clientId,
    clientSecret: CC.clientSecret,
    endpoints: { token: op.endpoints.token },
    scopes: [CC.scope],
  });
  const { key } = await post("/api/v1/api-keys", { name: "backend" });
  return { key, request };
}

async function mint(b: Backend, body: Record<string, unknown>) {
  const r = await b.request.post("/api/v1/connect-sessions", { headers: bearer(b.key), data: body });
  expect(r.status(), await r.text()).toBe(201);
  return (await r.json()).data as { id: string; token: string; url: string };
}

/** The value as the tenant's backend reads it, acting as the end user. */
async function readAs(b: Backend, username: string, id: string) {
  const t = await b.request.post("/api/v1/impersonate", { headers: bearer(b.key), data: { username } });
  expect(t.status()).toBe(200);
  const r = await b.request.get(`/api/v1/secrets/${id}`, { headers: bearer((await t.json()).token) });
  expect(r.status()).toBe(200);
  return (await r.json()).data;
}

/** A new browser context (no dashboard cookies) on the host page with the embed mounted. */
async function openHost(browser: Browser, url: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${host.origin}/host.html?${new URLSearchParams({ url })}`);
  return { page, context, embed: page.frameLocator('iframe[title="Connect your apps"]') };
}

type HostEvent = { source: string; type: string; secretId?: string; componentId?: string; code?: string };
const events = (page: Page) => page.evaluate(() => (window as unknown as { __events: HostEvent[] }).__events);
const eventOf = async (page: Page, type: string) => {
  await expect.poll(async () => (await events(page)).map((e) => e.type)).toContain(type);
  return (await events(page)).find((e) => e.type === type)!;
};

const pickApp = (embed: FrameLocator | Page, app: string) =>
  embed
    .getByRole("list", { name: "Choose an app" })
    .getByRole("button", { name: new RegExp(`^${app}`) })
    .click();

async function chooseApp(embed: FrameLocator | Page, app: string) {
  await embed.getByRole("button", { name: "Add connection" }).click();
  await pickApp(embed, app);
}

async function expectNoSeriousAxeViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect.soft(serious, page.url()).toEqual([]);
}

test("an end user logs in through the tenant's recipe inside the iframe: a wrong password is refused, the right one connects", async ({
  admin,
  request,
  browser,
}) => {
  const b = await setUp(admin, request);
  const username = uniqueId("cust");
  const session = await mint(b, { username, origin: host.origin, components: ["custom-session", "custom-oauth2"] });
  const { page, context, embed } = await openHost(browser, session.url);
  await eventOf(page, "ready");

  await chooseApp(embed, "Custom session auth");
  await expect(embed.getByRole("heading", { name: "Log in to Custom session auth" })).toBeVisible();
  const form = embed.getByRole("form", { name: "Custom session auth login" });
  await expect(form.getByRole("button", { name: "Log in & save" })).toBeEnabled();
  // The form is the recipe's: its password is a password input, and there is no workspace choice.
  await expect(form.getByLabel("Password")).toHaveAttribute("type", "password");
  await expect(form.getByLabel("Workspace")).toHaveCount(0);
  await form.getByLabel("Name", { exact: true }).fill("Acme for Alice");
  await form.getByLabel("Username").fill("alice");
  await form.getByLabel("Password").fill("wrong-password");
  await form.getByRole("button", { name: "Log in & save" }).click();

  const alert = form.getByRole("alert");
  await expect(alert).toContainText("The login failed");
  await expect(alert).toContainText("The login was refused. Check the details you entered and try again.");
  // The embed's own words, not the server's.
  await expect(alert).not.toContainText("401");
  const failed = await eventOf(page, "connection.failed");
  expect(failed).toMatchObject({ code: "verification_failed", componentId: "custom-session" });
  expect(ls.calls()).toBeGreaterThanOrEqual(1);

  await form.getByLabel("Password").fill(PASSWORD);
  await form.getByRole("button", { name: "Log in & save" }).click();
  const created = await eventOf(page, "connection.created");
  expect(created).toMatchObject({ source: "integration-center", componentId: "custom-session" });
  expect(created.secretId).toMatch(/^[0-9a-f-]{36}$/);
  await expect(embed.getByText('Connected "Acme for Alice".')).toBeVisible();
  await expect(
    embed.getByRole("region", { name: "Custom session auth" }).getByRole("listitem", { name: "Acme for Alice" }),
  ).toBeVisible();

  // The backend reads the token the login gave; neither it nor the password reached the page.
  const secret = await readAs(b, username, created.secretId!);
  expect(secret.workspace).toBe("production");
  expect(secret.value).toMatchObject({ accessToken: ls.issued.at(-1), inputFields: { username: "alice" } });
  const frameHtml = await embed.locator("html").innerHTML();
  expect(frameHtml).not.toContain(PASSWORD);
  expect(frameHtml).not.toContain(ls.issued.at(-1)!);
  expect(JSON.stringify(await events(page))).not.toContain(ls.issued.at(-1)!);
  await context.close();
});

test("an end user connects the tenant's client-credentials client inside the iframe, with no popup", async ({
  admin,
  request,
  browser,
}) => {
  const b = await setUp(admin, request);
  const username = uniqueId("cust");
  const session = await mint(b, { username, origin: host.origin, components: ["custom-oauth2"] });
  const { page, context, embed } = await openHost(browser, session.url);
  await eventOf(page, "ready");
  let popups = 0;
  context.on("page", () => popups++);

  await chooseApp(embed, "Custom OAuth2");
  await expect(embed.getByRole("heading", { name: "Connect Custom OAuth2 without signing in" })).toBeVisible();
  const form = embed.getByRole("form", { name: "New Custom OAuth2 connection" });
  await form.getByLabel("Name", { exact: true }).fill("Machine token");
  await form.getByRole("button", { name: "Connect" }).click();

  const created = await eventOf(page, "connection.created");
  expect(created).toMatchObject({ componentId: "custom-oauth2" });
  await expect(embed.getByText('Connected "Machine token".')).toBeVisible();
  expect(popups).toBe(0);
  const secret = await readAs(b, username, created.secretId!);
  expect(secret.type).toBe("OA2_CLIENT_CREDENTIALS");
  expect(await op.provider.ClientCredentials.find(secret.value.accessToken)).toBeTruthy();
  expect(await embed.locator("html").innerHTML()).not.toContain(secret.value.accessToken);
  await context.close();
});

test("the login form fits a 360 px connect link and passes axe, before and after a refused login", async ({
  admin,
  request,
  browser,
}) => {
  const b = await setUp(admin, request);
  const session = await mint(b, { username: uniqueId("phone"), components: ["custom-session", "custom-oauth2"] });
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  await page.goto(`${session.url}&theme=dark`);
  await chooseApp(page, "Custom session auth");
  const form = page.getByRole("form", { name: "Custom session auth login" });
  await expect(form.getByRole("button", { name: "Log in & save" })).toBeEnabled();
  await expectNoOverflow(page);
  await expectNoSeriousAxeViolations(page);

  await form.getByLabel("Name", { exact: true }).fill("Phone login");
  await form.getByLabel("Username").fill("alice");
  await form.getByLabel("Password").fill("wrong-password");
  await form.getByLabel("Password").press("Enter");
  await expect(form.getByRole("alert")).toContainText("The login was refused.");
  await expectNoOverflow(page);
  await expectNoSeriousAxeViolations(page);

  // Back to the app list, and the other way to connect.
  await page.getByRole("button", { name: "Back" }).click();
  await pickApp(page, "Custom OAuth2");
  await expect(page.getByRole("form", { name: "New Custom OAuth2 connection" })).toBeVisible();
  await expectNoOverflow(page);
  await expectNoSeriousAxeViolations(page);
  await context.close();
});
