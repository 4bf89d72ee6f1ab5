import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "./fixtures";
import { uniqueName, writeHeaders } from "./fixtures/credentials";

/*
 * "Needs attention" on the dashboard (issue 12 part 4): a credential that expires within a
 * week without a way to renew it says "Expires soon", a failing one "Failing since …", the
 * filter gathers them and leaves healthy ones out, and the detail page's history shows the
 * failed check. The background runner is off here (playwright.config.ts): a check from the
 * detail page sets the same status the scheduled re-check would.
 */

/** An API on 127.0.0.1 that accepts every bearer token until told to reject them. */
let rejecting = false;
let server: Server;
let apiUrl: string;
test.beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(rejecting ? 401 : 200, { "content-type": "application/json" }).end("{}");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
test.afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
});

test("the list flags what needs attention, the filter gathers it, and the detail page says why", async ({
  admin: page,
}) => {
  const post = async (data: Record<string, unknown>) => {
    const res = await page.request.post("/api/v1/secrets", { headers: writeHeaders, data });
    expect(res.status(), await res.text()).toBe(201);
    return ((await res.json()) as { data: { id: string } }).data.id;
  };
  const healthy = uniqueName("Healthy token");
  await post({ name: healthy, type: "BEARER", value: { token: "plain-token" } });
  const soon = uniqueName("Passed-in OAuth");
  await post({
    name: soon,
    type: "OA2_AUTHORIZATION_CODE",
    value: { accessToken: "at-1", expires: new Date(Date.now() + 3 * 86_400_000).toISOString() },
  });
  const failing = uniqueName("Billing API");
  rejecting = false;
  const failingId = await post({
    name: failing,
    type: "BEARER",
    componentId: "http-api",
    config: { baseUrl: apiUrl, testPath: "/me" },
    value: { token: "good-until-revoked" },
  });

  // The provider revokes the token; a check from the detail page finds out.
  rejecting = true;
  await page.goto(`/credentials/${failingId}`);
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByRole("status").filter({ hasText: "rejected" })).toBeVisible();
  await expect(page.getByText(/Failing since just now/)).toBeVisible();
  const history = page.getByRole("list", { name: "Status history" });
  await expect(history.getByText("Test failed")).toBeVisible();

  await page.goto("/");
  const rowOf = (name: string) => page.getByRole("row").filter({ has: page.getByRole("link", { name }) });
  await expect(rowOf(soon).getByText("Expires soon")).toBeVisible();
  await expect(rowOf(failing).getByText(/Failing since/)).toBeVisible();
  await expect(rowOf(healthy).getByRole("list", { name: "Why this needs attention" })).toHaveCount(0);

  await page.getByRole("checkbox", { name: "Needs attention" }).check();
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL("/?attention=1");
  await expect(rowOf(soon)).toBeVisible();
  await expect(rowOf(failing)).toBeVisible();
  await expect(rowOf(healthy)).toHaveCount(0);
  await expect(page.getByRole("checkbox", { name: "Needs attention" })).toBeChecked();

  // Fixed at the provider and checked again: it leaves the filtered list.
  rejecting = false;
  await page.goto(`/credentials/${failingId}`);
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByRole("status").filter({ hasText: "work" })).toBeVisible();
  await expect(page.getByText(/Failing since/)).toHaveCount(0);
  await page.goto("/?attention=1");
  await expect(rowOf(soon)).toBeVisible();
  await expect(rowOf(failing)).toHaveCount(0);
});

test("with nothing to attend to, the filter says so", async ({ admin: page }) => {
  await page.goto("/?attention=1");
  await expect(page.getByRole("heading", { name: "Nothing needs attention" })).toBeVisible();
  await page.getByRole("link", { name: "Show all credentials" }).click();
  await expect(page).toHaveURL("/");
});
