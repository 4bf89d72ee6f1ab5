import "server-only";
import type { FtpValue } from "@/lib/secrets/types/ftp";
import type { VerifyResult } from "../classify";
import { runNativeCheck } from "./run";

/**
 * FTP: log in on the checked IP (plain, explicit `AUTH TLS` or implicit TLS, the server's
 * certificate verified against the host name) and send `PWD`. No data connection is opened.
 * Never throws.
 */
export function checkFtp(value: FtpValue, opts: { timeoutMs?: number } = {}): Promise<VerifyResult> {
  const { host, port, username, password, tls } = value;
  return runNativeCheck({
    engine: "ftp",
    targets: [{ host, port }],
    params: { username, password, tls },
    timeoutMs: opts.timeoutMs,
  });
}
