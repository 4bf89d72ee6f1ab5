import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { verifyPassword } from "@/lib/auth/password";
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
      // Both keys are in the audit log, made by the system (the operator's shell), never with the key.
      const events = await api("GET", "/api/v1/audit-events?action=api_key.created", { token: out.apiKey });
      expect(events.status).toBe(200);
      const made = events.body.data as { targetId: string; actor: { type: string }; metadata: object }[];
      expect(made).toHaveLength(2);
      expect(made.map((e) => e.targetId)).toContain(second.id);
      expect(made.every((e) => e.actor.type === "system")).toBe(true);
      expect(JSON.stringify(made)).not.toContain(out.apiKey);
      expect(JSON.stringify(made)).not.toContain(second.apiKey);
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

describe("CLI user reset-password", () => {
  /** The user's row and audit events as the CLI left them, read from the CLI's own database. */
  async function readBack(dir: string, email: string) {
    const sqlText = `select u.id, u.password_hash, u.session_version,
        (select count(*)::int from audit_events a where a.target_id = u.id::text and a.action = 'member.password_reset') as resets
      from users u where u.email = $1`;
    if (process.env.DATABASE_URL) {
      const db = await getDb();
      const result = (await db.execute(sql.raw(sqlText.replace("$1", `'${email.replace(/'/g, "''")}'`)))) as unknown as
        { rows: Record<string, unknown>[] } | Record<string, unknown>[];
      // node-postgres answers { rows }, postgres.js an array of rows.
      return Array.isArray(result) ? result[0] : result.rows[0];
    }
    const { PGlite } = await import("@electric-sql/pglite");
    const pg = await PGlite.create(path.join(dir, "pglite"));
    try {
      return (await pg.query(sqlText, [email])).rows[0] as Record<string, unknown>;
    } finally {
      await pg.close();
    }
  }

  it(
    "sets a generated password shown once, ends earlier sessions and is audited; an unknown email fails",
    { timeout: 180_000 },
    async () => {
      const dir = mkdtempSync(path.join(tmpdir(), "ic-cli-"));
      const email = `${uniq("lost")}@example.test`;
      const old = "the forgotten password";
      await cli(["tenant", "create", "--name", "Acme", "--admin-email", email, "--admin-password", old], dir);
      const before = await readBack(dir, email);
      expect(before.session_version).toBe(0);

      // Mixed case and spaces, as someone would type it.
      const { stdout } = await cli(["user", "reset-password", "--email", ` ${email.toUpperCase()} `, "--json"], dir);
      const out = JSON.parse(stdout);
      expect(out).toEqual({ userId: before.id, email, password: expect.stringMatching(/^[A-Za-z0-9_-]{24}$/) });
      const after = await readBack(dir, email);
      expect(await verifyPassword(out.password, String(after.password_hash))).toBe(true);
      expect(await verifyPassword(old, String(after.password_hash))).toBe(false);
      expect(after.session_version).toBe(1);
      expect(after.resets).toBe(1);

      const text = (await cli(["user", "reset-password", "--email", email], dir)).stdout;
      expect(text).toMatch(/New password for .+: [A-Za-z0-9_-]{24} {2}\(shown once/);
      expect(text).not.toContain(out.password);
      expect((await readBack(dir, email)).session_version).toBe(2);

      await expect(
        cli(["user", "reset-password", "--email", `${uniq("nobody")}@example.test`], dir),
      ).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("No user has the email") });
      await expect(cli(["user", "reset-password", "--email", "not-an-email"], dir)).rejects.toMatchObject({
        code: 1,
        stderr: expect.stringContaining("--email must be an email address"),
      });
    },
  );
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
