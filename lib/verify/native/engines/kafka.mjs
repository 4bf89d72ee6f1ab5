// Kafka: connect to a bootstrap server and describe the cluster (kafkajs admin client).
//
// kafkajs dials brokers by the names the cluster's metadata advertises. Its socketFactory
// is the one way it opens sockets: a pinned host:port goes to its checked IP (the name kept
// for SNI and the certificate check), anything else is refused before a packet is sent and
// the check answers `blocked`. The refused host:ports and every advertised broker without a
// pin go back to the parent (`unpinned`), which puts each through the address policy and
// runs the check once more with them pinned (run.ts `followAdvertised`): a managed
// cluster's bootstrap address is rarely one of its brokers (Confluent Cloud). A broker the
// policy refuses refuses the check.
import net from "node:net";
import tls from "node:tls";

let refused = 0;

/**
 * A kafkajs socketFactory confined to the pins. Exported for the engine's own test.
 * `unpinned` (a Map) collects each refused host:port, for the parent to check.
 */
export function pinnedSocketFactory(pins, unpinned = new Map()) {
  const byKey = new Map();
  for (const p of pins) {
    byKey.set(`${p.hostname.toLowerCase()}:${p.port}`, p);
    byKey.set(`${p.address}:${p.port}`, p);
  }
  return ({ host, port, ssl, onConnect }) => {
    const pin = byKey.get(`${String(host).toLowerCase()}:${Number(port)}`);
    if (!pin) {
      refused++;
      unpinned.set(`${String(host).toLowerCase()}:${Number(port)}`, { host: String(host), port: Number(port) });
      // A socket that fails at once, as a refused connection would: kafkajs handles that path.
      const socket = new net.Socket();
      process.nextTick(() => socket.destroy(Object.assign(new Error("host not pinned"), { code: "HOST_NOT_PINNED" })));
      return socket;
    }
    if (!ssl) return net.connect({ host: pin.address, port: pin.port }, onConnect);
    const servername = net.isIP(pin.hostname) ? undefined : pin.hostname;
    return tls.connect(
      { ...(typeof ssl === "object" ? ssl : {}), host: pin.address, port: pin.port, servername },
      onConnect,
    );
  };
}

export const refusedCount = () => refused;

const MECHANISMS = { PLAIN: "plain", "SCRAM-SHA-256": "scram-sha-256", "SCRAM-SHA-512": "scram-sha-512" };

export async function check({ pins, params, timeoutMs }) {
  const { Kafka, logLevel } = await import("kafkajs");
  const protocol = params.securityProtocol ?? "SASL_SSL";
  const sasl = protocol.startsWith("SASL_")
    ? { mechanism: MECHANISMS[params.saslMechanism ?? "PLAIN"], username: params.username, password: params.password }
    : undefined;
  const budget = Math.max(200, timeoutMs - 300);
  const unpinned = new Map();
  const kafka = new Kafka({
    clientId: "integration-center-check",
    brokers: pins.map((p) => `${p.hostname.includes(":") ? `[${p.hostname}]` : p.hostname}:${p.port}`),
    ssl: protocol.endsWith("SSL") ? { rejectUnauthorized: true } : false,
    sasl,
    connectionTimeout: budget,
    authenticationTimeout: budget,
    requestTimeout: budget,
    enforceRequestTimeout: true,
    retry: { retries: 0 },
    socketFactory: pinnedSocketFactory(pins, unpinned),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin({ retry: { retries: 0 } });
  try {
    await admin.connect();
    const { brokers } = await admin.describeCluster();
    const pinned = new Set(pins.flatMap((p) => [`${p.hostname.toLowerCase()}:${p.port}`, `${p.address}:${p.port}`]));
    for (const b of brokers) {
      const key = `${String(b.host).toLowerCase()}:${b.port}`;
      if (!pinned.has(key)) unpinned.set(key, { host: String(b.host), port: Number(b.port) });
    }
  } catch (err) {
    if (unpinned.size > 0) throw notPinned(unpinned);
    throw err;
  } finally {
    await admin.disconnect().catch(() => {});
  }
  if (unpinned.size > 0) throw notPinned(unpinned);
}

/** Refused: the cluster named brokers without a pin; the parent may check them and ask again. */
function notPinned(unpinned) {
  return Object.assign(new Error("host not pinned"), { code: "HOST_NOT_PINNED", unpinned: [...unpinned.values()] });
}

export function classify(err) {
  if (err?.code === "HOST_NOT_PINNED") return "blocked";
  for (let e = err, depth = 0; e && depth < 5; depth++, e = e.cause ?? e.originalError) {
    if (e.type === "SASL_AUTHENTICATION_FAILED" || e.name === "KafkaJSSASLAuthenticationError") return "auth_failed";
    if (e.type === "UNSUPPORTED_SASL_MECHANISM" || e.type === "ILLEGAL_SASL_STATE") return "auth_failed";
    if (e.type === "CLUSTER_AUTHORIZATION_FAILED" || e.type === "TOPIC_AUTHORIZATION_FAILED") return "forbidden";
    if (e.name === "KafkaJSRequestTimeoutError" || e.name === "KafkaJSConnectionTimeoutError") return "timeout";
    if (/timeout/i.test(e.message ?? "") && e.name?.startsWith("KafkaJS")) return "timeout";
  }
  return undefined;
}
