import "server-only";
import type { SftpValue } from "@/lib/secrets/types/sftp";
import type { VerifyResult } from "../classify";
import { runNativeCheck } from "./run";

/**
 * SFTP: an SSH session to the checked IP (ssh2 over our own socket), then a listing of the
 * home directory. A `hostKeyFingerprint` must match the server's host key (SHA256, as
 * `ssh-keygen -lf` prints it), else `server_error` with code HOST_KEY_MISMATCH: the server
 * is not the one the credential names, so nothing about the login is proved. Never throws.
 */
export function checkSftp(value: SftpValue, opts: { timeoutMs?: number } = {}): Promise<VerifyResult> {
  const { host, port, username, password, privateKey, passphrase, hostKeyFingerprint } = value;
  return runNativeCheck({
    engine: "sftp",
    targets: [{ host, port }],
    params: { username, password, privateKey, passphrase, hostKeyFingerprint },
    timeoutMs: opts.timeoutMs,
  });
}
