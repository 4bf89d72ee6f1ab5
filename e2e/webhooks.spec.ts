import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { writeHeaders } from "./fixtures/credentials";
import { toast } from "./helpers";
import { verifySignature } from "../lib/webhooks/signing";
import { startWebhookReceiver, type WebhookReceiver } from "../tests/fakes/webhook-receiver";

// Settings › Webhooks: an admin adds an endpoint (the server checks the address), sees its
// signing secret once, reads the delivery log, resends, disables and deletes. The second
// test needs the background runner, which the e2e server runs (playwright.config.ts).

const secretBox = (page: Page) => page.getByRole("textbox", { name: "Signing secret", exact: true });
const events = (page: Page) => page.getByRole("group", { name: "Events" });

/** Stores a credential with the admin's session, which emits connection.created. */
async function addCredential(page: Page, name: string) {
  const res = await page.request.post("/api/v1/secrets", {
    headers: writeHeaders,
    data: { name, type: "BEARER", value: { token: `tok-${name}` } },
  });
  expect(res.status(), await res.text()).toBe(201);
}

test("add an endpoint, see its secret once, disable, enable and delete it", async ({ admin: page }) => {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Webhooks" }).click();
  await expect(page).toHaveURL("/settings/webhooks");
  await expect(page.getByRole("heading", { level: 1, name: "Webhooks" })).toBeVisible();
  const form = page.getByRole("form", { name: "Add an endpoint" });
  const add = form.getByRole("button", { name: "Add endpoint" });
  await expect(add).toBeEnabled();
  await expect(page.getByText("No endpoints yet")).toBeVisible();

  // The server refuses plain http and private addresses, under the URL field.
  const url = form.getByLabel("Endpoint URL");
  await url.fill("http://hooks.example.com/in");
  await add.click();
  await expect(form.getByText("URL must use https://")).toBeVisible();
  await url.fill("https://10.1.2.3/in");
  await add.click();
  await expect(form.getByText("10.1.2.3 is not an allowed address")).toBeVisible();
  // At least one event.
  for (const box of await events(page).getByRole("checkbox").all()) await box.uncheck();
  await url.fill("http://127.0.0.1:9/in");
  await add.click();
  await expect(form.getByText("Choose at least one event")).toBeVisible();
  await events(page)
    .getByRole("checkbox", { name: /connection\.created/ })
    .check();
  await events(page)
    .getByRole("checkbox", { name: /connection\.deleted/ })
    .check();
  await form.getByLabel("Description").fill("CRM sync");
  await add.click();

  const shown = secretBox(page);
  await expect(shown).toHaveValue(/^whsec_[A-Za-z0-9+/]{43}=$/);
  const secret = await shown.inputValue();
  await expect(toast(page, "Added the endpoint.")).toBeVisible();
  const table = page.getByRole("table", { name: "Webhook endpoints" });
  const row = table.getByRole("row", { name: /127\.0\.0\.1:9/ });
  await expect(row).toContainText("CRM sync");
  await expect(row).toContainText("connection.created, connection.deleted");
  await expect(row).toContainText("Active");

  // Shown once: after a reload the secret is nowhere in the page or its HTML.
  await page.reload();
  await expect(secretBox(page)).toHaveCount(0);
  await expect(row).toBeVisible();
  expect(await page.content()).not.toContain(secret.slice(6));
  expect(await (await page.request.get("/settings/webhooks")).text()).not.toContain(secret.slice(6));

  // A change is logged for the endpoint, without its body.
  await addCredential(page, "hooked");
  await row.getByRole("link", { name: /127\.0\.0\.1:9/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Webhook endpoint" })).toBeVisible();
  const log = page.getByRole("table", { name: "Deliveries" });
  await expect(log.getByRole("row", { name: /connection\.created/ })).toContainText(/Queued|Retrying/);
  expect(await page.content()).not.toContain("tok-hooked");

  // Disable (confirmed): flagged, no Resend; Enable clears it.
  await page.getByRole("button", { name: /^Disable / }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Disable endpoint" }).click();
  await expect(toast(page, "Disabled the endpoint.")).toBeVisible();
  await expect(page.getByText("This endpoint is disabled: it receives no events.")).toBeVisible();
  await expect(page.getByText("Disabled by a member or API key")).toBeVisible();
  await expect(page.getByRole("button", { name: /^Resend / })).toHaveCount(0);
  await page.getByRole("button", { name: /^Enable / }).click();
  await expect(toast(page, "Enabled the endpoint.")).toBeVisible();
  await expect(page.getByText("This endpoint is disabled: it receives no events.")).toHaveCount(0);

  await page.getByRole("link", { name: "All endpoints" }).click();
  await row.getByRole("button", { name: /^Delete / }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete endpoint" }).click();
  await expect(toast(page, "Deleted the endpoint.")).toBeVisible();
  await expect(page.getByText("No endpoints yet")).toBeVisible();
});

test.describe("with the background runner", () => {
  let rx: WebhookReceiver;
  test.beforeAll(async () => {
    rx = await startWebhookReceiver();
  });
  test.afterAll(async () => rx.close());

  test("a failing receiver is flagged; Resend delivers the same signed message once it answers", async ({
    admin: page,
  }) => {
    rx.respond([500]);
    await page.goto("/settings/webhooks");
    const form = page.getByRole("form", { name: "Add an endpoint" });
    await expect(form.getByRole("button", { name: "Add endpoint" })).toBeEnabled();
    await form.getByLabel("Endpoint URL").fill(rx.url);
    await form.getByRole("button", { name: "Add endpoint" }).click();
    rx.setSecret(await secretBox(page).inputValue());

    await addCredential(page, "watched");
    await expect.poll(() => rx.verified().length, { timeout: 15_000 }).toBe(1);
    expect(rx.received[0].body).toMatchObject({ type: "connection.created", data: { status: "active" } });
    const messageId = rx.received[0].headers["webhook-id"];

    await page.reload();
    const row = page.getByRole("table", { name: "Webhook endpoints" }).getByRole("row", { name: /hooks/ });
    await expect(row).toContainText("Failing");
    await row.getByRole("link", { name: /hooks/ }).click();
    const log = page.getByRole("table", { name: "Deliveries" });
    const first = log.getByRole("row", { name: /connection\.created/ });
    await expect(first).toContainText("Retrying");
    await expect(first).toContainText(/500 in \d+ ms/);

    rx.respond([204]);
    await first.getByRole("button", { name: /^Resend / }).click();
    await expect(toast(page, "Queued the event again")).toBeVisible();
    // The resend (and maybe the original's next retry): at least once, the same message, signed.
    await expect.poll(() => rx.received.filter((r) => r.status === 204).length, { timeout: 15_000 }).toBeGreaterThan(0);
    for (const r of rx.received) {
      expect(r.verified).toBe(true);
      expect(r.headers["webhook-id"]).toBe(messageId);
    }

    await page.reload();
    await expect(log.getByRole("row", { name: /Delivered/ }).first()).toContainText(/204 in \d+ ms/);
    await page.goto("/settings/webhooks");
    await expect(row).toContainText("Active");
  });

  test("rotating the signing secret: shown once, and a receiver with either secret verifies during the overlap", async ({
    admin: page,
  }) => {
    rx.reset();
    rx.respond([204]);
    await page.goto("/settings/webhooks");
    const form = page.getByRole("form", { name: "Add an endpoint" });
    await expect(form.getByRole("button", { name: "Add endpoint" })).toBeEnabled();
    await form.getByLabel("Endpoint URL").fill(rx.url);
    await form.getByLabel("Description").fill("Rotated");
    await form.getByRole("button", { name: "Add endpoint" }).click();
    const before = await secretBox(page).inputValue();
    await page.getByRole("button", { name: "I've stored it" }).click();
    await page
      .getByRole("table", { name: "Webhook endpoints" })
      .getByRole("row", { name: /Rotated/ })
      .getByRole("link")
      .first()
      .click();
    await expect(page.getByRole("heading", { level: 1, name: "Webhook endpoint" })).toBeVisible();

    await page.getByRole("button", { name: /^Rotate the signing secret of / }).click();
    const dialog = page.getByRole("alertdialog");
    await expect(dialog).toContainText("For a day, deliveries are signed with both the old and the new secret");
    await dialog.getByRole("button", { name: "Rotate secret" }).click();
    const after = await secretBox(page).inputValue();
    expect(after).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(after).not.toBe(before);
    await expect(page.getByText(/a signature under the old secret too until/)).toBeVisible();
    await page.getByRole("button", { name: "I've stored it" }).click();
    await expect(page.getByText(/Rotated: the previous secret also signs until/)).toBeVisible();
    expect(await page.content()).not.toContain(after.slice(6));

    // A delivery now carries two signatures: a receiver with either secret verifies it. (The
    // receiver is shared with the test before, whose endpoint may still retry: only the rotated
    // endpoint signs twice.)
    await addCredential(page, "after-rotation");
    const rotatedDelivery = () => rx.received.find((r) => r.headers["webhook-signature"]?.includes(" "));
    await expect.poll(() => rotatedDelivery() !== undefined, { timeout: 15_000 }).toBe(true);
    const got = rotatedDelivery()!;
    const headers = {
      id: got.headers["webhook-id"],
      timestamp: got.headers["webhook-timestamp"],
      signature: got.headers["webhook-signature"],
    };
    for (const secret of [before, after]) {
      expect(verifySignature({ secret, headers, body: got.raw })).toBe(true);
    }
  });
});
