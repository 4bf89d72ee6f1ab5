import { beforeEach, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { startFakePostgres } from "@/tests/fakes/fake-postgres";
import { connectHooks } from "./address-policy";
import { checkMysql, checkPostgres, dbCheckHooks, type DatabaseCheckOptions } from "./database";
import { closedPort, setupAllowList, silentServer, spyOnConsole } from "@/tests/support/native-checks";

// Real servers, provided by the test runner (scripts/start-mariadb.sh for MariaDB):
//   TEST_PG_URL=postgres://user:pw@127.0.0.1:PORT/db
//   TEST_MYSQL_URL=mysql://ictest:ictest-pw@127.0.0.1:PORT/ictest
// A missing variable fails the tests on purpose: a skipped check would hide a broken CI.
function target(variable: string): DatabaseCheckOptions {
  const raw = process.env[variable];
  if (!raw) throw new Error(`${variable} is not set; the database checks need a real server (see database.test.ts)`);
  const url = new URL(raw);
  return {
    host: url.hostname,
    port: Number(url.port),
    database: decodeURIComponent(url.pathname.slice(1)),
    username: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    sslMode: "prefer",
  };
}

const allow = setupAllowList();

describe.each([
  { name: "PostgreSQL", variable: "TEST_PG_URL", check: checkPostgres },
  { name: "MySQL/MariaDB", variable: "TEST_MYSQL_URL", check: checkMysql },
])("$name check", ({ variable, check }) => {
  const printed = spyOnConsole();
  beforeEach(() => {
    allow("127.0.0.1,localhost");
  });

  it("accepts good credentials", async () => {
    const result = await check(target(variable));
    expect(result).toMatchObject({ ok: true, class: "ok" });
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("reports a wrong password as auth_failed without leaking it", async () => {
    const password = `wrong-${Math.random().toString(36).slice(2)}`;
    const result = await check({ ...target(variable), password });
    expect(result).toMatchObject({ ok: false, class: "auth_failed" });
    expect(JSON.stringify(result)).not.toContain(password);
    expect(JSON.stringify(printed.mock.calls)).not.toContain(password);
  });

  it("reports an unknown database as not_found", async () => {
    const result = await check({ ...target(variable), database: "ic_missing_db" });
    expect(result).toMatchObject({ ok: false, class: "not_found" });
  });

  it("reports a closed port as network", async () => {
    const result = await check({ ...target(variable), port: await closedPort() });
    expect(result).toMatchObject({ ok: false, class: "network", code: "ECONNREFUSED" });
  });

  it("gives up on a server that never answers", async () => {
    const silent = await silentServer();
    try {
      const { port } = silent;
      const result = await check({ ...target(variable), port, timeoutMs: 300 });
      expect(result).toMatchObject({ ok: false, class: "timeout" });
      expect(result.durationMs).toBeLessThan(2000);
    } finally {
      silent.close();
    }
  });

  it("is blocked before connecting when the host is not allow-listed", async () => {
    allow("");
    connectHooks.reset();
    const result = await check(target(variable));
    expect(result).toMatchObject({ ok: false, class: "blocked" });
    expect(connectHooks.attempts()).toBe(0);
  });
});

describe("a hostile PostgreSQL server", () => {
  it("sends SCRAM i=2147483647: the event loop keeps turning, the deadline kills the check process", async () => {
    allow("127.0.0.1");
    const pg = await startFakePostgres();
    const gaps: number[] = [];
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      gaps.push(now - last);
      last = now;
    }, 20);
    try {
      const sasl = pg.nextSasl();
      const pending = checkPostgres({
        host: "127.0.0.1",
        port: pg.port,
        database: "d",
        username: "u",
        password: "p",
        sslMode: "disable",
        timeoutMs: 1500,
      });
      await sasl;
      // The check process holds no configuration of ours while it talks to this server.
      const pid = dbCheckHooks.lastPid()!;
      const environ = readFileSync(`/proc/${pid}/environ`, "utf8");
      for (const name of ["ENCRYPTION_KEY", "AUTH_SECRET", "DATABASE_URL", "PGLITE_DIR"])
        expect(environ).not.toContain(`${name}=`);
      const result = await pending;
      expect(result).toMatchObject({ ok: false, class: "timeout" });
      expect(result.durationMs).toBeLessThan(2500);
      expect(Math.max(...gaps)).toBeLessThan(250);
      await expect.poll(() => dbCheckHooks.live(), { timeout: 2000 }).toBe(0);
      await expect.poll(() => pg.open(), { timeout: 2000 }).toBe(0);
    } finally {
      clearInterval(ticker);
      await pg.close();
    }
  });
});
