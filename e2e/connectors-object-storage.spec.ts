import {
  ContainerSASPermissions,
  generateBlobSASQueryParameters,
  StorageSharedKeyCredential,
} from "@azure/storage-blob";
import type { Page } from "@playwright/test";
import { CredentialForm, expect, test } from "./fixtures";
import { componentGroup, uniqueName } from "./fixtures/credentials";
import { toast } from "./helpers";
import { testServerUrl } from "../tests/support/test-servers";

// AWS (Amazon S3) and Azure Blob Storage credentials through the dashboard, against the
// s3rver and Azurite that npm test starts (scripts/start-s3rver.sh, scripts/start-azurite.sh;
// scripts/test.sh exports TEST_S3_URL and TEST_AZURITE_URL). Missing is a failure, never a skip.
const need = (name: "TEST_S3_URL" | "TEST_AZURITE_URL"): URL => testServerUrl(name);
// The emulator's well-known account key (published in the Azurite README).
const AZURITE_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

/** From the detail page: the dry run again, on demand. */
async function testConnection(page: Page) {
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Test passed" })).toBeVisible({ timeout: 10_000 });
}

async function deleteCredential(page: Page, name: string) {
  await page.getByRole("button", { name: `Delete ${name}` }).click();
  await expect(page.getByRole("heading", { name: `Delete "${name}"?` })).toBeVisible();
  // By the button alone: the confirm dialog's role (dialog or alertdialog) is the UI's business.
  await page.getByRole("button", { name: "Delete credential" }).click();
  await expect(page).toHaveURL("/");
  await expect(toast(page, `Deleted "${name}".`)).toBeVisible();
  await expect(page.getByRole("link", { name })).toHaveCount(0);
}

test("Amazon S3: added against s3rver, tested, moved to another bucket, deleted", async ({ admin: page }) => {
  const s3 = need("TEST_S3_URL");
  const bucket = s3.pathname.slice(1);
  const secret = decodeURIComponent(s3.password);
  const form = await CredentialForm.openNew(page, { componentId: "amazon-s3", componentName: "Amazon S3" });
  const name = uniqueName("Backups bucket");
  await form.name.fill(name);
  await form.field("Bucket (optional)").fill(bucket);
  await form.field("Endpoint (optional)").fill(s3.origin);
  await form.field("Access key ID").fill("AKIAUNKNOWNKEY");
  await form.field("Secret access key").fill(secret);
  await form.submit();
  await expect(form.failure).toContainText("rejected");
  await form.field("Access key ID").fill(decodeURIComponent(s3.username));
  await form.submit();
  await expect(page).toHaveURL(/\/credentials\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  const detail = page.url();
  await testConnection(page);

  // Another bucket is proved with the stored key; a missing one is refused and nothing changes.
  await page.getByRole("link", { name: "Edit", exact: true }).click();
  const edit = CredentialForm.forEdit(page, name);
  await edit.field("Bucket (optional)").fill("ic-missing-bucket");
  await edit.submit();
  await expect(edit.failure).toContainText("not found");
  const renamed = uniqueName("Renamed bucket");
  await edit.name.fill(renamed);
  await edit.field("Bucket (optional)").fill(bucket);
  await edit.submit();
  await expect(page).toHaveURL(detail);
  await expect(toast(page, `Saved changes to "${renamed}".`)).toBeVisible();
  await testConnection(page);

  await page.goto("/");
  await expect(componentGroup(page, "Amazon S3").getByRole("link", { name: renamed })).toBeVisible();
  await page.goto(detail);
  await deleteCredential(page, renamed);
});

test("Azure Blob Storage: added against Azurite with the account key, switched to a SAS token, deleted", async ({
  admin: page,
}) => {
  const azurite = need("TEST_AZURITE_URL");
  const [account, container] = azurite.pathname.slice(1).split("/");
  const endpoint = `${azurite.origin}/${account}`;
  const form = await CredentialForm.openNew(page, {
    componentId: "azure-blob-storage",
    componentName: "Azure Blob Storage",
  });
  const name = uniqueName("Uploads container");
  await form.name.fill(name);
  await form.field("Blob service endpoint (optional)").fill(endpoint);
  await form.field("Storage account").fill(account);
  await form.field("Container").fill(container);
  // Neither a key nor a SAS token: the form says so before anything is sent.
  await form.submit();
  await expect(form.root.getByText("Give the account key or a SAS token")).toBeVisible();
  await form.field("Account key (optional)").fill(Buffer.from("not-the-account-key").toString("base64"));
  await form.submit();
  await expect(form.failure).toContainText("rejected");
  await form.field("Account key (optional)").fill(AZURITE_KEY);
  await form.submit();
  await expect(page).toHaveURL(/\/credentials\/[0-9a-f-]{36}$/);
  expect(await page.content()).not.toContain(AZURITE_KEY);
  const detail = page.url();
  await testConnection(page);

  const sas = generateBlobSASQueryParameters(
    {
      containerName: container,
      permissions: ContainerSASPermissions.parse("rl"),
      expiresOn: new Date(Date.now() + 3600_000),
    },
    new StorageSharedKeyCredential(account, AZURITE_KEY),
  ).toString();
  await page.getByRole("link", { name: "Edit", exact: true }).click();
  const edit = CredentialForm.forEdit(page, name);
  await edit.field("Replace the stored credential").check();
  await edit.field("Storage account").fill(account);
  await edit.field("Container").fill(container);
  await edit.field("SAS token (optional)").fill(`?${sas}`);
  await edit.submit();
  await expect(page).toHaveURL(detail);
  await expect(toast(page, `Saved changes to "${name}".`)).toBeVisible();
  expect(await page.content()).not.toContain(sas);
  await testConnection(page);

  await page.goto("/");
  await expect(componentGroup(page, "Azure Blob Storage").getByRole("link", { name })).toBeVisible();
  await page.goto(detail);
  await deleteCredential(page, name);
});
