import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { api, uniq } from "./api";

const run = promisify(execFile);

/** Runs the CLI in a child process: on Postgres against the same database, on PGlite in its own directory. */
function cli(args: string[], dataDir: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
  if (!process.env.DATABASE_URL) env.PGLITE_DIR = path.join(dataDir, "pglite");
  return run("node_modules/.bin/tsx", ["--conditions=react-server", "scripts/cli.ts", ...args], {
    env,
    timeout: 60_000,
  });
}

describe("CLI", () => {
  // Each call starts a process (and, on PGlite, a database): allow for a slow, busy machine.
  it("creates a tenant with an admin and an API key, and another key for it", { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "ic-cli-"));
    const email = `${uniq("cli")}@example.test`;
    const { stdout } = await cli(
      [
        "tenant",
        "create",
        "--name",
        "Acme",
        "--admin-email",
        email,
        "--admin-password",
        "a long cli password",
        "--json",
      ],
      dir,
    );
    const out = JSON.parse(stdout);
    expect(out).toEqual({ tenantId: expect.any(String), apiKey: expect.stringMatching(/^ick_/), adminEmail: email });
    const second = JSON.parse((await cli(["apikey", "create", "--tenant", out.tenantId, "--json"], dir)).stdout);
    expect(second.apiKey).toMatch(/^ick_/);
    expect(second.apiKey).not.toBe(out.apiKey);
    if (process.env.DATABASE_URL) {
      // Same database as the test process: the keys work against the API.
      expect((await api("GET", "/api/v1/workspaces", { token: out.apiKey })).status).toBe(200);
      expect((await api("GET", "/api/v1/workspaces", { token: second.apiKey })).status).toBe(200);
    }
  });

  it("refuses bad input with a message and a non-zero exit", { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "ic-cli-"));
    await expect(
      cli(["tenant", "create", "--name", "A", "--admin-email", "nope", "--admin-password", "short"], dir),
    ).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining("email"),
    });
    await expect(cli(["bogus"], dir)).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("usage") });
  });
});

describe("embedded database lock", () => {
  it("refuses a second process on a PGlite directory in use", { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "ic-lock-"));
    // This (live) test process claims the directory, as a running server would.
    writeFileSync(path.join(dir, "pglite.lock"), String(process.pid));
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dir, PGLITE_DIR: path.join(dir, "pglite") };
    delete env.DATABASE_URL;
    await expect(
      run("node_modules/.bin/tsx", ["--conditions=react-server", "scripts/cli.ts", "keys", "status"], {
        env,
        timeout: 60_000,
      }),
    ).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining(`in use by process ${process.pid}`) });
    // A stale lock (dead pid) is taken over.
    writeFileSync(path.join(dir, "pglite.lock"), "999999");
    const { stdout } = await run(
      "node_modules/.bin/tsx",
      ["--conditions=react-server", "scripts/cli.ts", "keys", "status", "--json"],
      { env, timeout: 60_000 },
    );
    expect(JSON.parse(stdout).masterActive).toBe("v1");
  });
});
