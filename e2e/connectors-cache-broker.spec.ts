import type { Page } from "@playwright/test";
import { startFakeTds } from "../tests/fakes/fake-tds";
import { CredentialForm, expect, test } from "./fixtures";
import { componentGroup, uniqueName, writeHeaders } from "./fixtures/credentials";
import { toast } from "./helpers";
import { testServerUrl } from "../tests/support/test-servers";

// Each flow runs five or six dry runs against the real servers, each in a fresh check process.
test.describe.configure({ timeout: 90_000 });

// Redis and RabbitMQ credentials through the dashboard, against the real redis-server and
// RabbitMQ that npm test starts (scripts/start-redis.sh, scripts/start-rabbitmq.sh;
// scripts/test.sh exports TEST_REDIS_URL and TEST_AMQP_URL). Missing is a failure, never a
// skip. SQL Server has no server here: a loopback TDS fake (tests/fakes/fake-tds.ts) stands
// in for the passing test, which proves the form and the check path, not a real server.
function server(name: "TEST_REDIS_URL" | "TEST_AMQP_URL") {
  const u = testServerUrl(name);
  return {
    host: u.hostname,
    port: u.port,
    username: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    path: decodeURIComponent(u.pathname.slice(1)),
  };
}

/** From the detail page: the dry run again, on demand. */
async function testConnection(page: Page) {
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Test passed" })).toBeVisible({ timeout: 10_000 });
}

async function deleteCredential(page: Page, name: string) {
  await page.getByRole("button", { name: `Delete ${name}` }).click();
  // By the button alone: the confirm dialog's role (dialog or alertdialog) is the UI's business.
  await page.getByRole("button", { name: "Delete credential" }).click();
  await expect(page).toHaveURL("/");
  await expect(toast(page, `Deleted "${name}".`)).toBeVisible();
  await expect(page.getByRole("link", { name })).toHaveCount(0);
}

test("Redis: added with the password, tested, switched to an ACL user, deleted", async ({ admin: page }) => {
  const redis = server("TEST_REDIS_URL");
  const form = await CredentialForm.openNew(page, { componentId: "redis", componentName: "Redis" });
  const name = uniqueName("Session cache");
  await form.name.fill(name);
  await form.field("Host").fill(redis.host);
  await form.field("Port").fill(redis.port);
  await expect(form.field("TLS")).toHaveValue("disable");
  await form.password.fill("wrong-password");
  await form.submit();
  await expect(form.failure).toContainText("rejected");
  // A database number the server does not have.
  await form.password.fill(redis.password);
  await form.field("Database number (optional)").fill("99");
  await form.submit();
  await expect(form.failure).toContainText("not found");
  await form.field("Database number (optional)").fill("1");
  await form.submit();
  await expect(page).toHaveURL(/\/credentials\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  expect(await page.content()).not.toContain(redis.password);
  const detail = page.url();
  await testConnection(page);

  await page.getByRole("link", { name: "Edit", exact: true }).click();
  const edit = CredentialForm.forEdit(page, name);
  await edit.field("Replace the stored credential").check();
  await edit.field("Host").fill(redis.host);
  await edit.field("Port").fill(redis.port);
  await edit.field("Username (optional)").fill("ictest");
  await edit.password.fill("ictest-user-pw");
  await edit.submit();
  await expect(page).toHaveURL(detail);
  await expect(toast(page, `Saved changes to "${name}".`)).toBeVisible();
  expect(await page.content()).not.toContain("ictest-user-pw");
  await testConnection(page);

  await page.goto("/");
  await expect(componentGroup(page, "Redis").getByRole("link", { name })).toBeVisible();
  await page.goto(detail);
  await deleteCredential(page, name);
});

test("managed Redis forms start with TLS verified (and Upstash's user)", async ({ admin: page }) => {
  const upstash = await CredentialForm.openNew(page, { componentId: "upstash-redis", componentName: "Upstash Redis" });
  await expect(upstash.field("TLS")).toHaveValue("verify-full");
  await expect(upstash.field("Username (optional)")).toHaveValue("default");
  await expect(upstash.password).toHaveValue("");
  const aws = await CredentialForm.openNew(page, {
    componentId: "amazon-elasticache",
    componentName: "Amazon ElastiCache",
  });
  await expect(aws.field("TLS")).toHaveValue("verify-full");
});

test("RabbitMQ: a missing vhost refused, added, tested, renamed with its password replaced, deleted", async ({
  admin: page,
}) => {
  const mq = server("TEST_AMQP_URL");
  const form = await CredentialForm.openNew(page, { componentId: "rabbitmq", componentName: "RabbitMQ" });
  const name = uniqueName("Orders broker");
  await form.name.fill(name);
  await form.field("Host", { exact: true }).fill(mq.host);
  await form.field("Port").fill(mq.port);
  await expect(form.field("Virtual host")).toHaveValue("/");
  await form.field("Virtual host").fill("ic-missing-vhost");
  await form.field("Username").fill(mq.username);
  await form.password.fill(mq.password);
  await form.submit();
  await expect(form.failure).toContainText("not found");
  await form.field("Virtual host").fill(mq.path);
  await form.password.fill("wrong-password");
  await form.submit();
  await expect(form.failure).toContainText("rejected");
  await form.password.fill(mq.password);
  await form.submit();
  await expect(page).toHaveURL(/\/credentials\/[0-9a-f-]{36}$/);
  expect(await page.content()).not.toContain(mq.password);
  const detail = page.url();
  await testConnection(page);

  await page.getByRole("link", { name: "Edit", exact: true }).click();
  const edit = CredentialForm.forEdit(page, name);
  const renamed = uniqueName("Renamed broker");
  await edit.name.fill(renamed);
  await edit.field("Replace the stored credential").check();
  await edit.field("Host", { exact: true }).fill(mq.host);
  await edit.field("Port").fill(mq.port);
  await edit.field("Virtual host").fill(mq.path);
  await edit.field("Username").fill(mq.username);
  await edit.password.fill("still-wrong");
  await edit.submit();
  await expect(edit.failure).toContainText("rejected");
  await edit.password.fill(mq.password);
  await edit.submit();
  await expect(page).toHaveURL(detail);
  await expect(toast(page, `Saved changes to "${renamed}".`)).toBeVisible();

  await page.goto("/");
  await expect(componentGroup(page, "RabbitMQ").getByRole("link", { name: renamed })).toBeVisible();
  await page.goto(detail);
  await deleteCredential(page, renamed);
});

test("SQL Server: a closed port refused, saved without testing, edited, deleted", async ({ admin: page }) => {
  // No SQL Server here: the dry run can only be refused, so the credential is kept unverified.
  const form = await CredentialForm.openNew(page, { componentId: "sql-server", componentName: "Microsoft SQL Server" });
  await expect(form.field("Port")).toHaveValue("1433");
  const name = uniqueName("Warehouse");
  await form.fillDatabase({
    name,
    host: "127.0.0.1",
    port: "1",
    database: "warehouse",
    username: "sa",
    tls: "verify-full",
  });
  await form.password.fill("sql-server-pw");
  await form.submit();
  await expect(form.failure).toContainText("Could not connect");
  await form.root.getByRole("button", { name: "Save without testing" }).click();
  await expect(page).toHaveURL(/\/credentials\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByRole("region", { name: "Details" })).toContainText("Unverified");
  expect(await page.content()).not.toContain("sql-server-pw");
  const detail = page.url();

  await page.getByRole("link", { name: "Edit", exact: true }).click();
  const edit = CredentialForm.forEdit(page, name);
  const renamed = uniqueName("Renamed warehouse");
  await edit.name.fill(renamed);
  await edit.field("Replace the stored credential").check();
  await expect(edit.field("Host")).toHaveValue("127.0.0.1");
  await expect(edit.field("Database")).toHaveValue("warehouse");
  await edit.password.fill("sql-server-pw-2");
  await edit.root.getByRole("button", { name: "Save without testing" }).click();
  await expect(page).toHaveURL(detail);
  await expect(toast(page, `Saved changes to "${renamed}" without testing.`)).toBeVisible();
  expect(await page.content()).not.toContain("sql-server-pw-2");

  await page.goto("/");
  await expect(componentGroup(page, "Microsoft SQL Server").getByRole("link", { name: renamed })).toBeVisible();
  await page.goto(detail);
  await deleteCredential(page, renamed);
});

test("Redis stored through the API without a component: unverified, then tested and edited by its type's own check", async ({
  admin: page,
}) => {
  const redis = server("TEST_REDIS_URL");
  const name = uniqueName("Loose cache");
  const value = { host: redis.host, port: Number(redis.port), password: redis.password, tls: "disable" };
  const res = await page.request.post("/api/v1/secrets", {
    headers: writeHeaders,
    data: { name, type: "REDIS", value, verify: false },
  });
  expect(res.status(), await res.text()).toBe(201);
  const id = ((await res.json()) as { data: { id: string } }).data.id;

  await page.goto(`/credentials/${id}`);
  await expect(page.getByRole("region", { name: "Details" })).toContainText("Unverified");
  await testConnection(page);
  await page.reload();
  await expect(page.getByRole("region", { name: "Details" })).toContainText("Active");

  // A new value is proved too: a wrong password is refused, "Save without testing" is offered.
  await page.getByRole("link", { name: "Edit", exact: true }).click();
  const edit = CredentialForm.forEdit(page, name);
  await edit.field("Replace the stored credential").check();
  await edit.field("Host").fill(redis.host);
  await edit.field("Port").fill(redis.port);
  await edit.password.fill("wrong-password");
  await edit.submit();
  await expect(edit.failure).toContainText("rejected");
  await expect(edit.root.getByRole("button", { name: "Save without testing" })).toBeVisible();
  await edit.password.fill(redis.password);
  await edit.submit();
  await expect(page).toHaveURL(`/credentials/${id}`);
  await expect(toast(page, `Saved changes to "${name}".`)).toBeVisible();
  expect(await page.content()).not.toContain(redis.password);
  await deleteCredential(page, name);
});

test("SQL Server: a wrong password refused, added with a passing test, edited to another database, deleted (a TDS fake)", async ({
  admin: page,
}) => {
  const password = "sql-e2e-secret-5b9a";
  // 127.0.0.1 is in the e2e server's OUTBOUND_ALLOW_HOSTS (playwright.config.ts).
  const tds = await startFakeTds({ accept: { username: "sa", password } });
  try {
    const form = await CredentialForm.openNew(page, {
      componentId: "sql-server",
      componentName: "Microsoft SQL Server",
    });
    const name = uniqueName("Ledger");
    await form.fillDatabase({
      name,
      host: "127.0.0.1",
      port: String(tds.port),
      database: "ledger",
      username: "sa",
      tls: "disable",
    });
    await form.password.fill("not-the-password");
    await form.submit();
    await expect(form.failure).toContainText("rejected");
    await form.password.fill(password);
    await form.submit();
    await expect(page).toHaveURL(/\/credentials\/[0-9a-f-]{36}$/);
    await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
    await expect(page.getByRole("region", { name: "Details" })).toContainText("Active");
    expect(await page.content()).not.toContain(password);
    expect(tds.logins().at(-1)).toMatchObject({ username: "sa", database: "ledger" });
    const detail = page.url();
    await testConnection(page);

    await page.getByRole("link", { name: "Edit", exact: true }).click();
    const edit = CredentialForm.forEdit(page, name);
    const renamed = uniqueName("Renamed ledger");
    await edit.name.fill(renamed);
    await edit.field("Replace the stored credential").check();
    await expect(edit.field("Host")).toHaveValue("127.0.0.1");
    await expect(edit.field("Port")).toHaveValue(String(tds.port));
    await edit.field("Database").fill("ledger_archive");
    await edit.password.fill(password);
    await edit.submit();
    await expect(page).toHaveURL(detail);
    await expect(toast(page, `Saved changes to "${renamed}".`)).toBeVisible();
    // The edit's dry run logged in to the new database, and the saved value names it.
    expect(tds.logins().at(-1)).toMatchObject({ database: "ledger_archive" });
    await expect(page.getByRole("region", { name: "Stored credential" })).toContainText("ledger_archive");
    expect(await page.content()).not.toContain(password);
    await testConnection(page);

    await page.goto("/");
    await expect(componentGroup(page, "Microsoft SQL Server").getByRole("link", { name: renamed })).toBeVisible();
    await page.goto(detail);
    await deleteCredential(page, renamed);
  } finally {
    await tds.close();
  }
});
