// AMQP 0-9-1 (RabbitMQ): open a connection to the pinned address and a channel (amqplib).
import { isIP } from "node:net";
import { deadline, onlyPin } from "./dial.mjs";

export async function check({ pins, params, timeoutMs }) {
  const pin = onlyPin(pins);
  const { default: amqp } = await import("amqplib");
  const tls = params.tls !== undefined && params.tls !== "disable";
  // amqplib dials `hostname`: the checked IP. SNI and the certificate check keep the name.
  const socketOptions = {
    timeout: timeoutMs,
    ...(tls && {
      ...(isIP(pin.hostname) ? {} : { servername: pin.hostname }),
      rejectUnauthorized: params.tls === "verify-full",
    }),
  };
  const limit = deadline(timeoutMs);
  let conn;
  try {
    const opening = amqp.connect(
      {
        protocol: tls ? "amqps" : "amqp",
        hostname: pin.address,
        port: pin.port,
        vhost: params.vhost ?? "/",
        username: params.username,
        password: params.password,
        heartbeat: 0,
      },
      socketOptions,
    );
    // A connection that opens after the deadline must still be closed.
    opening.then((c) => (conn = c)).catch(() => {});
    conn = await Promise.race([opening, limit.promise]);
    conn.on("error", () => {});
    const channel = await Promise.race([conn.createChannel(), limit.promise]);
    await Promise.race([channel.close(), limit.promise]);
  } catch (err) {
    throw coded(err);
  } finally {
    limit.clear();
    await conn?.close().catch(() => {});
  }
}

/*
 * amqplib reports a refusal only as text. The server's words stay in this process; what
 * leaves is a code:
 * - ACCESS_REFUSED (403) during the handshake: the login was refused;
 * - connection.close instead of connection.open-ok: RabbitMQ answers 530 NOT_ALLOWED both for
 *   a vhost that does not exist and for one the user has no permission on, and amqplib
 *   does not pass the reply on, so both are "no such vhost for this user";
 * - a channel refused after a good login: the broker's channel limit or a policy.
 */
function coded(err) {
  if (!(err instanceof Error) || err.code !== undefined) return err;
  const m = err.message;
  if (/ACCESS.REFUSED|Handshake terminated by server: 403/.test(m)) err.code = "AMQP_ACCESS_REFUSED";
  else if (/Expected ConnectionOpenOk; got <ConnectionClose/.test(m)) err.code = "AMQP_NOT_ALLOWED";
  else if (/SASL mechanism .* not provided/.test(m)) err.code = "AMQP_SASL_MECHANISM";
  else if (/ETIMEDOUT/.test(m)) err.code = "ETIMEDOUT";
  else if (/Socket closed abruptly|Unexpected close/.test(m)) err.code = "ECONNRESET";
  else if (/^(Expected|Frame|Server frameMax|Wasn't expecting)/.test(m)) err.code = "AMQP_PROTOCOL";
  else if (/channel/i.test(m)) err.code = "AMQP_CHANNEL";
  return err;
}

const CODE_CLASSES = {
  AMQP_ACCESS_REFUSED: "auth_failed",
  AMQP_SASL_MECHANISM: "auth_failed",
  AMQP_NOT_ALLOWED: "not_found",
  AMQP_PROTOCOL: "server_error",
  AMQP_CHANNEL: "server_error",
};

export function classify(err) {
  return Object.hasOwn(CODE_CLASSES, err?.code) ? CODE_CLASSES[err.code] : undefined;
}
