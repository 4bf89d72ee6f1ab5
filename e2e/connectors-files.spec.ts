import { readFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { CredentialForm, expect, test } from "./fixtures";
import { componentGroup, uniqueName } from "./fixtures/credentials";
import { toast } from "./helpers";
import { startFakeKafka } from "../tests/fakes/fake-kafka";
import { startFakeMongod } from "../tests/fakes/fake-mongod";
import { testServerUrl } from "../tests/support/test-servers";

// SFTP and FTP credentials through the dashboard, against the real sshd and vsftpd that
// npm test starts (scripts/start-sshd.sh, scripts/start-vsftpd.sh; scripts/test.sh exports
// TEST_SFTP_URL, TEST_SFTP_DIR and TEST_FTP_URL). Missing is a failure, never a skip.
function server(name: "TEST_SFTP_URL" | "TEST_FTP_URL") {
  const u = testServerUrl(name);
  return {
    host: u.hostname,
    port: u.port,
    username: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
  };
}

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

test("SFTP: added with a password, tested, switched to a private key, deleted", async ({ admin: page }) => {
  const ssh = server("TEST_SFTP_URL");
  const dir = process.env.TEST_SFTP_DIR;
  if (!dir) throw new Error("TEST_SFTP_DIR is not set: npm test starts sshd and sets it");
  const form = await CredentialForm.openNew(page, { componentId: "sftp", componentName: "SFTP" });
  const name = uniqueName("Partner drop");
  await form.name.fill(name);
  await form.field("Host", { exact: true }).fill(ssh.host);
  await form.field("Port").fill(ssh.port);
  await form.field("Username").fill(ssh.username);
  // Neither a password nor a key: the form says so before anything is sent.
  await form.submit();
  await expect(form.root.getByText("Enter a password or a private key")).toBeVisible();

  await form.field("Password (optional)").fill("wrong-password");
  await form.submit();
  await expect(form.failure).toContainText("rejected");
  await form.field("Password (optional)").fill(ssh.password);
  await form.submit();
  await expect(page).toHaveURL(/\/credentials\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  expect(await page.content()).not.toContain(ssh.password);
  const detail = page.url();
  await testConnection(page);

  await page.getByRole("link", { name: "Edit", exact: true }).click();
  const edit = CredentialForm.forEdit(page, name);
  await edit.field("Replace the stored credential").check();
  await edit.field("Host", { exact: true }).fill(ssh.host);
  await edit.field("Port").fill(ssh.port);
  await edit.field("Username").fill(ssh.username);
  await edit.field("Password (optional)").fill("");
  await edit.field("Private key (optional)").fill(readFileSync(path.join(dir, "client_key"), "utf8"));
  await edit.submit();
  await expect(page).toHaveURL(detail);
  await expect(toast(page, `Saved changes to "${name}".`)).toBeVisible();
  await testConnection(page);

  await page.goto("/");
  await expect(componentGroup(page, "SFTP").getByRole("link", { name })).toBeVisible();
  await page.goto(detail);
  await deleteCredential(page, name);
});

test("FTP: added, tested, renamed with its password replaced, deleted", async ({ admin: page }) => {
  const ftp = server("TEST_FTP_URL");
  const form = await CredentialForm.openNew(page, { componentId: "ftp", componentName: "FTP" });
  const name = uniqueName("Legacy FTP");
  await form.name.fill(name);
  await form.field("Host").fill(ftp.host);
  await form.field("Port").fill(ftp.port);
  await form.field("Username").fill(ftp.username);
  // The E2E server does not trust the test certificate, so this run speaks plain FTP.
  await form.field("TLS").selectOption("none");
  await form.password.fill("wrong-password");
  await form.submit();
  await expect(form.failure).toContainText("rejected");
  await form.password.fill(ftp.password);
  await form.submit();
  await expect(page).toHaveURL(/\/credentials\/[0-9a-f-]{36}$/);
  expect(await page.content()).not.toContain(ftp.password);
  const detail = page.url();
  await testConnection(page);

  await page.getByRole("link", { name: "Edit", exact: true }).click();
  const edit = CredentialForm.forEdit(page, name);
  const renamed = uniqueName("Renamed FTP");
  await edit.name.fill(renamed);
  await edit.field("Replace the stored credential").check();
  await edit.field("Host").fill(ftp.host);
  await edit.field("Port").fill(ftp.port);
  await edit.field("Username").fill(ftp.username);
  await edit.field("TLS").selectOption("none");
  await edit.password.fill("still-wrong");
  await edit.submit();
  await expect(edit.failure).toContainText("rejected");
  await edit.password.fill(ftp.password);
  await edit.submit();
  await expect(page).toHaveURL(detail);
  await expect(toast(page, `Saved changes to "${renamed}".`)).toBeVisible();

  await page.goto("/");
  await expect(componentGroup(page, "FTP").getByRole("link", { name: renamed })).toBeVisible();
  await page.goto(detail);
  await deleteCredential(page, renamed);
});

// No MongoDB or Kafka server package here: loopback fakes that speak just enough of each
// protocol (tests/fakes) stand in. This proves the form and the check path, not a real server.
test("MongoDB: added by host, tested, switched to a connection string, deleted (a fake mongod)", async ({
  admin: page,
}) => {
  const fake = await startFakeMongod();
  try {
    const form = await CredentialForm.openNew(page, { componentId: "mongodb", componentName: "MongoDB" });
    const name = uniqueName("Orders Mongo");
    await form.name.fill(name);
    // Neither a connection string nor a host: the form says so.
    await form.submit();
    await expect(form.root.getByText("Enter a connection string or a host")).toBeVisible();
    await form.field("Host (optional)", { exact: true }).fill("127.0.0.1");
    await form.field("Port").fill(String(fake.port));
    await form.submit();
    await expect(page).toHaveURL(/\/credentials\/[0-9a-f-]{36}$/);
    const detail = page.url();
    await testConnection(page);

    await page.getByRole("link", { name: "Edit", exact: true }).click();
    const edit = CredentialForm.forEdit(page, name);
    await edit.field("Replace the stored credential").check();
    await edit.field("Host (optional)", { exact: true }).fill("");
    await edit.field("Connection string (optional)").fill(`mongodb://app:wrong@127.0.0.1:${fake.port}/shop`);
    await edit.submit();
    await expect(edit.failure).toContainText("rejected");
    await edit.field("Connection string (optional)").fill(`mongodb://127.0.0.1:${fake.port}/shop`);
    await edit.submit();
    await expect(page).toHaveURL(detail);
    await expect(toast(page, `Saved changes to "${name}".`)).toBeVisible();
    await expect(page.getByRole("region", { name: "Stored credential" })).toContainText(`127.0.0.1:${fake.port}`);
    await deleteCredential(page, name);
  } finally {
    await fake.close();
  }
});

test("Kafka: added with SASL, a wrong password refused, tested, moved to another cluster, deleted (fake brokers)", async ({
  admin: page,
}) => {
  const broker = await startFakeKafka({ sasl: { username: "app", password: "kafka-e2e-secret" } });
  const moved = await startFakeKafka({ sasl: { username: "app2", password: "kafka-e2e-rotated" } });
  try {
    const form = await CredentialForm.openNew(page, { componentId: "kafka", componentName: "Apache Kafka" });
    const name = uniqueName("Events");
    await form.name.fill(name);
    await form.field("Bootstrap servers").fill(`127.0.0.1:${broker.port}`);
    await form.field("Security protocol").selectOption("SASL_PLAINTEXT");
    await form.field("SASL mechanism").selectOption("PLAIN");
    await form.field("Username (optional)").fill("app");
    await form.password.fill("not-the-secret");
    await form.submit();
    await expect(form.failure).toContainText("rejected");
    await form.password.fill("kafka-e2e-secret");
    await form.submit();
    await expect(page).toHaveURL(/\/credentials\/[0-9a-f-]{36}$/);
    expect(await page.content()).not.toContain("kafka-e2e-secret");
    const detail = page.url();
    await testConnection(page);

    // Moved to another cluster with another login: the stored credential is replaced and the
    // new one is tested before it is saved (a wrong password keeps the old one).
    await page.getByRole("link", { name: "Edit", exact: true }).click();
    const edit = CredentialForm.forEdit(page, name);
    const renamed = uniqueName("Events renamed");
    await edit.name.fill(renamed);
    await edit.field("Replace the stored credential").check();
    await edit.field("Bootstrap servers").fill(`127.0.0.1:${moved.port}`);
    await edit.field("Security protocol").selectOption("SASL_PLAINTEXT");
    await edit.field("SASL mechanism").selectOption("PLAIN");
    await edit.field("Username (optional)").fill("app2");
    await edit.password.fill("kafka-e2e-secret");
    await edit.submit();
    await expect(edit.failure).toContainText("rejected");
    await edit.password.fill("kafka-e2e-rotated");
    await edit.submit();
    await expect(page).toHaveURL(detail);
    await expect(toast(page, `Saved changes to "${renamed}".`)).toBeVisible();
    await expect(page.getByRole("region", { name: "Stored credential" })).toContainText(`127.0.0.1:${moved.port}`);
    expect(await page.content()).not.toContain("kafka-e2e-rotated");
    await page.goto("/");
    await expect(componentGroup(page, "Apache Kafka").getByRole("link", { name: renamed })).toBeVisible();
    await page.goto(detail);
    await deleteCredential(page, renamed);
  } finally {
    await broker.close();
    await moved.close();
  }
});
