import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { api, newTenant } from "./api";
import { startFakeKafka } from "./fakes/fake-kafka";
import { startFakeMongod } from "./fakes/fake-mongod";
import { testServerEnv } from "./support/test-servers";

// SFTP and FTP credentials through the REST API, proved against the real sshd and vsftpd the
// test runner starts (scripts/start-sshd.sh, scripts/start-vsftpd.sh). A missing variable
// fails the tests: a skipped check would hide a broken CI.
const need = testServerEnv;
const fromUrl = (raw: string) => {
  const u = new URL(raw);
  return {
    host: u.hostname,
    port: Number(u.port),
    username: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
  };
};

const saved = { allow: process.env.OUTBOUND_ALLOW_HOSTS, ca: process.env.NODE_EXTRA_CA_CERTS };
beforeAll(() => {
  process.env.OUTBOUND_ALLOW_HOSTS = "127.0.0.1";
  resetEnvCache();
});
afterAll(() => {
  for (const [name, v] of [
    ["OUTBOUND_ALLOW_HOSTS", saved.allow],
    ["NODE_EXTRA_CA_CERTS", saved.ca],
  ] as const) {
    if (v === undefined) delete process.env[name];
    else process.env[name] = v;
  }
  resetEnvCache();
});

type Case = {
  componentId: string;
  type: string;
  value: () => Record<string, unknown>;
  /** A field the PATCH changes, and what it becomes. */
  edit: (v: Record<string, unknown>) => Record<string, unknown>;
  secrets: (v: Record<string, unknown>) => string[];
  url: string;
};

const cases: Case[] = [
  {
    componentId: "sftp",
    type: "SFTP",
    value: () => {
      const dir = need("TEST_SFTP_DIR");
      const pub = readFileSync(path.join(dir, "host_key.pub"), "utf8").split(" ")[1];
      const digest = createHash("sha256").update(Buffer.from(pub, "base64")).digest("base64");
      return { ...fromUrl(need("TEST_SFTP_URL")), hostKeyFingerprint: `SHA256:${digest.replace(/=+$/, "")}` };
    },
    // The same login by key instead of password.
    edit: (v) => {
      const { password: _unused, ...rest } = v;
      return { ...rest, privateKey: readFileSync(path.join(need("TEST_SFTP_DIR"), "client_key"), "utf8").trim() };
    },
    secrets: (v) => [String(v.password)],
    url: "sftp:",
  },
  {
    componentId: "ftp",
    type: "FTP",
    value: () => ({ ...fromUrl(need("TEST_FTP_URL")), tls: "explicit" }),
    edit: (v) => ({ ...v, tls: "none" }),
    secrets: (v) => [String(v.password)],
    url: "ftp:",
  },
];

describe.each(cases)("$type through the API, against the real server", (c) => {
  beforeAll(() => {
    // The check process trusts vsftpd's self-signed certificate (it inherits this variable).
    process.env.NODE_EXTRA_CA_CERTS = need("TEST_FTP_CA");
  });

  it("creates (dry run ok), lists masked, reads back, answers connection options, patches and deletes", async () => {
    const t = await newTenant();
    const value = c.value();
    const created = await api("POST", "/api/v1/secrets", {
      token: t.apiKey,
      body: { name: `files ${c.type}`, type: c.type, value, componentId: c.componentId },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.data.status).toBe("active");
    expect(created.body.data.lastVerifiedAt).not.toBeNull();
    const id = created.body.data.id;

    const list = await api("GET", "/api/v1/secrets", { token: t.apiKey });
    const item = list.body.data.find((s: { id: string }) => s.id === id);
    expect(item).toBeDefined();
    for (const s of c.secrets(value)) expect(JSON.stringify(list.body)).not.toContain(s);

    const read = await api("GET", `/api/v1/secrets/${id}`, { token: t.apiKey });
    expect(read.status).toBe(200);
    expect(read.body.data.value).toEqual(value);

    const auth = await api("GET", `/api/v1/secrets/${id}/request-auth`, { token: t.apiKey });
    expect(auth.status).toBe(200);
    expect(auth.body.data.connection).toMatchObject({
      host: value.host,
      port: value.port,
      username: value.username,
      password: value.password,
    });
    const url = new URL(auth.body.data.connection.url);
    expect([url.protocol, url.hostname, Number(url.port), decodeURIComponent(url.password)]).toEqual([
      c.url,
      value.host,
      value.port,
      value.password,
    ]);

    const edited = c.edit(value);
    const patched = await api("PATCH", `/api/v1/secrets/${id}`, { token: t.apiKey, body: { value: edited } });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect((await api("GET", `/api/v1/secrets/${id}`, { token: t.apiKey })).body.data.value).toEqual(edited);

    expect((await api("DELETE", `/api/v1/secrets/${id}`, { token: t.apiKey })).status).toBe(204);
    expect((await api("GET", `/api/v1/secrets/${id}`, { token: t.apiKey })).status).toBe(404);
  });

  it("refuses a wrong password with 422 auth_failed and stores nothing", async () => {
    const t = await newTenant();
    const password = `wrong-${Math.random().toString(36).slice(2)}`;
    const bad = await api("POST", "/api/v1/secrets", {
      token: t.apiKey,
      body: { name: "bad", type: c.type, value: { ...c.value(), password }, componentId: c.componentId },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.verification.class).toBe("auth_failed");
    expect(JSON.stringify(bad.body)).not.toContain(password);
    expect((await api("GET", "/api/v1/secrets", { token: t.apiKey })).body.data).toHaveLength(0);
  });
});

describe("either/or fields through the API", () => {
  it("an SFTP value with neither a password nor a key is a 400 on value.password", async () => {
    const t = await newTenant();
    const r = await api("POST", "/api/v1/secrets", {
      token: t.apiKey,
      body: { name: "x", type: "SFTP", value: { host: "127.0.0.1", username: "u" }, componentId: "sftp" },
    });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body.error)).toContain("Enter a password or a private key");
  });
});

// No MongoDB or Kafka server package here: loopback fakes that speak just enough of each
// protocol (tests/fakes) stand in, so this proves the API path, not a real server's auth.
describe("MONGODB and KAFKA through the API, against loopback fakes", () => {
  it("MONGODB: created after a ping, read back, connection URL, patched, deleted; a refused login is 422", async () => {
    const fake = await startFakeMongod();
    try {
      const t = await newTenant();
      const value = { host: "127.0.0.1", port: fake.port, database: "shop", tls: "off" };
      const created = await api("POST", "/api/v1/secrets", {
        token: t.apiKey,
        body: { name: "orders", type: "MONGODB", value, componentId: "mongodb" },
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect(created.body.data.status).toBe("active");
      const id = created.body.data.id;
      expect((await api("GET", `/api/v1/secrets/${id}`, { token: t.apiKey })).body.data.value).toEqual(value);
      const auth = await api("GET", `/api/v1/secrets/${id}/request-auth`, { token: t.apiKey });
      expect(auth.body.data.connection).toMatchObject({
        url: `mongodb://127.0.0.1:${fake.port}/shop`,
        hosts: `127.0.0.1:${fake.port}`,
        tls: false,
      });
      const edited = { connectionString: `mongodb://127.0.0.1:${fake.port}/shop?replicaSet=rs0` };
      // The fake claims no replica set, so the driver finds no member of rs0 in time.
      const patched = await api("PATCH", `/api/v1/secrets/${id}`, { token: t.apiKey, body: { value: edited } });
      expect(patched.status).toBe(422);
      const ok = await api("PATCH", `/api/v1/secrets/${id}`, {
        token: t.apiKey,
        body: { value: { connectionString: `mongodb://127.0.0.1:${fake.port}/shop` } },
      });
      expect(ok.status, JSON.stringify(ok.body)).toBe(200);
      expect((await api("DELETE", `/api/v1/secrets/${id}`, { token: t.apiKey })).status).toBe(204);

      const password = `pw-${Math.random().toString(36).slice(2)}`;
      const bad = await api("POST", "/api/v1/secrets", {
        token: t.apiKey,
        body: { name: "bad", type: "MONGODB", value: { ...value, username: "app", password }, componentId: "mongodb" },
      });
      expect(bad.status).toBe(422);
      expect(bad.body.error.verification.class).toBe("auth_failed");
      expect(JSON.stringify(bad.body)).not.toContain(password);
    } finally {
      await fake.close();
    }
  });

  it("KAFKA: created after describing the cluster, listed masked, connection options, patched, deleted", async () => {
    const broker = await startFakeKafka({ sasl: { username: "app", password: "kafka-secret-123" } });
    try {
      const t = await newTenant();
      const value = {
        bootstrapServers: `127.0.0.1:${broker.port}`,
        securityProtocol: "SASL_PLAINTEXT",
        saslMechanism: "PLAIN",
        username: "app",
        password: "kafka-secret-123",
      };
      const created = await api("POST", "/api/v1/secrets", {
        token: t.apiKey,
        body: { name: "events", type: "KAFKA", value, componentId: "kafka" },
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const id = created.body.data.id;
      const list = await api("GET", "/api/v1/secrets", { token: t.apiKey });
      expect(JSON.stringify(list.body)).not.toContain("kafka-secret-123");
      expect((await api("GET", `/api/v1/secrets/${id}`, { token: t.apiKey })).body.data.value).toEqual(value);
      const auth = await api("GET", `/api/v1/secrets/${id}/request-auth`, { token: t.apiKey });
      expect(auth.body.data.connection).toEqual({
        bootstrapServers: `127.0.0.1:${broker.port}`,
        securityProtocol: "SASL_PLAINTEXT",
        ssl: false,
        saslMechanism: "PLAIN",
        username: "app",
        password: "kafka-secret-123",
      });
      const wrong = await api("PATCH", `/api/v1/secrets/${id}`, {
        token: t.apiKey,
        body: { value: { ...value, password: "not-the-secret" } },
      });
      expect(wrong.status).toBe(422);
      expect(wrong.body.error.verification.class).toBe("auth_failed");
      expect((await api("GET", `/api/v1/secrets/${id}`, { token: t.apiKey })).body.data.value).toEqual(value);
      expect(
        (await api("PATCH", `/api/v1/secrets/${id}`, { token: t.apiKey, body: { name: "events 2" } })).status,
      ).toBe(200);
      expect((await api("DELETE", `/api/v1/secrets/${id}`, { token: t.apiKey })).status).toBe(204);
    } finally {
      await broker.close();
    }
  });
});
