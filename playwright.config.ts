import { randomBytes } from "node:crypto";
import { mkdtempSync, rmdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

/**
 * End-to-end tests against a real server on 127.0.0.1 (never localhost: Auth.js cookies
 * do not carry between the two). Each run gets its own database and secrets.
 *   E2E_DEV=1           – `next dev` instead of `next start` (no build needed)
 *   E2E_PORT            – port, 3100 by default
 *   E2E_DATABASE_URL    – run on this Postgres instead of a fresh PGlite directory
 */
const port = Number(process.env.E2E_PORT || 3100);
const baseURL = `http://127.0.0.1:${port}`;
const dev = process.env.E2E_DEV === "1";
const postgresUrl = process.env.E2E_DATABASE_URL || undefined;

// Playwright loads this file in the runner and again in every worker. Workers inherit the
// runner's environment, so these are made once per run, by the runner.
const isRunner = !process.env.E2E_RUN_DIR;
process.env.E2E_RUN_DIR ??= mkdtempSync(path.join(tmpdir(), "ic-e2e-"));
process.env.E2E_AUTH_SECRET ??= randomBytes(32).toString("base64url");
process.env.E2E_ENCRYPTION_KEY ??= randomBytes(32).toString("base64");
const runDir = process.env.E2E_RUN_DIR;
if (isRunner) {
  // The runner exits after the web server has stopped: drop the database (about 40 MB),
  // keep any test artifacts.
  process.on("exit", () => {
    for (const dir of ["pglite", "data"]) rmSync(path.join(runDir, dir), { recursive: true, force: true });
    try {
      rmdirSync(runDir);
    } catch {
      // Not empty: failure artifacts (E2E_DEV) stay for inspection.
    }
  });
}

const next = "node_modules/.bin/next";

export default defineConfig({
  testDir: "e2e",
  // `next dev` watches the project and reloads the page on every file written into it,
  // traces included, so under E2E_DEV the artifacts go to the run's temporary directory.
  outputDir: dev ? path.join(runDir, "test-results") : "test-results",
  // PGlite allows one connection at a time; Postgres takes two workers comfortably.
  workers: postgresUrl ? 2 : 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: dev ? 90_000 : 30_000,
  expect: { timeout: dev ? 15_000 : 5_000 },
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME
    ? [["list"], ["json", { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME }]]
    : [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        browserName: "chromium",
        launchOptions: {
          executablePath: "/usr/bin/chromium",
          args: [
            "--no-sandbox",
            "--headless",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
          ],
        },
      },
    },
  ],
  webServer: {
    command: dev ? `${next} dev -p ${port} -H 127.0.0.1` : `${next} start -p ${port} -H 127.0.0.1`,
    // Health opens (and on first start migrates) the database, so tests start on a warm server.
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: "pipe",
    stderr: "pipe",
    // SIGTERM lets the app close PGlite cleanly (NEXT_MANUAL_SIG_HANDLE hands signals to it).
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    env: {
      // undefined removes a variable inherited from the shell, so the run never touches a real database.
      DATABASE_URL: postgresUrl as string,
      PGLITE_DIR: postgresUrl ? (undefined as unknown as string) : path.join(runDir, "pglite"),
      DATA_DIR: path.join(runDir, "data"),
      AUTH_SECRET: process.env.E2E_AUTH_SECRET,
      ENCRYPTION_KEY: process.env.E2E_ENCRYPTION_KEY,
      AUTH_TRUST_HOST: "true",
      // The OAuth redirect URI is built from it: the callback must come back to this server.
      PUBLIC_URL: baseURL,
      OUTBOUND_ALLOW_HOSTS: "127.0.0.1,localhost",
      // Every spec signs up its own tenant from 127.0.0.1; the limit itself is tested in
      // tests/rate-limits.test.ts.
      RATE_LIMIT_SIGNUP_PER_IP: "10000",
      // The same for the OAuth launch and callback pages, which every OAuth spec opens.
      RATE_LIMIT_OAUTH_PER_IP: "10000",
      NEXT_MANUAL_SIG_HANDLE: "true",
      // The runner is on, as in production: the webhook spec needs it to deliver. Nothing the
      // other specs make is due within a run (re-checks come a day after creation, their
      // tokens live an hour). E2E_BACKGROUND_JOBS=off turns it off.
      BACKGROUND_JOBS: process.env.E2E_BACKGROUND_JOBS ?? "on",
      NEXT_TELEMETRY_DISABLED: "1",
      LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? "warn",
    },
  },
});
