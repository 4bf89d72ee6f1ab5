// MySQL / MariaDB: connect to the pinned address and run `SELECT 1` (mysql2).
import { dial, onlyPin } from "./dial.mjs";

const MODES = {
  disable: undefined,
  prefer: { rejectUnauthorized: false },
  require: { rejectUnauthorized: false },
  "verify-ca": { rejectUnauthorized: true, verifyIdentity: false },
  "verify-full": { rejectUnauthorized: true, verifyIdentity: true },
};

export async function check({ pins, params, timeoutMs }) {
  const pin = onlyPin(pins);
  const { default: mysql } = await import("mysql2/promise");
  const mode = params.sslMode ?? "prefer";
  const open = (ssl) =>
    mysql.createConnection({
      host: pin.hostname,
      port: pin.port,
      user: params.username,
      password: params.password,
      database: params.database,
      ssl,
      connectTimeout: timeoutMs,
      stream: () => dial(pin),
    });
  // mysql2 has no "prefer": try TLS, fall back to plain only when the server has none.
  const conn = await open(MODES[mode]).catch((err) => {
    if (mode === "prefer" && err?.code === "HANDSHAKE_NO_SSL_SUPPORT") return open(undefined);
    throw err;
  });
  try {
    await conn.query({ sql: "SELECT 1", timeout: timeoutMs });
  } finally {
    conn.destroy();
  }
}
