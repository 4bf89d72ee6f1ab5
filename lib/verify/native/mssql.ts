import "server-only";
import type { VerifyResult } from "../classify";
import type { DatabaseCheckOptions } from "../database";
import { runNativeCheck } from "./run";

/**
 * Proves an MSSQL credential: a TDS login at the checked address (the host name kept for the
 * TLS certificate check) and `SELECT 1`, in a child process under the native deadline
 * (run.ts). A login that the server routes to another host is refused (`blocked`). Never throws.
 */
export function checkMssql(opts: DatabaseCheckOptions): Promise<VerifyResult> {
  const { host, port, database, username, password, sslMode, timeoutMs } = opts;
  return runNativeCheck({
    engine: "mssql",
    targets: [{ host, port: port ?? 1433 }],
    params: { database, username, password, sslMode: sslMode ?? "prefer" },
    timeoutMs,
  });
}
