// PostgreSQL: connect to the pinned address and run `select 1` (postgres.js).
import { dial, onlyPin } from "./dial.mjs";

const SSL = {
  disable: false,
  prefer: "prefer",
  require: "require",
  "verify-ca": { rejectUnauthorized: true, checkServerIdentity: () => undefined },
  "verify-full": "verify-full",
};

export async function check({ pins, params, timeoutMs }) {
  const pin = onlyPin(pins);
  const { default: postgres } = await import("postgres");
  const sql = postgres({
    host: pin.hostname,
    port: pin.port,
    database: params.database,
    username: params.username,
    password: params.password,
    ssl: SSL[params.sslMode ?? "prefer"],
    max: 1,
    connect_timeout: Math.ceil(timeoutMs / 1000),
    onnotice: () => {},
    socket: () => dial(pin),
  });
  try {
    await sql`select 1`;
  } finally {
    await sql.end({ timeout: 0 }).catch(() => {});
  }
}
