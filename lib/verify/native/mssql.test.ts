import { lookup } from "node:dns/promises";
import { beforeEach, describe, expect, it } from "vitest";
import { mssqlSchema } from "@/lib/secrets/types/database";
import { startFakeTds } from "@/tests/fakes/fake-tds";
import { connectHooks } from "../address-policy";
import type { DatabaseCheckOptions } from "../database";
import { checkMssql } from "./mssql";
import { nativeCheckHooks } from "./run";
import { loopbackServer, setupAllowList, spyOnConsole } from "@/tests/support/native-checks";

// There is no SQL Server package for this machine: these tests cover the address policy,
// refusal, a silent or non-TDS server, and, against a small TDS fake (tests/fakes/fake-tds.ts),
// a good login with `SELECT 1`, a wrong password, a refused login, a routed login and a server
// without TLS. They prove how the check drives tedious, not a real server's authentication.
const PASSWORD = "mssql-secret-pw-4f1c";
const value = (port: number): DatabaseCheckOptions =>
  mssqlSchema.parse({ host: "127.0.0.1", port, database: "app", username: "sa", password: PASSWORD });

const allow = setupAllowList();

describe("SQL Server check (no real server: a TDS fake, refusal, deadline, policy, garbage)", () => {
  const printed = spyOnConsole();
  beforeEach(() => {
    allow("127.0.0.1");
  });

  it("reports a closed port as network", async () => {
    const s = await loopbackServer(() => {});
    const port = s.port;
    s.close();
    const result = await checkMssql(value(port));
    expect(result).toMatchObject({ ok: false, class: "network", code: "ECONNREFUSED" });
  });

  it("gives up on a server that never answers the pre-login, and the check process is killed", async () => {
    const s = await loopbackServer(() => {});
    try {
      const result = await checkMssql({ ...value(s.port), timeoutMs: 2500 });
      expect(result).toMatchObject({ ok: false, class: "timeout" });
      expect(result.durationMs).toBeLessThan(4000);
      expect(s.sockets.length).toBe(1);
      await expect.poll(() => nativeCheckHooks.live(), { timeout: 2000 }).toBe(0);
    } finally {
      s.close();
    }
  });

  it("fails a server that answers the pre-login with something that is not TDS, without passing on a word", async () => {
    let received = 0;
    const s = await loopbackServer((sock) => {
      sock.once("data", (d) => {
        received = d.length;
        // An HTTP answer where a TDS pre-login response belongs (a wrong port, a proxy).
        sock.end(`HTTP/1.1 400 Bad Request\r\nX-Echo: ${PASSWORD}\r\n\r\n`);
      });
    });
    try {
      const result = await checkMssql(value(s.port));
      expect(received).toBeGreaterThan(0); // tedious sent its pre-login to the pinned address
      expect(result.ok).toBe(false);
      expect(["network", "server_error"]).toContain(result.class);
      expect(JSON.stringify(result)).not.toContain(PASSWORD);
      expect(JSON.stringify(printed.mock.calls)).not.toContain(PASSWORD);
    } finally {
      s.close();
    }
  });

  it.each(["disable", "prefer"] as const)(
    "logs in and runs SELECT 1 (sslMode %s, a server without TLS): ok",
    async (sslMode) => {
      const tds = await startFakeTds({ accept: { username: "sa", password: PASSWORD } });
      try {
        const result = await checkMssql({ ...value(tds.port), sslMode });
        expect(result).toMatchObject({ ok: true, class: "ok" });
        expect(tds.logins()).toMatchObject([{ username: "sa", database: "app" }]);
        // tedious' own `set ...` options after the login (a SQL batch), then the check's query
        // (an RPC request: sp_executesql).
        expect(tds.statements()).toHaveLength(2);
        expect(tds.statements()[1]).toBe("SELECT 1");
        expect(tds.packetTypes()).toEqual([0x12, 0x10, 0x01, 0x03]);
        expect(JSON.stringify(printed.mock.calls)).not.toContain(PASSWORD);
      } finally {
        await tds.close();
      }
    },
  );

  it("answers a wrong password as auth_failed (18456), and runs nothing", async () => {
    const tds = await startFakeTds({ accept: { username: "sa", password: PASSWORD } });
    const wrong = `${PASSWORD}-not`;
    try {
      const result = await checkMssql({ ...value(tds.port), password: wrong, sslMode: "disable" });
      expect(result).toMatchObject({ ok: false, class: "auth_failed", code: "MSSQL_18456" });
      expect(tds.statements()).toEqual([]);
      expect(JSON.stringify(result)).not.toContain(wrong);
      expect(JSON.stringify(printed.mock.calls)).not.toContain(wrong);
    } finally {
      await tds.close();
    }
  });

  it("dials the checked IP of a host name and logs in under the name", async () => {
    // Where the address policy will pin `localhost`: its first address, the only one listening.
    const [first] = await lookup("localhost", { all: true, verbatim: true });
    const tds = await startFakeTds({ accept: { username: "sa", password: PASSWORD } }, { host: first.address });
    allow("localhost");
    try {
      const result = await checkMssql({ ...value(tds.port), host: "localhost", sslMode: "disable" });
      expect(result).toMatchObject({ ok: true, class: "ok" });
      expect(tds.connections()).toBe(1);
      expect(tds.logins()).toMatchObject([{ serverName: "localhost", localAddress: first.address }]);
    } finally {
      await tds.close();
    }
  });

  it.each([
    [18456, "auth_failed"],
    [4060, "not_found"],
    [916, "forbidden"],
  ])("answers a login refused with SQL Server error %i as %s", async (number, cls) => {
    const tds = await startFakeTds({ error: number });
    try {
      const result = await checkMssql({ ...value(tds.port), sslMode: "disable" });
      expect(result).toMatchObject({ ok: false, class: cls, code: `MSSQL_${number}` });
      expect(tds.packetTypes()).toEqual([0x12, 0x10]); // pre-login, then the login itself
      expect(JSON.stringify(printed.mock.calls)).not.toContain(PASSWORD);
    } finally {
      await tds.close();
    }
  });

  it("refuses a login the server routes to another host: that host was never checked", async () => {
    const tds = await startFakeTds({ routeTo: { host: "replica.db.example.net", port: 1433 } });
    try {
      const result = await checkMssql({ ...value(tds.port), sslMode: "disable" });
      expect(result).toMatchObject({ ok: false, class: "blocked", code: "CHECK_UNPINNED" });
      expect(tds.connections()).toBe(1);
    } finally {
      await tds.close();
    }
  });

  it("refuses a route to another port of an allowed address as well: the pin is the address and the port", async () => {
    const tds = await startFakeTds({ routeTo: { host: "127.0.0.1", port: 1 } });
    try {
      const result = await checkMssql({ ...value(tds.port), sslMode: "disable" });
      expect(result).toMatchObject({ ok: false, class: "blocked", code: "CHECK_UNPINNED" });
    } finally {
      await tds.close();
    }
  });

  it.each(["require", "verify-full"] as const)(
    "with sslMode %s, never sends the login to a server that offers no TLS",
    async (sslMode) => {
      const tds = await startFakeTds({ error: 18456 });
      try {
        const result = await checkMssql({ ...value(tds.port), sslMode });
        expect(result).toMatchObject({ ok: false, class: "network", code: "MSSQL_NO_TLS" });
        expect(tds.packetTypes()).toEqual([0x12]); // the pre-login only: no LOGIN7, no password
      } finally {
        await tds.close();
      }
    },
  );

  it("is blocked before connecting when the host is not allow-listed", async () => {
    allow("");
    connectHooks.reset();
    const before = nativeCheckHooks.lastPid();
    const result = await checkMssql(value(1433));
    expect(result).toMatchObject({ ok: false, class: "blocked" });
    expect(connectHooks.attempts()).toBe(0);
    expect(nativeCheckHooks.lastPid()).toBe(before);
  });
});
