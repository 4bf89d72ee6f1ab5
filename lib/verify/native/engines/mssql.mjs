// Microsoft SQL Server: log in over TDS at the pinned address and run `SELECT 1` (tedious, as
// mssql ships it).
import { createRequire } from "node:module";
import { dial, onlyPin } from "./dial.mjs";

// The tedious that mssql itself depends on (another package may pull in an older one).
const requireFromMssql = createRequire(createRequire(import.meta.url).resolve("mssql"));

// tedious' switches for the form's sslMode (lib/secrets/types/mssql.ts says the same for
// request-auth). `encrypt: true` asks for TLS but goes on in clear when the server has none,
// so `require` and `verify-full` also get the guard below.
const TLS = {
  disable: { encrypt: false, trustServerCertificate: true },
  prefer: { encrypt: true, trustServerCertificate: true },
  require: { encrypt: true, trustServerCertificate: true },
  "verify-full": { encrypt: true, trustServerCertificate: false },
};
const TLS_REQUIRED = new Set(["require", "verify-full"]);

const PRELOGIN = 0x12; // TDS packet type; the TLS handshake travels in PRELOGIN packets too

/**
 * For a credential that demands TLS: nothing but PRELOGIN packets may leave before the TLS
 * handshake has begun (a second PRELOGIN). A server that answers "no encryption" would
 * otherwise get the LOGIN7 packet, password included, in clear; the socket is destroyed
 * before that write instead.
 */
function refusePlainLogin(socket) {
  let prelogins = 0;
  const write = socket.write.bind(socket);
  socket.write = (chunk, ...rest) => {
    if (prelogins < 2 && Buffer.isBuffer(chunk) && chunk.length > 0) {
      if (chunk[0] !== PRELOGIN) {
        socket.destroy(Object.assign(new Error("the server offers no TLS"), { code: "MSSQL_NO_TLS" }));
        return false;
      }
      prelogins++;
    }
    return write(chunk, ...rest);
  };
  return socket;
}

/**
 * tedious' `connector`: every TCP connection it opens goes to the pinned IP. A login that
 * routes elsewhere (Azure SQL's redirect, an availability-group listener's ENVCHANGE) asks
 * for another host, which was never checked: refused.
 */
function pinnedConnector(pin, tlsRequired) {
  return (options, _lookup, signal) => {
    if (options.host !== pin.hostname || Number(options.port) !== pin.port) {
      return Promise.reject(Object.assign(new Error("unpinned host"), { code: "CHECK_UNPINNED" }));
    }
    return new Promise((resolve, reject) => {
      const socket = tlsRequired ? refusePlainLogin(dial(pin)) : dial(pin);
      const onAbort = () => {
        socket.destroy();
        reject(signal.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      socket.once("connect", () => {
        signal?.removeEventListener("abort", onAbort);
        resolve(socket);
      });
      socket.once("error", (err) => {
        signal?.removeEventListener("abort", onAbort);
        reject(err);
      });
    });
  };
}

export async function check({ pins, params, timeoutMs }) {
  const pin = onlyPin(pins);
  const { Connection, Request } = requireFromMssql("tedious");
  // The server's error numbers (the messages may echo the user or database name stay here).
  let serverError;
  const conn = new Connection({
    server: pin.hostname,
    authentication: { type: "default", options: { userName: params.username, password: params.password } },
    options: {
      port: pin.port,
      database: params.database,
      ...TLS[params.sslMode ?? "prefer"],
      connector: pinnedConnector(pin, TLS_REQUIRED.has(params.sslMode)),
      connectTimeout: timeoutMs,
      requestTimeout: timeoutMs,
      maxRetriesOnTransientErrors: 0,
      appName: "integration-center-check",
    },
  });
  conn.on("errorMessage", (token) => {
    serverError ??= token?.number;
  });
  conn.on("error", () => {});
  try {
    await new Promise((resolve, reject) => {
      conn.connect((err) => (err ? reject(err) : resolve()));
    });
    await new Promise((resolve, reject) => {
      conn.execSql(new Request("SELECT 1", (err) => (err ? reject(err) : resolve())));
    });
  } catch (err) {
    if (typeof serverError === "number")
      throw Object.assign(new Error("server error"), { code: `MSSQL_${serverError}` });
    // tedious wraps a socket failure as ESOCKET; the socket's own code (ECONNREFUSED) says more.
    if (err?.code === "ESOCKET" && err.cause?.code) throw err.cause;
    throw err;
  } finally {
    conn.close();
  }
}

/*
 * SQL Server error numbers that say something about the credential
 * (learn.microsoft.com/sql/relational-databases/errors-events/database-engine-events-and-errors):
 */
const NUMBER_CLASSES = {
  18456: "auth_failed", // login failed for user
  18452: "auth_failed", // login from an untrusted domain
  18470: "auth_failed", // account disabled
  18486: "auth_failed", // account locked out
  18487: "auth_failed", // password expired
  18488: "auth_failed", // password must be changed
  4060: "not_found", // cannot open the database requested by the login
  916: "forbidden", // the login may not use that database
  40615: "forbidden", // Azure SQL firewall: this client address is not allowed
  40532: "not_found", // Azure SQL: cannot open the server named in the login
};

export function classify(err) {
  const code = err?.code;
  if (code === "CHECK_UNPINNED") return "blocked";
  // A server that will not do what the credential demands (TLS, or none): no connection worth the name.
  if (code === "MSSQL_NO_TLS" || code === "EENCRYPT") return "network";
  if (typeof code === "string" && code.startsWith("MSSQL_")) {
    const number = Number(code.slice(6));
    return Object.hasOwn(NUMBER_CLASSES, number) ? NUMBER_CLASSES[number] : "server_error";
  }
  if (code === "ETIMEOUT") return "timeout";
  // tedious' own name for a reply that is not TDS (a wrong port, garbage): EINVAL or EPROTO-like.
  if (code === "EINVAL" || code === "EPROTO") return "server_error";
  return undefined;
}
