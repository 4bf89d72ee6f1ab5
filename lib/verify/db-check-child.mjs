// The database dry run, in its own process (lib/verify/database.ts forks it once per check).
//
// Plain JavaScript on purpose: it runs as-is under `next start` and under Vitest, without
// the bundler. Driver code runs here because a hostile server can make it expensive in
// ways no promise timeout can stop (postgres.js runs pbkdf2Sync with the server's SCRAM
// iteration count); the parent SIGKILLs this process at the deadline.
//
// Protocol (IPC, JSON): the parent sends one request
//   { engine: "postgres" | "mysql", pin: { hostname, address, port }, database, username,
//     password, sslMode, timeoutMs }
// and this process answers once with { ok: true } or { ok: false, code? }, then exits.
// The address policy ran in the parent: only `pin.address` is dialled here, while
// `pin.hostname` is kept for TLS SNI and certificate checks. Driver messages never leave
// this process (they may echo connection details); only a machine code does.
import { connect } from "node:net";

// If the parent goes away, nobody is waiting for the answer.
process.on("disconnect", () => process.exit(0));

/** The first string/number `code` on an error or its cause chain. */
function codeOf(err) {
  for (let e = err, depth = 0; e && typeof e === "object" && depth < 5; depth++) {
    if (typeof e.code === "string" || typeof e.code === "number") return String(e.code).slice(0, 64);
    e = e.cause;
  }
  return undefined;
}

/** A TCP socket to the checked IP; `host` keeps the name because postgres.js reads it for SNI. */
function dial(pin) {
  return Object.assign(connect({ host: pin.address, port: pin.port }), { host: pin.hostname });
}

async function checkPostgres(req) {
  const { default: postgres } = await import("postgres");
  const ssl = {
    disable: false,
    prefer: "prefer",
    require: "require",
    "verify-ca": { rejectUnauthorized: true, checkServerIdentity: () => undefined },
    "verify-full": "verify-full",
  }[req.sslMode ?? "prefer"];
  const sql = postgres({
    host: req.pin.hostname,
    port: req.pin.port,
    database: req.database,
    username: req.username,
    password: req.password,
    ssl,
    max: 1,
    connect_timeout: Math.ceil(req.timeoutMs / 1000),
    onnotice: () => {},
    socket: () => dial(req.pin),
  });
  try {
    await sql`select 1`;
  } finally {
    await sql.end({ timeout: 0 }).catch(() => {});
  }
}

async function checkMysql(req) {
  const { default: mysql } = await import("mysql2/promise");
  const modes = {
    disable: undefined,
    prefer: { rejectUnauthorized: false },
    require: { rejectUnauthorized: false },
    "verify-ca": { rejectUnauthorized: true, verifyIdentity: false },
    "verify-full": { rejectUnauthorized: true, verifyIdentity: true },
  };
  const mode = req.sslMode ?? "prefer";
  const open = (ssl) =>
    mysql.createConnection({
      host: req.pin.hostname,
      port: req.pin.port,
      user: req.username,
      password: req.password,
      database: req.database,
      ssl,
      connectTimeout: req.timeoutMs,
      stream: () => dial(req.pin),
    });
  // mysql2 has no "prefer": try TLS, fall back to plain only when the server has none.
  const conn = await open(modes[mode]).catch((err) => {
    if (mode === "prefer" && err?.code === "HANDSHAKE_NO_SSL_SUPPORT") return open(undefined);
    throw err;
  });
  try {
    await conn.query({ sql: "SELECT 1", timeout: req.timeoutMs });
  } finally {
    conn.destroy();
  }
}

process.once("message", async (req) => {
  let answer;
  try {
    await (req.engine === "mysql" ? checkMysql(req) : checkPostgres(req));
    answer = { ok: true };
  } catch (err) {
    const code = codeOf(err);
    answer = code ? { ok: false, code } : { ok: false };
  }
  process.send(answer, () => process.exit(0));
});
