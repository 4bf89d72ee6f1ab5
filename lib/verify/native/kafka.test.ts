import { createServer, type AddressInfo } from "node:net";
import { createServer as createTlsServer, type TLSSocket } from "node:tls";
import { beforeEach, describe, expect, it } from "vitest";
import { FAKE_KAFKA_SASL_ERROR, startFakeKafka } from "@/tests/fakes/fake-kafka";
import { kafka, kafkaSchema, parseBootstrapServers, type KafkaValue } from "@/lib/secrets/types/kafka";
import { connectHooks } from "../address-policy";
import { checkKafka } from "./kafka";
import { nativeCheckHooks } from "./run";
// The engine itself, for its socket factory (it runs in the check process otherwise).
import { pinnedSocketFactory } from "./engines/kafka.mjs";
import {
  closedPort,
  setupAllowList,
  setupTlsCertificates,
  silentServer,
  spyOnConsole,
} from "@/tests/support/native-checks";

// There is no Kafka server package on these machines. These tests drive the real kafkajs
// against a loopback fake broker (tests/fakes/fake-kafka.ts): they prove pinning, the SASL
// outcome, deadlines and that advertised brokers are never dialled, not a real cluster.

const value = (v: Record<string, unknown>): KafkaValue => kafkaSchema.parse(v);

const allow = setupAllowList();

describe("Kafka check", () => {
  const printed = spyOnConsole();
  beforeEach(() => {
    allow("127.0.0.1");
    connectHooks.reset();
  });

  it("describes the cluster over SASL_PLAINTEXT/PLAIN (a fake broker: no real Kafka here)", async () => {
    const broker = await startFakeKafka({ sasl: { username: "app", password: "app-secret" } });
    try {
      const result = await checkKafka(
        value({
          bootstrapServers: `127.0.0.1:${broker.port}`,
          securityProtocol: "SASL_PLAINTEXT",
          username: "app",
          password: "app-secret",
        }),
      );
      expect(result).toMatchObject({ ok: true, class: "ok" });
      expect(broker.authenticated()).toBe(1);
      expect(broker.requests()).toContain("Metadata");
    } finally {
      await broker.close();
    }
  });

  it("reports a refused SASL login as auth_failed without leaking the password", async () => {
    const broker = await startFakeKafka({ sasl: { username: "app", password: "app-secret" } });
    const password = `wrong-${Math.random().toString(36).slice(2)}`;
    try {
      const result = await checkKafka(
        value({
          bootstrapServers: `127.0.0.1:${broker.port}`,
          securityProtocol: "SASL_PLAINTEXT",
          username: "app",
          password,
        }),
      );
      expect(result).toMatchObject({ ok: false, class: "auth_failed" });
      expect(broker.authenticated()).toBe(0);
      expect(JSON.stringify(result)).not.toContain(password);
      expect(JSON.stringify(printed.mock.calls)).not.toContain(password);
    } finally {
      await broker.close();
    }
  });

  it("puts an advertised broker through the address policy: blocked when the policy refuses it", async () => {
    // 192.0.2.1 is a documentation address: were the socket factory to dial it, nothing would answer.
    const broker = await startFakeKafka({ brokers: () => [{ nodeId: 1, host: "192.0.2.1", port: 9092 }] });
    try {
      const result = await checkKafka(
        value({ bootstrapServers: `127.0.0.1:${broker.port}`, securityProtocol: "PLAINTEXT" }),
      );
      expect(result).toMatchObject({ ok: false, class: "blocked", code: "blocked" });
      expect(broker.requests()).toContain("Metadata");
    } finally {
      await broker.close();
    }
  });

  it("is blocked, every time, when the metadata also names a broker nobody checked", async () => {
    const broker = await startFakeKafka({
      brokers: (self) => [
        { nodeId: 0, ...self },
        { nodeId: 1, host: "192.0.2.1", port: 9092 },
      ],
    });
    try {
      // kafkajs picks a broker at random: the answer must not depend on which.
      for (let i = 0; i < 3; i++) {
        const result = await checkKafka(
          value({ bootstrapServers: `127.0.0.1:${broker.port}`, securityProtocol: "PLAINTEXT" }),
        );
        expect(result).toMatchObject({ ok: false, class: "blocked" });
      }
    } finally {
      await broker.close();
    }
  });

  it("follows advertised brokers the policy allows (a managed cluster's bootstrap is not a broker)", async () => {
    const b = await startFakeKafka({ brokers: (self) => [{ nodeId: 1, ...self }] });
    // The bootstrap server advertises only the other broker, as Confluent Cloud's does.
    const a = await startFakeKafka({ brokers: () => [{ nodeId: 1, host: "127.0.0.1", port: b.port }] });
    try {
      const result = await checkKafka(
        value({ bootstrapServers: `127.0.0.1:${a.port}`, securityProtocol: "PLAINTEXT" }),
      );
      expect(result).toMatchObject({ ok: true, class: "ok" });
      expect(b.requests().length).toBeGreaterThan(0);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("refuses an advertised loopback broker that is not allow-listed", async () => {
    const a = await startFakeKafka({ brokers: () => [{ nodeId: 1, host: "127.0.0.2", port: 9092 }] });
    try {
      const result = await checkKafka(
        value({ bootstrapServers: `127.0.0.1:${a.port}`, securityProtocol: "PLAINTEXT" }),
      );
      expect(result).toMatchObject({ ok: false, class: "blocked" });
    } finally {
      await a.close();
    }
  });

  it("passes when every advertised broker is a checked bootstrap server", async () => {
    const a = await startFakeKafka({ brokers: (self) => [{ nodeId: 0, ...self }] });
    try {
      const result = await checkKafka(
        value({ bootstrapServers: `127.0.0.1:${a.port}`, securityProtocol: "PLAINTEXT" }),
      );
      expect(result).toMatchObject({ ok: true });
    } finally {
      await a.close();
    }
  });

  it("checks every bootstrap server: one refused host blocks the check before any process starts", async () => {
    const broker = await startFakeKafka();
    try {
      const before = nativeCheckHooks.lastPid();
      const result = await checkKafka(
        value({ bootstrapServers: `127.0.0.1:${broker.port},10.0.0.1:9092`, securityProtocol: "PLAINTEXT" }),
      );
      expect(result).toMatchObject({ ok: false, class: "blocked" });
      expect(nativeCheckHooks.lastPid()).toBe(before);
      expect(broker.connections()).toBe(0);
      expect(connectHooks.attempts()).toBe(0);
    } finally {
      await broker.close();
    }
  });

  it("reports a closed port as network", async () => {
    const result = await checkKafka(
      value({ bootstrapServers: `127.0.0.1:${await closedPort()}`, securityProtocol: "PLAINTEXT" }),
    );
    expect(result).toMatchObject({ ok: false, class: "network", code: "ECONNREFUSED" });
  });

  it("gives up on a broker that never answers, and the check process is gone", async () => {
    const silent = await silentServer();
    const { sockets } = silent;
    try {
      const { port } = silent;
      const result = await checkKafka(value({ bootstrapServers: `127.0.0.1:${port}`, securityProtocol: "PLAINTEXT" }), {
        timeoutMs: 2500,
      });
      expect(result).toMatchObject({ ok: false, class: "timeout" });
      expect(result.durationMs).toBeLessThan(4000);
      expect(sockets.length).toBeGreaterThanOrEqual(1);
      await expect.poll(() => nativeCheckHooks.live(), { timeout: 2000 }).toBe(0);
    } finally {
      silent.close();
    }
  });

  it("is blocked before connecting when the host is not allow-listed", async () => {
    allow("");
    const result = await checkKafka(value({ bootstrapServers: "127.0.0.1:9092", securityProtocol: "PLAINTEXT" }));
    expect(result).toMatchObject({ ok: false, class: "blocked" });
    expect(connectHooks.attempts()).toBe(0);
  });
});

describe("Kafka SASL/SCRAM (the fake broker runs the RFC 5802 exchange)", () => {
  const printed = spyOnConsole();
  beforeEach(() => {
    allow("127.0.0.1");
  });

  const mechanisms = ["SCRAM-SHA-256", "SCRAM-SHA-512"] as const;
  it.each(mechanisms)("%s: the right password authenticates (the server's signature checks out too)", async (m) => {
    const broker = await startFakeKafka({ sasl: { username: "app", password: "app-secret", mechanism: m } });
    try {
      const result = await checkKafka(
        value({
          bootstrapServers: `127.0.0.1:${broker.port}`,
          securityProtocol: "SASL_PLAINTEXT",
          saslMechanism: m,
          username: "app",
          password: "app-secret",
        }),
      );
      expect(result).toMatchObject({ ok: true, class: "ok" });
      expect(broker.authenticated()).toBe(1);
      // client-first and client-final: two SaslAuthenticate round trips, then the metadata.
      expect(broker.requests().filter((r) => r === "SaslAuthenticate")).toHaveLength(2);
      expect(broker.requests()).toContain("Metadata");
    } finally {
      await broker.close();
    }
  });

  it.each(mechanisms)("%s: a wrong password is auth_failed, and neither it nor the server's text leaks", async (m) => {
    const broker = await startFakeKafka({ sasl: { username: "app", password: "app-secret", mechanism: m } });
    const password = `wrong-${Math.random().toString(36).slice(2)}`;
    try {
      const result = await checkKafka(
        value({
          bootstrapServers: `127.0.0.1:${broker.port}`,
          securityProtocol: "SASL_PLAINTEXT",
          saslMechanism: m,
          username: "app",
          password,
        }),
      );
      expect(result).toMatchObject({ ok: false, class: "auth_failed" });
      expect(broker.authenticated()).toBe(0);
      expect(broker.requests().filter((r) => r === "SaslAuthenticate")).toHaveLength(2);
      expect(JSON.stringify(result)).not.toContain(password);
      expect(JSON.stringify(result)).not.toContain("fake-kafka");
      expect(JSON.stringify(printed.mock.calls)).not.toContain(password);
    } finally {
      await broker.close();
    }
  });

  it("a mechanism the broker does not offer is auth_failed (PLAIN against a SCRAM-SHA-512 listener)", async () => {
    const broker = await startFakeKafka({
      sasl: { username: "app", password: "app-secret", mechanism: "SCRAM-SHA-512" },
    });
    try {
      const result = await checkKafka(
        value({
          bootstrapServers: `127.0.0.1:${broker.port}`,
          securityProtocol: "SASL_PLAINTEXT",
          saslMechanism: "PLAIN",
          username: "app",
          password: "app-secret",
        }),
      );
      expect(result).toMatchObject({ ok: false, class: "auth_failed" });
      expect(broker.authenticated()).toBe(0);
    } finally {
      await broker.close();
    }
  });
});

describe("Kafka over TLS (a certificate for localhost only, the socket to the checked 127.0.0.1)", () => {
  const printed = spyOnConsole();
  const tls = setupTlsCertificates("broker.other.test");
  beforeEach(() => {
    allow("127.0.0.1,localhost");
  });

  it("SSL passes when the certificate names the host given, though the socket goes to its IP", async () => {
    const broker = await startFakeKafka({ tls: tls.local });
    tls.trust(tls.local.certPath);
    try {
      const result = await checkKafka(value({ bootstrapServers: `localhost:${broker.port}`, securityProtocol: "SSL" }));
      expect(result).toMatchObject({ ok: true, class: "ok" });
      expect(broker.requests()).toContain("Metadata");
    } finally {
      await broker.close();
    }
  });

  it("SASL_SSL with SCRAM-SHA-256 passes; a wrong password is auth_failed without the server's text", async () => {
    const broker = await startFakeKafka({
      tls: tls.local,
      sasl: { username: "app", password: "app-secret", mechanism: "SCRAM-SHA-256" },
    });
    tls.trust(tls.local.certPath);
    const sasl = { securityProtocol: "SASL_SSL", saslMechanism: "SCRAM-SHA-256", username: "app" };
    try {
      const good = await checkKafka(
        value({ bootstrapServers: `localhost:${broker.port}`, ...sasl, password: "app-secret" }),
      );
      expect(good).toMatchObject({ ok: true, class: "ok" });
      // kafkajs logs in on each connection it opens (bootstrap, then the advertised broker).
      expect(broker.authenticated()).toBeGreaterThan(0);
      const password = `wrong-${Math.random().toString(36).slice(2)}`;
      const bad = await checkKafka(value({ bootstrapServers: `localhost:${broker.port}`, ...sasl, password }));
      expect(bad).toMatchObject({ ok: false, class: "auth_failed" });
      // Only a class and a machine code come back, never a message.
      expect(["ok", "class", "code", "durationMs"]).toEqual(expect.arrayContaining(Object.keys(bad)));
      expect(JSON.stringify(bad)).not.toContain(password);
      expect(JSON.stringify(bad)).not.toContain(FAKE_KAFKA_SASL_ERROR);
      expect(JSON.stringify(printed.mock.calls)).not.toContain(password);
    } finally {
      await broker.close();
    }
  });

  it("fails for the same broker reached by its IP: the certificate does not name it", async () => {
    const broker = await startFakeKafka({ tls: tls.local });
    tls.trust(tls.local.certPath);
    try {
      const result = await checkKafka(value({ bootstrapServers: `127.0.0.1:${broker.port}`, securityProtocol: "SSL" }));
      expect(result).toMatchObject({ ok: false, class: "network", code: "ERR_TLS_CERT_ALTNAME_INVALID" });
      expect(JSON.stringify(result)).not.toContain("altnames");
      expect(broker.requests()).toEqual([]);
    } finally {
      await broker.close();
    }
  });

  it("fails for a trusted certificate that names another host", async () => {
    const broker = await startFakeKafka({ tls: tls.other });
    tls.trust(tls.other.certPath);
    try {
      const result = await checkKafka(value({ bootstrapServers: `localhost:${broker.port}`, securityProtocol: "SSL" }));
      expect(result).toMatchObject({ ok: false, class: "network", code: "ERR_TLS_CERT_ALTNAME_INVALID" });
      expect(JSON.stringify(result)).not.toContain("broker.other.test");
      expect(broker.requests()).toEqual([]);
    } finally {
      await broker.close();
    }
  });

  it("fails for a certificate nobody vouches for", async () => {
    const broker = await startFakeKafka({ tls: tls.local });
    delete process.env.NODE_EXTRA_CA_CERTS;
    try {
      const result = await checkKafka(value({ bootstrapServers: `localhost:${broker.port}`, securityProtocol: "SSL" }));
      expect(result).toMatchObject({ ok: false, class: "network" });
      expect(result.code).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY/);
      expect(broker.requests()).toEqual([]);
    } finally {
      await broker.close();
    }
  });

  it("the socket factory sends the pinned name as SNI and verifies it, dialling the checked IP", async () => {
    const names: (string | false | null)[] = [];
    const server = createTlsServer({ key: tls.other.key, cert: tls.other.cert }, (s: TLSSocket) => {
      names.push(s.servername);
      s.end();
    }).listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      // The name resolves nowhere: only the pin's address can have been dialled.
      const factory = pinnedSocketFactory([{ hostname: "broker.other.test", address: "127.0.0.1", port }]);
      await new Promise<void>((resolve, reject) => {
        const s = factory({ host: "broker.other.test", port, ssl: { ca: tls.other.cert }, onConnect: () => resolve() });
        s.on("error", reject);
      });
      await expect.poll(() => names).toEqual(["broker.other.test"]);
    } finally {
      server.close();
    }
  });
});

describe("the engine's socket factory", () => {
  it("dials a pinned name at its checked IP and refuses any other host:port without a connection", async () => {
    let connections = 0;
    const server = createServer((s) => {
      connections++;
      s.destroy();
    }).listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const factory = pinnedSocketFactory([{ hostname: "broker.example.test", address: "127.0.0.1", port }]);
      // Not pinned: the same IP on the same port, under a name the parent never checked.
      const refused = factory({ host: "other.example.test", port, ssl: false, onConnect: () => {} });
      const error = await new Promise<NodeJS.ErrnoException>((resolve) => refused.once("error", resolve));
      expect(error.code).toBe("HOST_NOT_PINNED");
      expect(connections).toBe(0);
      // Pinned: the name resolves to nothing, yet the socket reaches the checked IP.
      await new Promise<void>((resolve) => {
        const s = factory({ host: "broker.example.test", port, ssl: false, onConnect: () => resolve() });
        s.on("error", () => {});
      });
      await expect.poll(() => connections).toBe(1);
    } finally {
      server.close();
    }
  });
});

describe("Kafka value", () => {
  it("parses bootstrap servers and needs SASL credentials only for SASL protocols", () => {
    expect(parseBootstrapServers("a.example.com:9093, SASL_SSL://b.example.com ,[::1]:9094")).toEqual([
      { host: "a.example.com", port: 9093 },
      { host: "b.example.com", port: 9092 },
      { host: "::1", port: 9094 },
    ]);
    expect(parseBootstrapServers("a:99999")).toMatch(/Not a host:port/);
    expect(parseBootstrapServers(Array.from({ length: 11 }, (_, i) => `h${i}:9092`).join(","))).toMatch(/At most 10/);
    const issues = kafkaSchema.safeParse({ bootstrapServers: "k:9092" }).error?.issues.map((i) => i.path.join("."));
    expect(issues).toEqual(["username", "password"]);
    expect(kafkaSchema.safeParse({ bootstrapServers: "k:9092", securityProtocol: "SSL" }).success).toBe(true);
  });

  it("answers client properties in request-auth, the password only with SASL", () => {
    const sasl = kafka.connection!(
      value({ bootstrapServers: "pkc-1.confluent.cloud:9092", username: "KEY", password: "SECRET" }),
      {},
    );
    expect(sasl).toEqual({
      bootstrapServers: "pkc-1.confluent.cloud:9092",
      securityProtocol: "SASL_SSL",
      ssl: true,
      saslMechanism: "PLAIN",
      username: "KEY",
      password: "SECRET",
    });
    expect(
      JSON.stringify(kafka.mask(value({ bootstrapServers: "k:1", username: "u", password: "SECRET" }))),
    ).not.toContain("SECRET");
  });
});
