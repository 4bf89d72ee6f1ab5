import { beforeEach, describe, expect, it } from "vitest";
import { startFakeDns } from "@/tests/fakes/fake-dns";
import { certificateFor } from "@/tests/support/tls";
import { FAKE_MONGOD_AUTH_ERROR, startFakeMongod } from "@/tests/fakes/fake-mongod";
import { mongodb, mongodbSchema, parseMongoUri, type MongodbValue } from "@/lib/secrets/types/mongodb";
import { connectHooks } from "../address-policy";
import { checkMongodb, srvSeeds, txtOptions } from "./mongodb";
import { nativeCheckHooks } from "./run";
import {
  closedPort,
  setupAllowList,
  setupTlsCertificates,
  silentServer,
  spyOnConsole,
} from "@/tests/support/native-checks";

// There is no MongoDB server package on these machines. These tests drive the real driver
// against a loopback fake that speaks just enough of the wire protocol (tests/fakes/
// fake-mongod.ts): they prove pinning, discovery confinement, deadlines and error classes,
// not a real server's authentication.

const value = (v: Record<string, unknown>): MongodbValue => mongodbSchema.parse(v);

const allow = setupAllowList();

describe("MongoDB check", () => {
  const printed = spyOnConsole();
  beforeEach(() => {
    allow("127.0.0.1");
    connectHooks.reset();
  });

  it("pings a single server directly (a fake mongod: no real server here)", async () => {
    const fake = await startFakeMongod();
    try {
      const result = await checkMongodb(value({ host: "127.0.0.1", port: fake.port }));
      expect(result).toMatchObject({ ok: true, class: "ok" });
      expect(fake.commands()).toContain("ping");
    } finally {
      await fake.close();
    }
  });

  it("reports a refused SCRAM start (code 18) as auth_failed without leaking the password", async () => {
    const fake = await startFakeMongod();
    const password = `pw-${Math.random().toString(36).slice(2)}`;
    try {
      const result = await checkMongodb(
        value({ connectionString: `mongodb://app:${password}@127.0.0.1:${fake.port}/app` }),
      );
      expect(result).toMatchObject({ ok: false, class: "auth_failed", code: "18" });
      expect(fake.commands()).toContain("saslStart");
      expect(JSON.stringify(result)).not.toContain(password);
      expect(JSON.stringify(printed.mock.calls)).not.toContain(password);
    } finally {
      await fake.close();
    }
  });

  it("refuses a replica-set member the server names that was never pinned: blocked, no socket to it", async () => {
    // 192.0.2.1 is a documentation address: were the guard to fail, nothing would answer.
    const fake = await startFakeMongod({ replicaSet: { name: "rs0", hosts: (self) => [self, "192.0.2.1:27017"] } });
    try {
      const result = await checkMongodb(
        value({ connectionString: `mongodb://127.0.0.1:${fake.port}/?replicaSet=rs0` }),
        { timeoutMs: 3000 },
      );
      expect(result).toMatchObject({ ok: false, class: "blocked", code: "HOST_NOT_PINNED" });
      expect(result.durationMs).toBeLessThan(3500);
    } finally {
      await fake.close();
    }
  });

  it("discovers a replica set whose members are all pinned", async () => {
    const fake = await startFakeMongod({ replicaSet: { name: "rs0", hosts: (self) => [self] } });
    try {
      const result = await checkMongodb(
        value({ connectionString: `mongodb://127.0.0.1:${fake.port}/?replicaSet=rs0` }),
      );
      expect(result).toMatchObject({ ok: true });
    } finally {
      await fake.close();
    }
  });

  it("checks every seed: one refused host blocks the check before any process starts", async () => {
    const fake = await startFakeMongod();
    try {
      const before = nativeCheckHooks.lastPid();
      const result = await checkMongodb(
        value({ connectionString: `mongodb://127.0.0.1:${fake.port},10.0.0.1:27017/?replicaSet=rs0` }),
      );
      expect(result).toMatchObject({ ok: false, class: "blocked" });
      expect(nativeCheckHooks.lastPid()).toBe(before);
      expect(fake.connections()).toBe(0);
      expect(connectHooks.attempts()).toBe(0);
    } finally {
      await fake.close();
    }
  });

  it("reports a closed port as network", async () => {
    const result = await checkMongodb(value({ host: "127.0.0.1", port: await closedPort() }));
    expect(result).toMatchObject({ ok: false, class: "network", code: "ECONNREFUSED" });
  });

  it("gives up on a server that never answers, and the check process is gone", async () => {
    const silent = await silentServer();
    const { sockets } = silent;
    try {
      const { port } = silent;
      const result = await checkMongodb(value({ host: "127.0.0.1", port }), { timeoutMs: 2500 });
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
    const result = await checkMongodb(value({ host: "127.0.0.1", port: 27017 }));
    expect(result).toMatchObject({ ok: false, class: "blocked" });
    expect(connectHooks.attempts()).toBe(0);
  });

  it("a mongodb+srv:// name that does not resolve starts no check process and dials nothing", async () => {
    const before = nativeCheckHooks.lastPid();
    const result = await checkMongodb(value({ connectionString: "mongodb+srv://u:p@cluster0.ic-test.invalid/" }), {
      timeoutMs: 2500,
    });
    expect(result.ok).toBe(false);
    // NXDOMAIN where DNS answers, a refused or silent resolver elsewhere: never a connection.
    expect(["network", "timeout"]).toContain(result.class);
    expect(nativeCheckHooks.lastPid()).toBe(before);
    expect(connectHooks.attempts()).toBe(0);
  });
});

describe("MongoDB over TLS (a certificate for localhost only, the socket to the checked 127.0.0.1)", () => {
  const printed = spyOnConsole();
  const tls = setupTlsCertificates("db.other.test");
  beforeEach(() => {
    allow("127.0.0.1,localhost");
  });

  it("passes when the certificate names the host given, though the socket goes to its IP", async () => {
    const fake = await startFakeMongod({ tls: tls.local });
    tls.trust(tls.local.certPath);
    try {
      const result = await checkMongodb(value({ host: "localhost", port: fake.port, tls: "on" }));
      expect(result).toMatchObject({ ok: true, class: "ok" });
      expect(fake.commands()).toContain("ping");
    } finally {
      await fake.close();
    }
  });

  it("tls=true in the connection string does the same; a refused login stays auth_failed without the server's text", async () => {
    const fake = await startFakeMongod({ tls: tls.local });
    tls.trust(tls.local.certPath);
    const password = `pw-${Math.random().toString(36).slice(2)}`;
    try {
      const good = await checkMongodb(value({ connectionString: `mongodb://localhost:${fake.port}/?tls=true` }));
      expect(good).toMatchObject({ ok: true, class: "ok" });
      const bad = await checkMongodb(
        value({ connectionString: `mongodb://app:${password}@localhost:${fake.port}/app?tls=true` }),
      );
      expect(bad).toMatchObject({ ok: false, class: "auth_failed", code: "18" });
      // Only a class and a machine code come back, never a message.
      expect(["ok", "class", "code", "durationMs"]).toEqual(expect.arrayContaining(Object.keys(bad)));
      expect(JSON.stringify(bad)).not.toContain(FAKE_MONGOD_AUTH_ERROR);
      expect(JSON.stringify(bad)).not.toContain(password);
      expect(JSON.stringify(printed.mock.calls)).not.toContain(password);
    } finally {
      await fake.close();
    }
  });

  it("fails for the same server reached by its IP: the certificate does not name it", async () => {
    const fake = await startFakeMongod({ tls: tls.local });
    tls.trust(tls.local.certPath);
    try {
      const result = await checkMongodb(value({ host: "127.0.0.1", port: fake.port, tls: "on" }), { timeoutMs: 3000 });
      expect(result).toMatchObject({ ok: false, class: "network", code: "ERR_TLS_CERT_ALTNAME_INVALID" });
      expect(JSON.stringify(result)).not.toContain("altnames");
      expect(fake.commands()).toEqual([]);
    } finally {
      await fake.close();
    }
  });

  it("fails for a trusted certificate that names another host", async () => {
    const fake = await startFakeMongod({ tls: tls.other });
    tls.trust(tls.other.certPath);
    try {
      const result = await checkMongodb(value({ host: "localhost", port: fake.port, tls: "on" }), { timeoutMs: 3000 });
      expect(result).toMatchObject({ ok: false, class: "network", code: "ERR_TLS_CERT_ALTNAME_INVALID" });
      expect(JSON.stringify(result)).not.toContain("db.other.test");
      expect(fake.commands()).toEqual([]);
    } finally {
      await fake.close();
    }
  });

  it("fails for a certificate nobody vouches for", async () => {
    const fake = await startFakeMongod({ tls: tls.local });
    delete process.env.NODE_EXTRA_CA_CERTS;
    try {
      const result = await checkMongodb(value({ host: "localhost", port: fake.port, tls: "on" }), { timeoutMs: 3000 });
      expect(result).toMatchObject({ ok: false, class: "network" });
      expect(result.code).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY/);
      expect(fake.commands()).toEqual([]);
    } finally {
      await fake.close();
    }
  });

  it("never passes TLS against a plain-TCP server", async () => {
    const fake = await startFakeMongod();
    try {
      const result = await checkMongodb(value({ host: "localhost", port: fake.port, tls: "on" }), { timeoutMs: 2000 });
      expect(result.ok).toBe(false);
      expect(["network", "timeout"]).toContain(result.class);
      expect(fake.commands()).toEqual([]);
    } finally {
      await fake.close();
    }
  });
});

describe("mongodb+srv:// through a loopback DNS server", () => {
  const srvName = "_mongodb._tcp.cluster0.ab1cd.test.example";
  const host = "cluster0.ab1cd.test.example";
  const srvValue = value({ connectionString: `mongodb+srv://app:pw@${host}/shop` });
  beforeEach(() => {
    allow("");
    connectHooks.reset();
  });

  it("asks SRV and TXT, then puts every target through the policy (the server has no address for them: no child, no socket)", async () => {
    const dns = await startFakeDns({
      srv: {
        [srvName]: [
          { name: "s0.ab1cd.test.example", port: 27017 },
          { name: "s1.ab1cd.test.example", port: 27017 },
        ],
      },
      txt: { [host]: ["authSource=admin&replicaSet=atlas-1"] },
    });
    try {
      const before = nativeCheckHooks.lastPid();
      const result = await checkMongodb(srvValue, { dnsServers: [dns.server] });
      // The targets' addresses are asked of the same server (private ones: lib/verify/ssrf.test.ts).
      expect(dns.questions()).toEqual(
        expect.arrayContaining([`SRV ${srvName}`, `TXT ${host}`, "A s0.ab1cd.test.example"]),
      );
      expect(result).toMatchObject({ ok: false, class: "network", code: "ENOTFOUND" });
      expect(nativeCheckHooks.lastPid()).toBe(before);
      expect(connectHooks.attempts()).toBe(0);
    } finally {
      await dns.close();
    }
  });

  it("TLS (the mongodb+srv:// default) checks each target's certificate against its name, dialling the address DNS gave", async () => {
    const target = certificateFor("s0.ab1cd.test.example");
    const wrong = certificateFor("s9.ab1cd.test.example");
    const savedCa = process.env.NODE_EXTRA_CA_CERTS;
    allow("127.0.0.1");
    try {
      for (const [cert, ok] of [
        [target, true],
        [wrong, false],
      ] as const) {
        const fake = await startFakeMongod({ tls: cert });
        const dns = await startFakeDns({
          srv: { [srvName]: [{ name: "s0.ab1cd.test.example", port: fake.port }] },
          a: { "s0.ab1cd.test.example": ["127.0.0.1"] },
        });
        process.env.NODE_EXTRA_CA_CERTS = cert.certPath;
        try {
          const result = await checkMongodb(value({ connectionString: `mongodb+srv://${host}/` }), {
            dnsServers: [dns.server],
            timeoutMs: 3000,
          });
          if (ok) expect(result).toMatchObject({ ok: true, class: "ok" });
          else expect(result).toMatchObject({ ok: false, class: "network", code: "ERR_TLS_CERT_ALTNAME_INVALID" });
          expect(fake.commands().includes("ping")).toBe(ok);
        } finally {
          await dns.close();
          await fake.close();
        }
      }
    } finally {
      if (savedCa === undefined) delete process.env.NODE_EXTRA_CA_CERTS;
      else process.env.NODE_EXTRA_CA_CERTS = savedCa;
      target.remove();
      wrong.remove();
    }
  });

  type Records = { srv: { name: string; port: number }[]; txt?: string[] };
  it.each<[string, Records, string]>([
    [
      "a target outside the name's domain",
      { srv: [{ name: "metadata.internal.example", port: 80 }] },
      "SRV_DOMAIN_MISMATCH",
    ],
    [
      "more than 10 targets",
      { srv: Array.from({ length: 11 }, (_, i) => ({ name: `s${i}.ab1cd.test.example`, port: 27017 })) },
      "SRV_TOO_MANY",
    ],
    [
      "a TXT option the spec does not allow",
      { srv: [{ name: "s0.ab1cd.test.example", port: 27017 }], txt: ["tlsInsecure=true"] },
      "TXT_OPTION",
    ],
  ])("refuses %s as blocked, with no child and no socket", async (_, rec, code) => {
    const dns = await startFakeDns({ srv: { [srvName]: rec.srv }, ...(rec.txt && { txt: { [host]: rec.txt } }) });
    try {
      const before = nativeCheckHooks.lastPid();
      const result = await checkMongodb(srvValue, { dnsServers: [dns.server] });
      expect(result).toMatchObject({ ok: false, class: "blocked", code });
      expect(nativeCheckHooks.lastPid()).toBe(before);
      expect(connectHooks.attempts()).toBe(0);
    } finally {
      await dns.close();
    }
  });

  it("gives up on a DNS server that never answers within the deadline", async () => {
    const dns = await startFakeDns({}, { silent: true });
    try {
      const result = await checkMongodb(srvValue, { dnsServers: [dns.server], timeoutMs: 1000 });
      expect(result.ok).toBe(false);
      expect(["timeout", "network"]).toContain(result.class);
      expect(result.durationMs).toBeLessThan(2500);
    } finally {
      await dns.close();
    }
  });
});

describe("mongodb+srv:// records", () => {
  it("takes SRV targets under the name's parent domain only, at most 10", () => {
    const rec = (name: string) => ({ name, port: 27017, priority: 0, weight: 0 });
    expect(srvSeeds("cluster0.ab1cd.mongodb.net", [rec("s0.ab1cd.mongodb.net"), rec("s1.ab1cd.mongodb.net.")])).toEqual(
      [
        { host: "s0.ab1cd.mongodb.net", port: 27017 },
        { host: "s1.ab1cd.mongodb.net", port: 27017 },
      ],
    );
    expect(srvSeeds("cluster0.ab1cd.mongodb.net", [rec("metadata.internal")])).toBe("SRV_DOMAIN_MISMATCH");
    expect(srvSeeds("cluster0.ab1cd.mongodb.net", [rec("evilab1cd.mongodb.net")])).toBe("SRV_DOMAIN_MISMATCH");
    expect(srvSeeds("cluster0.ab1cd.mongodb.net", [rec("ab1cd.mongodb.net")])).toBe("SRV_DOMAIN_MISMATCH");
    expect(srvSeeds("db.example", [rec("a.db.example")])).toEqual([{ host: "a.db.example", port: 27017 }]);
    expect(srvSeeds("db.example", [rec("other.example")])).toBe("SRV_DOMAIN_MISMATCH");
    expect(
      srvSeeds(
        "c.x.y",
        Array.from({ length: 11 }, (_, i) => rec(`s${i}.x.y`)),
      ),
    ).toBe("SRV_TOO_MANY");
    expect(srvSeeds("c.x.y", [])).toBe("SRV_EMPTY");
  });

  it("takes only authSource, replicaSet and loadBalanced from TXT", () => {
    expect(txtOptions([["authSource=admin&replicaSet=atlas-1"]])).toEqual({
      authSource: "admin",
      replicaSet: "atlas-1",
    });
    expect(txtOptions([])).toEqual({});
    expect(txtOptions([["tlsInsecure=true"]])).toBe("TXT_OPTION");
    expect(txtOptions([["a=1"], ["b=2"]])).toBe("TXT_MULTIPLE");
  });
});

describe("MongoDB value", () => {
  it("needs a connection string or a host, and parses what the check can dial", () => {
    expect(mongodbSchema.safeParse({}).error?.issues[0]).toMatchObject({
      path: ["connectionString"],
      message: "Enter a connection string or a host",
    });
    expect(parseMongoUri("mongodb+srv://c.example.net:27017/")).toBe("A mongodb+srv:// host has no port");
    expect(parseMongoUri("mongodb+srv://a.example.net,b.example.net/")).toMatch(/exactly one host/);
    expect(parseMongoUri("mongodb://%2Ftmp%2Fmongodb-27017.sock/")).toBe("Unix sockets are not supported");
    expect(parseMongoUri("postgres://x/")).toMatch(/Not a mongodb/);
    expect(parseMongoUri("mongodb://u:p%40ss@[::1]:27018,h2/db?authSource=admin")).toEqual({
      srv: false,
      hosts: [
        { host: "::1", port: 27018 },
        { host: "h2", port: 27017 },
      ],
      username: "u",
      password: "p@ss",
      database: "db",
      options: { authSource: "admin" },
    });
  });

  it("masks the connection string to its hosts and answers a driver URL in request-auth", () => {
    const v = value({
      connectionString: "mongodb+srv://app:s3cret@cluster0.ab1cd.mongodb.net/shop",
      password: "other",
    });
    const masked = JSON.stringify(mongodb.mask(v));
    expect(masked).not.toContain("s3cret");
    expect(masked).not.toContain("other");
    expect(mongodb.mask(v).connectionString).toBe("mongodb+srv://****@cluster0.ab1cd.mongodb.net");
    const c = mongodb.connection!(v, {});
    // The separate password wins over the string's; SRV implies TLS.
    expect(c).toMatchObject({ srv: true, tls: true, username: "app", password: "other", database: "shop" });
    expect(c.url).toBe("mongodb+srv://app:other@cluster0.ab1cd.mongodb.net/shop");
  });
});
