import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { redisSchema, type RedisValue } from "@/lib/secrets/types/redis";
import { connectHooks } from "../address-policy";
import { checkRedis } from "./redis";
import { nativeCheckHooks } from "./run";
import { closedPort, setupAllowList, silentServer, spyOnConsole } from "@/tests/support/native-checks";

// A real redis-server, started by the test runner (scripts/start-redis.sh):
//   TEST_REDIS_URL=redis://:ictest-pw@127.0.0.1:PORT/0
//   TEST_REDIS_TLS_URL=rediss://:ictest-pw@localhost:TLS_PORT/0, TEST_REDIS_CA (its certificate, for `localhost` only)
// The script also makes ACL users ictest / ictest-user-pw (every command) and icnoping /
// icnoping-pw (no command at all). A missing variable fails the tests on purpose: a
// skipped check would hide a broken CI.
function target(): RedisValue {
  const raw = process.env.TEST_REDIS_URL;
  if (!raw) throw new Error("TEST_REDIS_URL is not set; the Redis checks need a real server (scripts/start-redis.sh)");
  const url = new URL(raw);
  return redisSchema.parse({
    host: url.hostname,
    port: Number(url.port),
    password: decodeURIComponent(url.password),
    database: Number(url.pathname.slice(1) || 0),
  });
}

/** The TLS listener, by the name its certificate carries, and that certificate's file. */
function tlsTarget(): { value: RedisValue; ca: string } {
  const raw = process.env.TEST_REDIS_TLS_URL;
  const ca = process.env.TEST_REDIS_CA;
  if (!raw || !ca) throw new Error("TEST_REDIS_TLS_URL and TEST_REDIS_CA are not set (scripts/start-redis.sh)");
  const url = new URL(raw);
  return { value: { ...target(), host: url.hostname, port: Number(url.port), tls: "verify-full" }, ca };
}

const allow = setupAllowList();

describe("Redis check against a real redis-server", () => {
  const printed = spyOnConsole();
  beforeEach(() => {
    allow("127.0.0.1");
  });

  it("accepts the requirepass password (AUTH, PING)", async () => {
    expect(await checkRedis(target())).toMatchObject({ ok: true, class: "ok" });
  });

  it("accepts an ACL user with its password, and a database number", async () => {
    const result = await checkRedis({ ...target(), username: "ictest", password: "ictest-user-pw", database: 3 });
    expect(result).toMatchObject({ ok: true, class: "ok" });
  });

  it("reports a wrong password as auth_failed without leaking it", async () => {
    const password = `wrong-${Math.random().toString(36).slice(2)}`;
    const result = await checkRedis({ ...target(), password });
    expect(result).toMatchObject({ ok: false, class: "auth_failed", code: "REDIS_WRONGPASS" });
    expect(JSON.stringify(result)).not.toContain(password);
    expect(JSON.stringify(printed.mock.calls)).not.toContain(password);
  });

  it("reports a wrong ACL username as auth_failed", async () => {
    const result = await checkRedis({ ...target(), username: "nobody", password: "ictest-user-pw" });
    expect(result).toMatchObject({ ok: false, class: "auth_failed", code: "REDIS_WRONGPASS" });
  });

  it("reports a user who may not run PING as forbidden", async () => {
    const result = await checkRedis({ ...target(), username: "icnoping", password: "icnoping-pw" });
    expect(result).toMatchObject({ ok: false, class: "forbidden", code: "REDIS_NOPERM" });
  });

  it("reports a database number the server does not have as not_found", async () => {
    const result = await checkRedis({ ...target(), database: 99 });
    expect(result).toMatchObject({ ok: false, class: "not_found", code: "REDIS_DB_INDEX" });
  });

  it("never passes TLS against a plain-TCP server", async () => {
    const result = await checkRedis({ ...target(), tls: "require" }, 3000);
    expect(result.ok).toBe(false);
    expect(["network", "timeout"]).toContain(result.class);
  });

  describe("over TLS (a certificate for localhost only, the socket to the checked 127.0.0.1)", () => {
    const savedCa = process.env.NODE_EXTRA_CA_CERTS;
    afterEach(() => {
      if (savedCa === undefined) delete process.env.NODE_EXTRA_CA_CERTS;
      else process.env.NODE_EXTRA_CA_CERTS = savedCa;
    });
    const trusting = (ca: string) => {
      // The check process inherits it (run.ts passes NODE_EXTRA_CA_CERTS on) and reads it at start.
      process.env.NODE_EXTRA_CA_CERTS = ca;
    };

    it("verify-full passes when the name given is the one the certificate carries, though the socket goes to the IP", async () => {
      allow("127.0.0.1,localhost");
      const { value, ca } = tlsTarget();
      trusting(ca);
      expect(await checkRedis(value)).toMatchObject({ ok: true, class: "ok" });
    });

    it("verify-full fails for the same server reached by its IP: the certificate does not name it", async () => {
      const { value, ca } = tlsTarget();
      trusting(ca);
      const result = await checkRedis({ ...value, host: "127.0.0.1" });
      expect(result).toMatchObject({ ok: false, class: "network", code: "ERR_TLS_CERT_ALTNAME_INVALID" });
    });

    it("verify-full fails for a certificate nobody vouches for; require accepts it", async () => {
      allow("127.0.0.1,localhost");
      const { value } = tlsTarget();
      delete process.env.NODE_EXTRA_CA_CERTS;
      const strict = await checkRedis(value);
      expect(strict).toMatchObject({ ok: false, class: "network" });
      expect(strict.code).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY/);
      expect(await checkRedis({ ...value, tls: "require" })).toMatchObject({ ok: true, class: "ok" });
    });

    it("still refuses a wrong password over TLS as auth_failed", async () => {
      allow("127.0.0.1,localhost");
      const { value, ca } = tlsTarget();
      trusting(ca);
      expect(await checkRedis({ ...value, password: "wrong-over-tls" })).toMatchObject({ class: "auth_failed" });
    });
  });

  it("reports a closed port as network", async () => {
    const result = await checkRedis({ ...target(), port: await closedPort() });
    expect(result).toMatchObject({ ok: false, class: "network", code: "ECONNREFUSED" });
  });

  it("gives up on a server that never answers, and the check process is killed", async () => {
    const silent = await silentServer();
    const { sockets } = silent;
    try {
      const { port } = silent;
      const result = await checkRedis({ ...target(), port }, 2500);
      expect(result).toMatchObject({ ok: false, class: "timeout" });
      // The deadline held (a child start takes up to a second on a busy machine), and the
      // server was reached: this timed out waiting for an answer, not for a socket.
      expect(result.durationMs).toBeLessThan(4000);
      expect(sockets.length).toBe(1);
      await expect.poll(() => nativeCheckHooks.live(), { timeout: 2000 }).toBe(0);
    } finally {
      silent.close();
    }
  });

  it("is blocked before connecting when the host is not allow-listed", async () => {
    allow("");
    connectHooks.reset();
    const before = nativeCheckHooks.lastPid();
    const result = await checkRedis(target());
    expect(result).toMatchObject({ ok: false, class: "blocked" });
    expect(connectHooks.attempts()).toBe(0);
    expect(nativeCheckHooks.lastPid()).toBe(before);
  });
});
