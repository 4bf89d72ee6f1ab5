import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { sftp, sftpSchema, type SftpValue } from "@/lib/secrets/types/sftp";
import { connectHooks } from "../address-policy";
import { nativeCheckHooks } from "./run";
import { checkSftp } from "./sftp";
import { closedPort, setupAllowList, silentServer, spyOnConsole } from "@/tests/support/native-checks";

// A real sshd, provided by the test runner (scripts/start-sshd.sh):
//   TEST_SFTP_URL=sftp://icsftp:icsftp-pw@127.0.0.1:PORT   TEST_SFTP_DIR=<its directory>
// A missing variable fails the tests on purpose: a skipped check would hide a broken CI.
function server() {
  const raw = process.env.TEST_SFTP_URL;
  const dir = process.env.TEST_SFTP_DIR;
  if (!raw || !dir) {
    throw new Error(
      "TEST_SFTP_URL and TEST_SFTP_DIR are not set; the SFTP checks need a real sshd (scripts/start-sshd.sh PORT DIR)",
    );
  }
  const url = new URL(raw);
  const pub = readFileSync(path.join(dir, "host_key.pub"), "utf8").split(" ")[1];
  const fingerprint = `SHA256:${createHash("sha256").update(Buffer.from(pub, "base64")).digest("base64").replace(/=+$/, "")}`;
  return {
    base: { host: url.hostname, port: Number(url.port), username: decodeURIComponent(url.username) },
    password: decodeURIComponent(url.password),
    key: readFileSync(path.join(dir, "client_key"), "utf8"),
    encryptedKey: readFileSync(path.join(dir, "client_key_enc"), "utf8"),
    fingerprint,
  };
}

const value = (v: Record<string, unknown>): SftpValue => sftpSchema.parse(v);

const allow = setupAllowList();

describe("SFTP check against a real sshd", () => {
  const printed = spyOnConsole();
  beforeEach(() => {
    allow("127.0.0.1");
  });

  it("logs in with the password and lists the home directory", async () => {
    const s = server();
    const result = await checkSftp(value({ ...s.base, password: s.password }));
    expect(result).toMatchObject({ ok: true, class: "ok" });
  });

  it("logs in with a private key, and with an encrypted one and its passphrase", async () => {
    const s = server();
    expect(await checkSftp(value({ ...s.base, privateKey: s.key }))).toMatchObject({ ok: true });
    expect(await checkSftp(value({ ...s.base, privateKey: s.encryptedKey, passphrase: "icsftp-kp" }))).toMatchObject({
      ok: true,
    });
  });

  it("accepts the host key when the fingerprint matches, and refuses the server when it does not", async () => {
    const s = server();
    const good = await checkSftp(value({ ...s.base, password: s.password, hostKeyFingerprint: s.fingerprint }));
    expect(good).toMatchObject({ ok: true });
    const other = `SHA256:${createHash("sha256").update("another host").digest("base64").replace(/=+$/, "")}`;
    const bad = await checkSftp(value({ ...s.base, password: s.password, hostKeyFingerprint: other }));
    expect(bad).toMatchObject({ ok: false, class: "server_error", code: "HOST_KEY_MISMATCH" });
  });

  it("reports a wrong password as auth_failed without leaking it", async () => {
    const s = server();
    const password = `wrong-${Math.random().toString(36).slice(2)}`;
    const result = await checkSftp(value({ ...s.base, password }));
    expect(result).toMatchObject({ ok: false, class: "auth_failed" });
    expect(JSON.stringify(result)).not.toContain(password);
    expect(JSON.stringify(printed.mock.calls)).not.toContain(password);
  });

  it("reports a key the server does not know, or a wrong passphrase, as auth_failed", async () => {
    const s = server();
    const { generateKeyPairSync } = await import("node:crypto");
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const stranger = privateKey.export({ type: "pkcs1", format: "pem" }).toString();
    expect(await checkSftp(value({ ...s.base, privateKey: stranger }))).toMatchObject({ class: "auth_failed" });
    const wrong = await checkSftp(value({ ...s.base, privateKey: s.encryptedKey, passphrase: "not-it" }));
    expect(wrong).toMatchObject({ ok: false, class: "auth_failed", code: "SSH_KEY_INVALID" });
    expect(JSON.stringify(wrong)).not.toContain("not-it");
  });

  it("reports a closed port as network", async () => {
    const s = server();
    const result = await checkSftp(value({ ...s.base, password: s.password, port: await closedPort() }));
    expect(result).toMatchObject({ ok: false, class: "network", code: "ECONNREFUSED" });
  });

  it("gives up on a server that never answers, and the check process is gone", async () => {
    const s = server();
    const silent = await silentServer();
    const { sockets } = silent;
    try {
      const { port } = silent;
      const result = await checkSftp(value({ ...s.base, password: s.password, port }), { timeoutMs: 2500 });
      expect(result).toMatchObject({ ok: false, class: "timeout" });
      expect(result.durationMs).toBeLessThan(4000);
      expect(sockets.length).toBe(1);
      await expect.poll(() => nativeCheckHooks.live(), { timeout: 2000 }).toBe(0);
    } finally {
      silent.close();
    }
  });

  it("is blocked before connecting when the host is not allow-listed", async () => {
    const s = server();
    allow("");
    connectHooks.reset();
    const result = await checkSftp(value({ ...s.base, password: s.password }));
    expect(result).toMatchObject({ ok: false, class: "blocked" });
    expect(connectHooks.attempts()).toBe(0);
  });
});

describe("SFTP value", () => {
  it("needs a password or a private key, and a passphrase only with a key", () => {
    const base = { host: "h", username: "u" };
    const issue = (v: object) => sftpSchema.safeParse(v).error?.issues.map((i) => [i.path.join("."), i.message]);
    expect(issue(base)).toEqual([["password", "Enter a password or a private key"]]);
    expect(issue({ ...base, password: "p", passphrase: "x" })).toEqual([
      ["passphrase", "A passphrase goes with a private key"],
    ]);
    expect(issue({ ...base, privateKey: "ssh-ed25519 AAAA… (a public key)" })?.[0][0]).toBe("privateKey");
    expect(sftpSchema.parse({ ...base, password: "p" }).port).toBe(22);
  });

  it("masks the key out of the view (no placeholder the edit form could take for a key)", () => {
    const key = "-----BEGIN OPENSSH PRIVATE KEY-----\nc2VjcmV0LWtleS1ib2R5\n-----END OPENSSH PRIVATE KEY-----";
    const masked = sftp.mask(sftpSchema.parse({ host: "h", username: "u", privateKey: key, passphrase: "kp-secret" }));
    expect(masked).toEqual({
      host: "h",
      port: 22,
      username: "u",
      authentication: "private key",
      passphrase: "********",
    });
    expect(sftp.connection!(sftpSchema.parse({ host: "h", username: "u", privateKey: key }), {})).not.toHaveProperty(
      "url",
    );
  });

  it("takes a fingerprint with or without the SHA256: prefix and padding", () => {
    const digest = createHash("sha256").update("k").digest("base64");
    const parsed = (f: string) => sftpSchema.parse({ host: "h", username: "u", password: "p", hostKeyFingerprint: f });
    const expected = `SHA256:${digest.replace(/=+$/, "")}`;
    expect(parsed(digest).hostKeyFingerprint).toBe(expected);
    expect(parsed(`SHA256:${digest}`).hostKeyFingerprint).toBe(expected);
    expect(
      sftpSchema.safeParse({ host: "h", username: "u", password: "p", hostKeyFingerprint: "MD5:aa" }).success,
    ).toBe(false);
  });
});
