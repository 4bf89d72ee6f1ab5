import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { amqpSchema, type AmqpValue } from "@/lib/secrets/types/amqp";
import { connectHooks } from "../address-policy";
import { checkAmqp } from "./amqp";
import { nativeCheckHooks } from "./run";
import { closedPort, setupAllowList, silentServer, spyOnConsole } from "@/tests/support/native-checks";

// A real RabbitMQ, started by the test runner (scripts/start-rabbitmq.sh):
//   TEST_AMQP_URL=amqp://ictest:ictest-pw@127.0.0.1:PORT/ictest
//   TEST_AMQPS_URL=amqps://ictest:ictest-pw@localhost:TLS_PORT/ictest, TEST_AMQP_CA (its certificate, for `localhost` only)
// The script also makes user icnoperm / icnoperm-pw, who may use no vhost. A missing
// variable fails the tests on purpose: a skipped check would hide a broken CI.
function target(): AmqpValue {
  const raw = process.env.TEST_AMQP_URL;
  if (!raw) throw new Error("TEST_AMQP_URL is not set; the AMQP checks need a real broker (scripts/start-rabbitmq.sh)");
  const url = new URL(raw);
  return amqpSchema.parse({
    host: url.hostname,
    port: Number(url.port),
    vhost: decodeURIComponent(url.pathname.slice(1)),
    username: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  });
}

/** The AMQPS listener, by the name its certificate carries, and that certificate's file. */
function tlsTarget(): { value: AmqpValue; ca: string } {
  const raw = process.env.TEST_AMQPS_URL;
  const ca = process.env.TEST_AMQP_CA;
  if (!raw || !ca) throw new Error("TEST_AMQPS_URL and TEST_AMQP_CA are not set (scripts/start-rabbitmq.sh)");
  const url = new URL(raw);
  return { value: { ...target(), host: url.hostname, port: Number(url.port), tls: "verify-full" }, ca };
}

const allow = setupAllowList();

describe("AMQP check against a real RabbitMQ", () => {
  const printed = spyOnConsole();
  beforeEach(() => {
    allow("127.0.0.1");
  });

  it("opens a connection and a channel with good credentials", async () => {
    expect(await checkAmqp(target())).toMatchObject({ ok: true, class: "ok" });
  });

  it("reports a wrong password as auth_failed without leaking it", async () => {
    const password = `wrong-${Math.random().toString(36).slice(2)}`;
    const result = await checkAmqp({ ...target(), password });
    expect(result).toMatchObject({ ok: false, class: "auth_failed", code: "AMQP_ACCESS_REFUSED" });
    expect(JSON.stringify(result)).not.toContain(password);
    expect(JSON.stringify(printed.mock.calls)).not.toContain(password);
  });

  it("reports a vhost that does not exist as not_found", async () => {
    const result = await checkAmqp({ ...target(), vhost: "ic-missing-vhost" });
    expect(result).toMatchObject({ ok: false, class: "not_found", code: "AMQP_NOT_ALLOWED" });
  });

  it("reports a vhost the user has no permission on the same way (RabbitMQ answers 530 for both)", async () => {
    const result = await checkAmqp({ ...target(), username: "icnoperm", password: "icnoperm-pw" });
    expect(result).toMatchObject({ ok: false, class: "not_found", code: "AMQP_NOT_ALLOWED" });
  });

  describe("over TLS (a certificate for localhost only, the socket to the checked 127.0.0.1)", () => {
    const savedCa = process.env.NODE_EXTRA_CA_CERTS;
    afterEach(() => {
      if (savedCa === undefined) delete process.env.NODE_EXTRA_CA_CERTS;
      else process.env.NODE_EXTRA_CA_CERTS = savedCa;
    });

    it("verify-full passes when the name given is the one the certificate carries", async () => {
      allow("127.0.0.1,localhost");
      const { value, ca } = tlsTarget();
      process.env.NODE_EXTRA_CA_CERTS = ca; // the check process inherits it and reads it at start
      expect(await checkAmqp(value)).toMatchObject({ ok: true, class: "ok" });
    });

    it("verify-full fails for the same broker reached by its IP: the certificate does not name it", async () => {
      const { value, ca } = tlsTarget();
      process.env.NODE_EXTRA_CA_CERTS = ca;
      const result = await checkAmqp({ ...value, host: "127.0.0.1" });
      expect(result).toMatchObject({ ok: false, class: "network", code: "ERR_TLS_CERT_ALTNAME_INVALID" });
    });

    it("verify-full fails for a certificate nobody vouches for; require accepts it", async () => {
      allow("127.0.0.1,localhost");
      const { value } = tlsTarget();
      delete process.env.NODE_EXTRA_CA_CERTS;
      const strict = await checkAmqp(value);
      expect(strict).toMatchObject({ ok: false, class: "network" });
      expect(strict.code).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY/);
      expect(await checkAmqp({ ...value, tls: "require" })).toMatchObject({ ok: true, class: "ok" });
    });
  });

  it("reports a closed port as network", async () => {
    const result = await checkAmqp({ ...target(), port: await closedPort() });
    expect(result).toMatchObject({ ok: false, class: "network", code: "ECONNREFUSED" });
  });

  it("gives up on a server that never answers, and the check process is killed", async () => {
    const silent = await silentServer();
    const { sockets } = silent;
    try {
      const { port } = silent;
      const result = await checkAmqp({ ...target(), port }, 2500);
      expect(result).toMatchObject({ ok: false, class: "timeout" });
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
    const result = await checkAmqp(target());
    expect(result).toMatchObject({ ok: false, class: "blocked" });
    expect(connectHooks.attempts()).toBe(0);
    expect(nativeCheckHooks.lastPid()).toBe(before);
  });
});
