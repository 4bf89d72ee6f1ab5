// Redis / Valkey: connect to the pinned address, AUTH, SELECT when a database is given, PING (ioredis).
import { isIP } from "node:net";
import { deadline, onlyPin } from "./dial.mjs";

/**
 * TLS options: SNI and the certificate check use the name the credential gave, while the
 * socket goes to the checked IP (ioredis dials `host`, which is the pin's address).
 */
function tlsOptions(pin, mode) {
  if (mode === "disable") return undefined;
  return {
    ...(isIP(pin.hostname) ? {} : { servername: pin.hostname }),
    rejectUnauthorized: mode === "verify-full",
  };
}

export async function check({ pins, params, timeoutMs }) {
  const pin = onlyPin(pins);
  const { Redis } = await import("ioredis");
  // No password, username or db in the options: ioredis would send them on connect and
  // report a refusal only as an "error" event. Sent one by one below, each answer is ours.
  const client = new Redis({
    host: pin.address,
    port: pin.port,
    tls: tlsOptions(pin, params.tls ?? "disable"),
    lazyConnect: true,
    // RESP2 and no handshake of ioredis' own: its HELLO 3 (and CLIENT SETINFO) before our AUTH
    // would meet NOAUTH and close the connection without a word about why.
    protocol: 2,
    disableClientInfo: true,
    enableReadyCheck: false,
    enableOfflineQueue: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    reconnectOnError: () => false,
    autoResubscribe: false,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
  });
  // A socket or TLS failure arrives here; the command that was waiting only hears
  // "Connection is closed", so the first error event is the one reported.
  let socketError;
  client.on("error", (err) => {
    socketError ??= err;
  });
  const limit = deadline(timeoutMs);
  try {
    await Promise.race([
      (async () => {
        await client.connect();
        const auth = params.username ? [params.username, params.password] : [params.password];
        await client.call("AUTH", ...auth);
        if (params.database !== undefined && params.database !== null) await client.select(Number(params.database));
        const pong = await client.ping();
        if (pong !== "PONG") throw Object.assign(new Error("unexpected PING answer"), { code: "REDIS_PROTOCOL" });
      })(),
      limit.promise,
    ]);
  } catch (err) {
    throw coded(err?.code === undefined && socketError?.code !== undefined ? socketError : err);
  } finally {
    limit.clear();
    client.disconnect(false);
  }
}

// A Redis error reply gets a machine code from its first word (the rest of the message may
// echo a key or a user name and stays in this process).
const REPLY_WORDS = new Set([
  "WRONGPASS", // wrong password or user
  "NOAUTH", // the server wants a password
  "NOPERM", // an ACL user who may not run PING or SELECT
]);

function coded(err) {
  if (err?.name !== "ReplyError" || typeof err.message !== "string") return err;
  const word = err.message.split(" ", 1)[0];
  if (REPLY_WORDS.has(word)) err.code = `REDIS_${word}`;
  // "ERR DB index is out of range": no such database number on this server.
  else if (/^ERR (DB index|invalid DB index)/i.test(err.message)) err.code = "REDIS_DB_INDEX";
  // "ERR AUTH <password> called without any password configured", older servers' "ERR invalid password".
  else if (/^ERR .*(password|AUTH)/i.test(err.message)) err.code = "REDIS_AUTH";
  else err.code = "REDIS_ERR";
  return err;
}

const CODE_CLASSES = {
  REDIS_WRONGPASS: "auth_failed",
  REDIS_NOAUTH: "auth_failed",
  REDIS_AUTH: "auth_failed",
  REDIS_NOPERM: "forbidden",
  REDIS_DB_INDEX: "not_found",
  REDIS_ERR: "server_error",
  REDIS_PROTOCOL: "server_error",
};

export function classify(err) {
  return Object.hasOwn(CODE_CLASSES, err?.code) ? CODE_CLASSES[err.code] : undefined;
}
