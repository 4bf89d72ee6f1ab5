import "server-only";
import type { VerifyClass, VerifyResult } from "./classify";
import { nativeCheckHooks, runNativeCheck } from "./native/run";

/** libpq's sslmode names; MySQL gets the closest equivalent. */
export type SslMode = "disable" | "prefer" | "require" | "verify-ca" | "verify-full";

/** The connection fields of a POSTGRES / MYSQL credential. */
export interface DatabaseCheckOptions {
  host: string;
  port?: number;
  database: string;
  username: string;
  password: string;
  sslMode?: SslMode;
  /** Whole-check deadline (DNS, connect, auth, query). Defaults to 5 s. */
  timeoutMs?: number;
}

// Server error codes that say something about the credential rather than the network.
// MySQL answers ER_DBACCESS_DENIED_ERROR, not ER_BAD_DB_ERROR, for a missing database
// when the user has no global privileges, so the two cannot be told apart: both not_found.
const DB_CODES: Record<string, VerifyClass> = {
  "28P01": "auth_failed", // invalid_password
  "28000": "auth_failed", // invalid_authorization_specification (pg_hba reject)
  "3D000": "not_found", // invalid_catalog_name
  "42501": "forbidden", // no CONNECT privilege
  ER_ACCESS_DENIED_ERROR: "auth_failed",
  ER_BAD_DB_ERROR: "not_found",
  ER_DBACCESS_DENIED_ERROR: "not_found",
  ER_HOST_NOT_PRIVILEGED: "forbidden",
};

/** Test hooks: the check processes still running, and the pid of the last one started. */
export const dbCheckHooks = nativeCheckHooks;

function sqlCheck(engine: "postgres" | "mysql", opts: DatabaseCheckOptions, defaultPort: number) {
  const { host, port, database, username, password, sslMode, timeoutMs } = opts;
  return runNativeCheck({
    engine,
    targets: [{ host, port: port ?? defaultPort }],
    params: { database, username, password, sslMode: sslMode ?? "prefer" },
    timeoutMs,
    codes: DB_CODES,
  });
}

/** Connects to PostgreSQL through the address policy and runs `SELECT 1`, in a child process. Never throws. */
export async function checkPostgres(opts: DatabaseCheckOptions): Promise<VerifyResult> {
  return sqlCheck("postgres", opts, 5432);
}

/**
 * Connects to MySQL/MariaDB through the address policy and runs `SELECT 1`, in a child
 * process. Never throws. mysql2 has no "prefer": it tries TLS and falls back to plain only
 * when the server has no TLS at all.
 */
export async function checkMysql(opts: DatabaseCheckOptions): Promise<VerifyResult> {
  return sqlCheck("mysql", opts, 3306);
}
