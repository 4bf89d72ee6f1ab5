import type { Page } from "@playwright/test";
import { startOidcServer, type OidcServer } from "../tests/fakes/oidc-server";
import { expect, test } from "./fixtures";

// The whole OAuth flow in Chromium against a real authorization server (oidc-provider on
// 127.0.0.1, started here): the dashboard's Connect button, the provider's sign-in and
// consent in the popup, the credential page, then the tenant backend reading the token and
// the provider's userinfo endpoint accepting it.

let op: OidcServer;

test.beforeAll(async ({ baseURL }) => {
  op = await startOidcServer({ redirectUri: `${baseURL}/api/v1/callback` });
});
test.afterAll(async () => {
  await op?.close();
});

const XRW = { "X-Requested-With": "fetch" };

/** An auth client for Custom OAuth2 pointing at the test provider, made through the API with the admin's session. */
async function createClient(page: Page): Promise<string> {
  const r = await page.request.post("/api/v1/auth-clients", {
    headers: XRW,
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
  return (await r.json()).data.id;
}

test("Connect: sign in at the provider in a popup; the credential is Active and its token works", async ({
  admin: page,
}) => {
  await createClient(page);
  await page.goto("/credentials/new?component=custom-oauth2");
  const connect = page.getByRole("button", { name: "Connect Custom OAuth2" });
  await expect(connect).toBeEnabled();

  const popupOpened = page.waitForEvent("popup");
  await connect.click();
  const popup = await popupOpened;
  await expect(page.getByRole("status").filter({ hasText: "finish signing in in the pop-up window" })).toBeVisible();

  // oidc-provider's development pages: any login and password, then consent.
  await popup.getByPlaceholder("Enter any login").fill("e2e-account");
  await popup.getByPlaceholder("and password").fill("any-password");
  await popup.getByRole("button", { name: "Sign-in" }).click();
  // Listened for before the click: the popup can close before the click's own promise settles.
  const popupClosed = popup.waitForEvent("close");
  await popup.getByRole("button", { name: "Continue" }).click();
  await popupClosed;

  await expect(page).toHaveURL(/\/credentials\/[0-9a-f-]{36}$/);
  const secretId = page.url().split("/").pop()!;
  await expect(page.getByRole("heading", { level: 1, name: "Test IdP (e2e-account)" })).toBeVisible();
  const details = page.getByRole("region", { name: "Details" });
  await expect(details.getByText("Active", { exact: true })).toBeVisible();
  const tokens = page.getByRole("region", { name: "Manage tokens" });
  await expect(tokens.getByText("Present")).toHaveCount(2);
  await expect(tokens.getByRole("list", { name: "Granted scopes" }).getByRole("listitem")).toHaveText([
    "openid",
    "email",
  ]);
  await expect(tokens.getByRole("button", { name: "Re-authorize" })).toBeEnabled();

  // The tenant backend reads it with an API key, and the provider accepts the access token.
  const keyRes = await page.request.post("/api/v1/api-keys", { headers: XRW, data: { name: "backend" } });
  expect(keyRes.status()).toBe(201);
  const apiKey: string = (await keyRes.json()).data.key;
  const read = await page.request.get(`/api/v1/secrets/${secretId}`, {
    headers: { Authorization: `Bearer ${apiKey}` },
  });
  expect(read.status()).toBe(200);
  const value = (await read.json()).data.value;
  expect(value).toMatchObject({ scope: "openid email", externalId: "e2e-account" });
  const info = await fetch(op.endpoints.userinfo, { headers: { authorization: `Bearer ${value.accessToken}` } });
  expect(info.status).toBe(200);
  expect((await info.json()).sub).toBe("e2e-account");
  // No token value reached the page.
  await page.reload();
  const html = await page.content();
  expect(html).not.toContain(value.accessToken);
  expect(html).not.toContain(value.refreshToken);

  // Refresh now goes to the provider with the refresh token.
  const manage = page.getByRole("region", { name: "Manage tokens" });
  await manage.getByRole("button", { name: "Refresh now" }).click();
  await expect(
    manage.getByRole("status").filter({ hasText: "Refreshed: a new access token is stored." }),
  ).toBeVisible();
  expect(op.grants).toContain("refresh_token");

  // Re-authorize keeps the credential's id. The provider remembers the sign-in, and may ask to confirm.
  const again = page.waitForEvent("popup");
  await manage.getByRole("button", { name: "Re-authorize" }).click();
  const second = await again;
  const closed = second.waitForEvent("close");
  await second
    .getByRole("button", { name: "Continue" })
    .click({ timeout: 3000 })
    .catch(() => {});
  await closed;
  await expect(manage.getByRole("status").filter({ hasText: "Re-authorized." })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/credentials/${secretId}$`));
  const list = await page.request.get("/api/v1/secrets", { headers: { Authorization: `Bearer ${apiKey}` } });
  expect((await list.json()).meta.total).toBe(1);
  const reread = await page.request.get(`/api/v1/secrets/${secretId}`, {
    headers: { Authorization: `Bearer ${apiKey}` },
  });
  expect((await reread.json()).data.value.accessToken).not.toBe(value.accessToken);
});

test("Connect explains a closed popup, and an app without an auth client says how to set one up", async ({
  admin: page,
}) => {
  await createClient(page);
  await page.goto("/credentials/new?component=custom-oauth2");
  const popupOpened = page.waitForEvent("popup");
  await page.getByRole("button", { name: "Connect Custom OAuth2" }).click();
  const popup = await popupOpened;
  await popup.getByPlaceholder("Enter any login").waitFor();
  await popup.close();
  await expect(
    page.getByRole("status").filter({ hasText: "The sign-in window was closed before the connection finished" }),
  ).toBeVisible();
  await expect(page.getByRole("button", { name: "Connect Custom OAuth2" })).toBeEnabled();

  await page.goto("/credentials/new?component=slack");
  const setup = page.getByRole("link", { name: "Set up an auth client for Slack" });
  await expect(setup).toHaveAttribute("href", "/settings/auth-clients/new?component=slack");
});

test("An expired credential says why and offers Re-authorize, which makes it Active again", async ({
  admin: page,
  baseURL,
}) => {
  // Access tokens that live 60 s are always inside the 5-minute refresh buffer: every read refreshes.
  const short = await startOidcServer({ redirectUri: `${baseURL}/api/v1/callback`, accessTokenTtl: 60 });
  try {
    const created = await page.request.post("/api/v1/auth-clients", {
      headers: XRW,
      data: {
        name: "Short IdP",
        componentId: "custom-oauth2",
        clientId: short.clientId,
        clientSecret: short.clientSecret,
        endpoints: { auth: short.endpoints.auth, token: short.endpoints.token, userinfo: short.endpoints.userinfo },
        scopes: ["openid"],
        issuer: short.issuer,
      },
    });
    expect(created.status(), await created.text()).toBe(201);
    await page.goto("/credentials/new?component=custom-oauth2");
    const popupOpened = page.waitForEvent("popup");
    await page.getByRole("button", { name: "Connect Custom OAuth2" }).click();
    const popup = await popupOpened;
    await popup.getByPlaceholder("Enter any login").fill("expiring-account");
    await popup.getByPlaceholder("and password").fill("any-password");
    await popup.getByRole("button", { name: "Sign-in" }).click();
    const popupClosed = popup.waitForEvent("close"); // before the click: the popup may close first
    await popup.getByRole("button", { name: "Continue" }).click();
    await popupClosed;
    await expect(page).toHaveURL(/\/credentials\/[0-9a-f-]{36}$/);
    const secretId = page.url().split("/").pop()!;

    // The provider stops honouring the grant: its refresh token is revoked there (RFC 7009).
    const keyRes = await page.request.post("/api/v1/api-keys", { headers: XRW, data: { name: "backend" } });
    const apiKey: string = (await keyRes.json()).data.key;
    const auth = { Authorization: `Bearer ${apiKey}` };
    const first = await page.request.get(`/api/v1/secrets/${secretId}`, { headers: auth });
    expect(first.status()).toBe(200);
    const { refreshToken } = (await first.json()).data.value;
    const revoked = await fetch(short.endpoints.revocation, {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from(`${short.clientId}:${short.clientSecret}`).toString("base64")}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ token: refreshToken, token_type_hint: "refresh_token" }),
    });
    expect(revoked.status).toBe(200);

    // The tenant backend's next read refreshes, the provider answers invalid_grant: 409, and the credential is expired.
    const refused = await page.request.get(`/api/v1/secrets/${secretId}`, { headers: auth });
    expect(refused.status()).toBe(409);
    expect((await refused.json()).error.code).toBe("needs_reauth");

    await page.reload();
    await expect(page.getByRole("region", { name: "Details" }).getByText("Expired", { exact: true })).toBeVisible();
    const manage = page.getByRole("region", { name: "Manage tokens" });
    await expect(manage.getByText("This credential needs to be re-authorized.")).toBeVisible();
    await expect(
      manage.getByText("The provider refused the refresh token (invalid_grant); connect again"),
    ).toBeVisible();
    // Refreshing cannot help any more; Re-authorize is what is offered.
    await expect(manage.getByRole("button", { name: "Refresh now" })).toHaveCount(0);
    const reauthorize = manage.getByRole("button", { name: "Re-authorize" });
    await expect(reauthorize).toBeEnabled();

    const again = page.waitForEvent("popup");
    await reauthorize.click();
    const second = await again;
    const closed = second.waitForEvent("close");
    // The provider remembers the sign-in; the revoked grant means it asks for consent again.
    await second
      .getByRole("button", { name: "Continue" })
      .click({ timeout: 5000 })
      .catch(() => {});
    await closed;
    await expect(manage.getByRole("status").filter({ hasText: "Re-authorized." })).toBeVisible();
    await page.reload();
    await expect(page.getByRole("region", { name: "Details" }).getByText("Active", { exact: true })).toBeVisible();
    await expect(
      page.getByRole("region", { name: "Manage tokens" }).getByText("This credential needs to be re-authorized."),
    ).toHaveCount(0);
    // Same credential, and readable again (this read refreshes with the new grant).
    const back = await page.request.get(`/api/v1/secrets/${secretId}`, { headers: auth });
    expect(back.status()).toBe(200);
    expect((await back.json()).data.value.externalId).toBe("expiring-account");
  } finally {
    await short.close();
  }
});
