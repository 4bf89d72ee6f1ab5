import "server-only";
import mysql from "mysql2/promise";
import postgres from "postgres";
import { checkHost, dialPinned, type PinnedHost } from "./address-policy";
import { classifyError, resultFromError, type VerifyClass, type VerifyResult } from "./classify";
import { TimeoutError } from "./errors";

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

const classifyDb = (err: unknown): VerifyClass =>
  DB_CODES[(err as { code?: string } | null)?.code ?? ""] ?? classifyError(err);

/**
 * Runs `work` under one deadline, then always runs `close` (even after a timeout, when
 * `work` may still be pending). Drivers' own errors are reduced to a class and a code;
 * their messages never leave this function, so the password cannot leak through them.
 */
async function runCheck(
  opts: DatabaseCheckOptions,
  defaultPort: number,
  work: (pin: PinnedHost, timeoutMs: number) => Promise<unknown>,
  close: () => Promise<unknown> | void,
): Promise<VerifyResult> {
  const timeoutMs = opts.timeoutMs ?? 5000;
  const started = performance.now();
  const durationMs = () => Math.round(performance.now() - started);
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(timeoutMs)), timeoutMs);
  });
  expired.catch(() => {}); // only ever observed through the races below
  try {
    const pin = await Promise.race([checkHost(opts.host, opts.port ?? defaultPort), expired]);
    await Promise.race([work(pin, timeoutMs), expired]);
    return { ok: true, class: "ok", durationMs: durationMs() };
  } catch (err) {
    return resultFromError(err, durationMs(), classifyDb(err));
  } finally {
    clearTimeout(timer);
    await close()?.catch(() => {});
  }
}

const PG_SSL: Record<SslMode, postgres.Options<{}>["ssl"]> = {
  disable: false,
  prefer: "prefer",
  require: "require",
  "verify-ca": { rejectUnauthorized: true, checkServerIdentity: () => undefined },
  "verify-full": "verify-full",
};

/** Connects to PostgreSQL through the address policy and runs `SELECT 1`. Never throws. */
export async function checkPostgres(opts: DatabaseCheckOptions): Promise<VerifyResult> {
  let sql: postgres.Sql | undefined;
  return runCheck(
    opts,
    5432,
    async (pin, timeoutMs) => {
      // `socket` is supported by postgres.js but missing from its types.
      const options: postgres.Options<{}> & { socket: () => unknown } = {
        host: pin.hostname,
        port: pin.port,
        database: opts.database,
        username: opts.username,
        password: opts.password,
        ssl: PG_SSL[opts.sslMode ?? "prefer"],
        max: 1,
        connect_timeout: Math.ceil(timeoutMs / 1000),
        onnotice: () => {},
        socket: () => dialPinned(pin),
      };
      sql = postgres(options);
      await sql`select 1`;
    },
    () => sql?.end({ timeout: 0 }),
  );
}

const MYSQL_SSL: Record<SslMode, mysql.SslOptions | undefined> = {
  disable: undefined,
  prefer: { rejectUnauthorized: false },
  require: { rejectUnauthorized: false },
  "verify-ca": { rejectUnauthorized: true, verifyIdentity: false },
  "verify-full": { rejectUnauthorized: true, verifyIdentity: true },
};

/**
 * Connects to MySQL/MariaDB through the address policy and runs `SELECT 1`. Never throws.
 * mysql2 has no "prefer": it tries TLS and falls back to plain only when the server has
 * no TLS at all.
 */
export async function checkMysql(opts: DatabaseCheckOptions): Promise<VerifyResult> {
  const pending: Promise<mysql.Connection>[] = [];
  const open = (pin: PinnedHost, timeoutMs: number, ssl: mysql.SslOptions | undefined) => {
    const conn = mysql.createConnection({
      host: pin.hostname,
      port: pin.port,
      user: opts.username,
      password: opts.password,
      database: opts.database,
      ssl,
      connectTimeout: timeoutMs,
      stream: () => dialPinned(pin),
    });
    pending.push(conn);
    return conn;
  };
  return runCheck(
    opts,
    3306,
    async (pin, timeoutMs) => {
      const mode = opts.sslMode ?? "prefer";
      const conn = await open(pin, timeoutMs, MYSQL_SSL[mode]).catch((err) => {
        if (mode === "prefer" && err?.code === "HANDSHAKE_NO_SSL_SUPPORT") return open(pin, timeoutMs, undefined);
        throw err;
      });
      await conn.query({ sql: "SELECT 1", timeout: timeoutMs });
    },
    // Not awaited: a connect still pending at the deadline is closed whenever it settles.
    () => void pending.forEach((p) => p.then((c) => c.destroy(), () => {})),
  );
}
