import { MembersPage, expect, test } from "./fixtures";
import { writeHeaders } from "./fixtures/credentials";
import { logIn, newPerson, open, signOut, toast } from "./helpers";

// Settings › Embed (issue 11 parts 1 and 7): the admin's embed origins, return-URL origins
// and branding, and the Embed preview, which frames /embed with a fresh connect session
// minted on the server (no API key in the browser).

const SAVE = "Save embed settings";

async function settings(page: import("@playwright/test").Page) {
  const res = await page.request.get("/api/v1/settings");
  expect(res.status()).toBe(200);
  return (await res.json()).data as {
    embedOrigins: string[];
    returnUrlOrigins: string[];
    branding: Record<string, string>;
  };
}

test("an admin sets exact embed origins, return-URL origins and branding; bad origins are refused under their input", async ({
  admin: page,
}) => {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Embed" }).click();
  await expect(page).toHaveURL("/settings/embed");
  await expect(page.getByRole("heading", { level: 1, name: "Embed" })).toBeVisible();
  await expect(page.getByRole("button", { name: SAVE })).toBeEnabled();
  const form = page.getByRole("form", { name: "Embedding" });
  const origins = form.getByLabel("Allowed embed origins");
  const returns = form.getByLabel("Allowed return-URL origins");

  // A wildcard, a trailing slash and a path are each refused, by line, and nothing is saved.
  for (const [bad, line] of [
    ["https://*.example.com", 1],
    ["https://app.example.com\nhttps://shop.example.com/", 2],
    ["https://app.example.com/embed", 1],
  ] as const) {
    await origins.fill(bad);
    await form.getByRole("button", { name: SAVE }).click();
    await expect(origins).toHaveAttribute("aria-invalid", "true");
    await expect(form.getByText(new RegExp(`^Line ${line}: Use an exact origin`))).toBeVisible();
  }
  expect((await settings(page)).embedOrigins).toEqual([]);

  await origins.fill("  https://app.example.com \n\nhttp://localhost:5173\n");
  await returns.fill("https://app.example.com");
  await form.getByLabel("Product name").fill("Acme Connect");
  await form.getByLabel("Accent colour").fill("#3355ff");
  await form.getByLabel("Logo URL").fill("http://cdn.example.com/logo.png");
  await form.getByRole("button", { name: SAVE }).click();
  await expect(form.getByLabel("Logo URL")).toHaveAttribute("aria-invalid", "true");
  await form.getByLabel("Logo URL").fill("https://cdn.example.com/logo.png");
  await form.getByRole("button", { name: SAVE }).click();
  await expect(toast(page, "Saved the embed settings.")).toBeVisible();
  expect(await settings(page)).toMatchObject({
    embedOrigins: ["https://app.example.com", "http://localhost:5173"],
    returnUrlOrigins: ["https://app.example.com"],
    branding: { name: "Acme Connect", accentColor: "#3355ff", logoUrl: "https://cdn.example.com/logo.png" },
  });

  // After a reload the saved values are in the form; clearing the logo removes it.
  await open(page, "/settings/embed", SAVE);
  await expect(origins).toHaveValue("https://app.example.com\nhttp://localhost:5173");
  await expect(form.getByLabel("Product name")).toHaveValue("Acme Connect");
  await form.getByLabel("Logo URL").fill("");
  await form.getByRole("button", { name: SAVE }).click();
  await expect(toast(page, "Saved the embed settings.")).toBeVisible();
  expect((await settings(page)).branding).toEqual({ name: "Acme Connect", accentColor: "#3355ff" });
});

test("Settings › Embed is for admins only", async ({ admin: page }) => {
  const developer = newPerson("developer");
  await (await MembersPage.open(page)).add(developer, "developer");
  await signOut(page);
  await logIn(page, developer.email, developer.password);
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Embed" })).toHaveCount(0);
  await page.goto("/settings/embed");
  await expect(page).toHaveURL("/?denied=1");
  const res = await page.request.patch("/api/v1/settings", {
    headers: writeHeaders,
    data: { embedOrigins: ["https://evil.example.com"] },
  });
  expect(res.status()).toBe(403);
});

test("the Embed preview frames /embed with a fresh session for the test end user, with no API key", async ({
  admin: page,
  baseURL,
}) => {
  const patched = await page.request.patch("/api/v1/settings", {
    headers: writeHeaders,
    data: { branding: { name: "Preview Co", accentColor: "#aa3300" } },
  });
  expect(patched.status()).toBe(200);
  await open(page, "/settings/embed", SAVE);
  const panel = page.getByRole("region", { name: "Embed preview" });
  await panel.getByRole("button", { name: "Open preview" }).click();

  const frameEl = panel.locator('iframe[title="Embed preview"]');
  await expect(frameEl).toBeVisible();
  const src = (await frameEl.getAttribute("src"))!;
  expect(src).toMatch(/^\/embed\?session=ics_[A-Za-z0-9_-]{43}$/);
  await expect(panel.getByText("embed-preview", { exact: true })).toBeVisible();

  // Framed by our own origin alone, although the tenant has no embed origins at all.
  const embedRes = await page.request.get(src);
  expect(embedRes.headers()["content-security-policy"]).toBe(`frame-ancestors ${new URL(baseURL!).origin}`);
  expect((await settings(page)).embedOrigins).toEqual([]);

  // The embed renders inside with the tenant's branding and tells its host it is ready.
  const embed = page.frameLocator('iframe[title="Embed preview"]');
  await expect(embed.getByRole("heading", { name: "Connect your apps" })).toBeVisible();
  await expect(embed.getByText("Preview Co")).toBeVisible();
  await expect(panel.getByRole("region", { name: "Events from the embed" }).getByText("ready")).toBeVisible();

  // The browser never saw an API key, and none was made for the preview.
  expect(await page.content()).not.toMatch(/ick_[A-Za-z0-9_-]{43}/);
  const keys = await page.request.get("/api/v1/api-keys");
  expect((await keys.json()).data).toEqual([]);
  // The session acts as the test end user: the backend's view lists that end user's connections.
  const token = new URL(src, baseURL).searchParams.get("session")!;
  const listed = await page.request.get("/api/v1/secrets", { headers: { Authorization: `Bearer ${token}` } });
  expect(listed.status()).toBe(200);

  // A new session replaces the frame; the old one keeps working until it expires.
  await panel.getByRole("button", { name: "New preview session" }).click();
  await expect.poll(async () => frameEl.getAttribute("src")).not.toBe(src);
});
