import { createServer, type AddressInfo } from "node:net";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { ftpSchema, type FtpValue } from "@/lib/secrets/types/ftp";
import { connectHooks } from "../address-policy";
import { closedPort, setupAllowList, silentServer, spyOnConsole } from "@/tests/support/native-checks";
import { checkFtp } from "./ftp";
import { nativeCheckHooks } from "./run";

// Real vsftpd servers, provided by the test runner (scripts/start-vsftpd.sh):
//   TEST_FTP_URL=ftp://icftp:icftp-pw@127.0.0.1:PORT        plain FTP and explicit TLS
//   TEST_FTPS_URL=ftps://icftp:icftp-pw@127.0.0.1:PORT      implicit TLS
//   TEST_FTP_CA=<DIR>/cert.pem                              their self-signed certificate
// A missing variable fails the tests on purpose: a skipped check would hide a broken CI.
function server(variable: "TEST_FTP_URL" | "TEST_FTPS_URL") {
  const raw = process.env[variable];
  if (!raw || !process.env.TEST_FTP_CA) {
    throw new Error(
      `${variable} and TEST_FTP_CA are not set; the FTP checks need real vsftpd servers (scripts/start-vsftpd.sh)`,
    );
  }
  const url = new URL(raw);
  return {
    host: url.hostname,
    port: Number(url.port),
    username: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  };
}

const value = (v: Record<string, unknown>): FtpValue => ftpSchema.parse(v);

const allow = setupAllowList();
const savedCa = process.env.NODE_EXTRA_CA_CERTS;
const restoreCa = () => {
  if (savedCa === undefined) delete process.env.NODE_EXTRA_CA_CERTS;
  else process.env.NODE_EXTRA_CA_CERTS = savedCa;
};
afterAll(restoreCa);

describe("FTP check against real vsftpd servers", () => {
  const printed = spyOnConsole();
  beforeEach(() => {
    allow("127.0.0.1");
    // The check process reads it at start-up (it is one of the few variables it inherits).
    process.env.NODE_EXTRA_CA_CERTS = process.env.TEST_FTP_CA;
  });
  afterEach(restoreCa);

  it.each(["none", "explicit"] as const)("logs in and sends PWD with tls %s", async (tls) => {
    const result = await checkFtp(value({ ...server("TEST_FTP_URL"), tls }));
    expect(result).toMatchObject({ ok: true, class: "ok" });
  });

  it("logs in over implicit TLS", async () => {
    const result = await checkFtp(value({ ...server("TEST_FTPS_URL"), tls: "implicit" }));
    expect(result).toMatchObject({ ok: true, class: "ok" });
  });

  it("verifies the certificate: without the test CA, explicit TLS fails as network before the login", async () => {
    delete process.env.NODE_EXTRA_CA_CERTS;
    const password = `never-sent-${Math.random().toString(36).slice(2)}`;
    const result = await checkFtp(value({ ...server("TEST_FTP_URL"), password, tls: "explicit" }));
    expect(result).toMatchObject({ ok: false, class: "network" });
    expect(JSON.stringify(result)).not.toContain(password);
  });

  it.each(["none", "explicit"] as const)(
    "reports a wrong password as auth_failed (tls %s) without leaking it",
    async (tls) => {
      const password = `wrong-${Math.random().toString(36).slice(2)}`;
      const result = await checkFtp(value({ ...server("TEST_FTP_URL"), password, tls }));
      expect(result).toMatchObject({ ok: false, class: "auth_failed", code: "530" });
      expect(JSON.stringify(result)).not.toContain(password);
      expect(JSON.stringify(printed.mock.calls)).not.toContain(password);
    },
  );

  it("reports implicit TLS against a plain FTP port as network, not as a bad password", async () => {
    const result = await checkFtp(value({ ...server("TEST_FTP_URL"), tls: "implicit" }), { timeoutMs: 3000 });
    expect(result.ok).toBe(false);
    expect(["network", "timeout"]).toContain(result.class);
  });

  it("reports a closed port as network", async () => {
    const result = await checkFtp(value({ ...server("TEST_FTP_URL"), port: await closedPort(), tls: "none" }));
    expect(result).toMatchObject({ ok: false, class: "network", code: "ECONNREFUSED" });
  });

  it("gives up on a server that never answers, and the check process is gone", async () => {
    const silent = await silentServer();
    const { sockets } = silent;
    try {
      const { port } = silent;
      const result = await checkFtp(value({ ...server("TEST_FTP_URL"), port, tls: "none" }), { timeoutMs: 2500 });
      expect(result).toMatchObject({ ok: false, class: "timeout" });
      expect(result.durationMs).toBeLessThan(4000);
      expect(sockets.length).toBe(1);
      await expect.poll(() => nativeCheckHooks.live(), { timeout: 2000 }).toBe(0);
    } finally {
      silent.close();
    }
  });

  it("answers a server without TLS, asked for AUTH TLS, as server_error FTP_TLS_REFUSED", async () => {
    // A minimal FTP server that knows no AUTH: vsftpd answers 530 before login, which must
    // not read as a bad password.
    const plain = createServer((c) => {
      c.on("error", () => {});
      c.write("220 hello\r\n");
      c.on("data", () => c.write("530 Please login with USER and PASS.\r\n"));
    }).listen(0, "127.0.0.1");
    await new Promise((resolve) => plain.once("listening", resolve));
    try {
      const port = (plain.address() as AddressInfo).port;
      const result = await checkFtp(value({ ...server("TEST_FTP_URL"), port, tls: "explicit" }));
      expect(result).toMatchObject({ ok: false, class: "server_error", code: "FTP_TLS_REFUSED" });
    } finally {
      plain.close();
    }
  });

  it("is blocked before connecting when the host is not allow-listed", async () => {
    allow("");
    connectHooks.reset();
    const result = await checkFtp(value(server("TEST_FTP_URL")));
    expect(result).toMatchObject({ ok: false, class: "blocked" });
    expect(connectHooks.attempts()).toBe(0);
  });
});

describe("FTP value", () => {
  it("refuses CR and LF in the username and password (they would start another command)", () => {
    for (const bad of [{ username: "u\r\nDELE x" }, { password: "p\nQUIT" }]) {
      expect(ftpSchema.safeParse({ host: "h", username: "u", password: "p", ...bad }).success).toBe(false);
    }
    expect(ftpSchema.parse({ host: "h", username: "u", password: "p" })).toMatchObject({ port: 21, tls: "explicit" });
  });
});
