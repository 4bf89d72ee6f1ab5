import { createServer, type AddressInfo } from "node:net";
import { beforeEach, describe, expect, it } from "vitest";
import { startFakeKafka } from "@/tests/fakes/fake-kafka";
import { kafka, kafkaSchema, parseBootstrapServers, type KafkaValue } from "@/lib/secrets/types/kafka";
import { connectHooks } from "../address-policy";
import { checkKafka } from "./kafka";
import { nativeCheckHooks } from "./run";
// The engine itself, for its socket factory (it runs in the check process otherwise).
import { pinnedSocketFactory } from "./engines/kafka.mjs";
import { closedPort, setupAllowList, silentServer, spyOnConsole } from "@/tests/support/native-checks";

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
