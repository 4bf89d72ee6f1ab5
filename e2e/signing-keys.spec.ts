import { createHmac, generateKeyPairSync, randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { expect, test } from "./fixtures";
import { open, toast } from "./helpers";

// Signing keys in the browser (issue 13): generate and import in the form's tabs, the public
// key and JWKS URL with copy buttons, Try it, and a private key that never reaches a page.

const uniq = (label: string) => `${label} ${randomBytes(3).toString("hex")}`;

/** Creates an API key through the settings page and returns its plaintext. */
async function createApiKey(page: Page): Promise<string> {
  await open(page, "/settings/api-keys", "Create key");
  await page.getByLabel("Key name").fill(uniq("Signing e2e"));
  await page.getByRole("button", { name: "Create key" }).click();
  const key = await page.getByLabel("New API key").inputValue();
  expect(key).toMatch(/^ick_/);
  return key;
}

/** The add form of the JWT signing key component for `type`, hydrated. */
async function openKeyForm(page: Page, type: "HS256" | "RS256") {
  await open(page, `/credentials/new?component=jwt-signing-key&type=${type}`, "Generate & save");
  return page.getByRole("form", { name: "New JWT signing key credential" });
}

const idFromUrl = (page: Page) => /\/credentials\/([0-9a-f-]{36})$/.exec(page.url())![1];

test("an RS256 key generated in the browser shows its public key and JWKS URL, signs in Try it, and its tokens verify with jose", async ({
  admin: page,
  baseURL,
}) => {
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
  const form = await openKeyForm(page, "RS256");
  await expect(form.getByRole("tab", { name: "Generate" })).toHaveAttribute("aria-selected", "true");
  const name = uniq("Token signing");
  await form.getByLabel("Name", { exact: true }).fill(name);
  await form.getByLabel("Key size").selectOption("2048");
  await form.getByLabel("Publish the public keys at a JWKS URL").check();
  await form.getByRole("button", { name: "Generate & save" }).click();
  await expect(page).toHaveURL(/\/credentials\/[0-9a-f-]{36}$/);
  await expect(toast(page, `Generated "${name}".`)).toBeVisible();
  const id = idFromUrl(page);

  const card = page.getByRole("region", { name: "Signing key" });
  await expect(card).toContainText("RS256 (RSA, 2048 bits)");
  const publicKey = await card.getByRole("textbox", { name: "Public key" }).inputValue();
  expect(publicKey).toMatch(/^-----BEGIN PUBLIC KEY-----/);
  const jwksUrl = await card.getByRole("textbox", { name: "JWKS URL" }).inputValue();
  expect(jwksUrl).toBe(`${baseURL}/api/v1/jwks/${id}`);
  for (const [button, value] of [
    ["Copy public key", publicKey],
    ["Copy JWKS URL", jwksUrl],
  ]) {
    await card.getByRole("button", { name: button }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(value);
  }

  await card.getByRole("button", { name: "Sign and verify a sample" }).click();
  await expect(card.getByRole("status").filter({ hasText: "Signed and verified with key" })).toBeVisible();

  // The public JWKS URL needs no sign-in and may be cached.
  const jwks = await page.request.get(jwksUrl, { headers: { cookie: "" } });
  expect(jwks.status()).toBe(200);
  expect(jwks.headers()["cache-control"]).toBe("public, max-age=300");

  // Integration code signs; a service that only knows the JWKS URL verifies with jose.
  const apiKey = await createApiKey(page);
  const signed = await page.request.post(`/api/v1/secrets/${id}/jws/sign`, {
    headers: { Authorization: `Bearer ${apiKey}` },
    data: { payload: { sub: "e2e" }, expiresIn: 60, audience: "e2e-service" },
  });
  expect(signed.status()).toBe(200);
  const { jws } = (await signed.json()).data;
  const { payload } = await jwtVerify(jws, createRemoteJWKSet(new URL(jwksUrl)), { audience: "e2e-service" });
  expect(payload.sub).toBe("e2e");

  // Open Integration Hub's webhooks service calls …/validateHmac; it reaches validate-hmac.
  const hookKey = `whk-${randomBytes(8).toString("hex")}`;
  const hook = await page.request.post("/api/v1/secrets", {
    headers: { Authorization: `Bearer ${apiKey}` },
    data: { name: uniq("Webhook key"), type: "API_KEY", value: { key: hookKey } },
  });
  const body = '{"ok":true}';
  const check = await page.request.post(`/api/v1/secrets/${(await hook.json()).data.id}/validateHmac`, {
    headers: { Authorization: `Bearer ${apiKey}` },
    data: {
      hmacValue: createHmac("sha256", hookKey).update(body).digest("base64"),
      hmacAlgo: "sha256",
      rawBody: JSON.parse(JSON.stringify(Buffer.from(body))),
    },
  });
  expect(await check.json()).toEqual({ data: true });
});

test("HS256 and RS256 imports are checked in the form, an HS256 key is generated, and an imported private key appears in no page's HTML", async ({
  admin: page,
}) => {
  const hs = await openKeyForm(page, "HS256");
  await hs.getByRole("tab", { name: "Import" }).click();
  await hs.getByLabel("Name", { exact: true }).fill(uniq("Short"));
  await hs.getByLabel("Secret (base64url)").fill(randomBytes(16).toString("base64url"));
  await hs.getByRole("button", { name: "Import & save" }).click();
  await expect(hs.getByText("The secret is 16 bytes; HS256 needs at least 32 (256 bits)")).toBeVisible();
  // Generate instead: the server makes the secret, which the page never shows.
  await hs.getByRole("tab", { name: "Generate" }).click();
  const hsName = uniq("Webhook signing");
  await hs.getByLabel("Name", { exact: true }).fill(hsName);
  await hs.getByRole("button", { name: "Generate & save" }).click();
  await expect(toast(page, `Generated "${hsName}".`)).toBeVisible();
  const hsCard = page.getByRole("region", { name: "Signing key" });
  await expect(hsCard).toContainText("HS256 (HMAC-SHA256)");
  await expect(hsCard).toContainText("no public key to show");
  await hsCard.getByRole("button", { name: "Sign and verify a sample" }).click();
  await expect(hsCard.getByRole("status").filter({ hasText: "Signed and verified with key" })).toBeVisible();

  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const pem = privateKey.export({ type: "pkcs8", format: "pem" }) as string;
  const canaries = [
    ...pem
      .split("\n")
      .filter((l) => l.length === 64)
      .slice(1, 5),
    (privateKey.export({ format: "jwk" }) as { d: string }).d.slice(0, 40),
  ];
  const rs = await openKeyForm(page, "RS256");
  await rs.getByRole("tab", { name: "Import" }).click();
  const name = uniq("Imported pair");
  await rs.getByLabel("Name", { exact: true }).fill(name);
  const keyInput = rs.getByLabel("Private key (PEM or JWK)");
  await keyInput.fill(publicKey.export({ type: "spki", format: "pem" }) as string);
  await rs.getByRole("button", { name: "Import & save" }).click();
  await expect(rs.getByText("This is a public key or certificate: import the private key")).toBeVisible();
  // Checked on the server: too few bits.
  const small = generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey;
  await keyInput.fill(small.export({ type: "pkcs8", format: "pem" }) as string);
  await rs.getByRole("button", { name: "Import & save" }).click();
  await expect(rs.getByText("The key has 1024 bits; RS256 needs at least 2048")).toBeVisible();

  await keyInput.fill(pem);
  await rs.getByRole("button", { name: "Import & save" }).click();
  await expect(page).toHaveURL(/\/credentials\/[0-9a-f-]{36}$/);
  await expect(toast(page, `Imported "${name}".`)).toBeVisible();
  const id = idFromUrl(page);
  const card = page.getByRole("region", { name: "Signing key" });
  await expect(card.getByRole("textbox", { name: "Public key" })).toHaveValue(
    publicKey.export({ type: "spki", format: "pem" }) as string,
  );
  await expect(card).toContainText("never leaves the vault");
  await card.getByRole("button", { name: "Sign and verify a sample" }).click();
  await expect(card.getByRole("status").filter({ hasText: "Signed and verified with key" })).toBeVisible();

  // The canary: not in the rendered pages, nor in the HTML (and RSC payload) the server sends.
  const pages = ["/", `/credentials/${id}`, `/credentials/${id}/edit`, "/audit"];
  for (const path of pages) {
    await page.goto(path);
    const html = await page.content();
    const raw = await (await page.request.get(path)).text();
    for (const c of canaries) {
      expect(html, path).not.toContain(c);
      expect(raw, path).not.toContain(c);
    }
  }
  // Positive control: the pages do show the key's public part.
  expect(await (await page.request.get(`/credentials/${id}`)).text()).toContain("BEGIN PUBLIC KEY");
});
