// SFTP: an SSH session to the pinned address, then list the home directory (ssh2-sftp-client).
import { createHash } from "node:crypto";
import { dial, onlyPin } from "./dial.mjs";

// SFTP status codes (draft-ietf-secsh-filexfer-02 §7) on a failed list.
const SFTP_STATUS = { 2: "not_found", 3: "forbidden" };

const fingerprintOf = (key) => `SHA256:${createHash("sha256").update(key).digest("base64").replace(/=+$/, "")}`;

/** The last raw ssh2 error (it carries `level`); ssh2-sftp-client rewraps what it rejects with. */
let raw;
let hostKeyMismatch = false;

export async function check({ pins, params, timeoutMs }) {
  const pin = onlyPin(pins);
  const { default: SftpClient } = await import("ssh2-sftp-client");
  if (params.privateKey) {
    // A key that does not parse (or a wrong passphrase) is the credential's fault, not the network's.
    const { default: ssh2 } = await import("ssh2");
    if (ssh2.utils.parseKey(params.privateKey, params.passphrase) instanceof Error)
      throw Object.assign(new Error("unusable private key"), { code: "SSH_KEY_INVALID" });
  }
  // The default callbacks print the server's messages; nothing here is kept.
  const quiet = () => {};
  const client = new SftpClient("check", { error: quiet, end: quiet, close: quiet });
  client.client.on("error", (err) => {
    raw = err;
  });
  try {
    await client.connect({
      // The socket is already open to the checked IP; host is only what ssh2 reports.
      sock: dial(pin),
      host: pin.hostname,
      port: pin.port,
      username: params.username,
      password: params.password,
      privateKey: params.privateKey,
      passphrase: params.passphrase,
      readyTimeout: timeoutMs,
      // Keyboard-interactive servers that only ask for the password get it too.
      tryKeyboard: Boolean(params.password),
      hostVerifier: (key) => {
        if (!params.hostKeyFingerprint) return true;
        const ok = fingerprintOf(key) === params.hostKeyFingerprint;
        if (!ok) hostKeyMismatch = true;
        return ok;
      },
    });
    await client.list(".");
  } catch (err) {
    if (hostKeyMismatch) throw Object.assign(new Error("host key mismatch"), { code: "HOST_KEY_MISMATCH" });
    throw err;
  } finally {
    await client.end().catch(() => {});
  }
}

/** ssh2's error levels and the SFTP status of a failed list. */
export function classify(err) {
  if (err?.code === "HOST_KEY_MISMATCH") return "server_error";
  if (err?.code === "SSH_KEY_INVALID") return "auth_failed";
  const level = raw?.level ?? err?.level;
  if (level === "client-authentication") return "auth_failed";
  if (level === "client-timeout") return "timeout";
  if (typeof err?.code === "number" && SFTP_STATUS[err.code]) return SFTP_STATUS[err.code];
  if (typeof raw?.code === "number" && SFTP_STATUS[raw.code]) return SFTP_STATUS[raw.code];
  return undefined;
}
