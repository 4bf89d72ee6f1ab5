// MongoDB: `ping` on the admin database (the official driver), dialling only the pins.
//
// The driver opens sockets on its own: one per seed, then one per replica-set member a
// server names in its `hello` answer. It has no socket factory, so this process (which
// runs this one check and exits) wraps `net.createConnection` and `tls.connect`, the two
// calls the driver dials with: a pinned host:port goes to its checked IP (the name kept
// for SNI and the certificate), anything else is refused before a packet is sent and the
// check answers `blocked`.
import net from "node:net";
import tls from "node:tls";

let refused = 0;

/** Confines every socket this process opens to the pins. Exported for the engine's own test. */
export function confine(pins) {
  const byKey = new Map();
  for (const p of pins) {
    byKey.set(`${p.hostname.toLowerCase()}:${p.port}`, p);
    byKey.set(`${p.address}:${p.port}`, p);
  }
  const pinFor = (opts) => byKey.get(`${String(opts?.host ?? "").toLowerCase()}:${Number(opts?.port)}`);
  const refuse = () => {
    refused++;
    throw Object.assign(new Error("host not pinned"), { code: "HOST_NOT_PINNED" });
  };
  const { createConnection } = net;
  const { connect } = tls;
  net.createConnection = (opts, ...rest) => {
    const pin = typeof opts === "object" ? pinFor(opts) : undefined;
    if (!pin) refuse();
    return createConnection({ ...opts, host: pin.address, lookup: undefined }, ...rest);
  };
  tls.connect = (opts, ...rest) => {
    const pin = typeof opts === "object" ? pinFor(opts) : undefined;
    if (!pin) refuse();
    const servername = net.isIP(pin.hostname) ? undefined : pin.hostname;
    return connect({ ...opts, host: pin.address, servername, lookup: undefined }, ...rest);
  };
}

export async function check({ pins, params, timeoutMs }) {
  confine(pins);
  const { MongoClient } = await import("mongodb");
  const hosts = pins.map((p) => `${p.hostname.includes(":") ? `[${p.hostname}]` : p.hostname}:${p.port}`);
  // Leave the driver room to answer before the parent's deadline kills this process.
  const budget = Math.max(200, timeoutMs - 300);
  const client = new MongoClient(`mongodb://${hosts.join(",")}/`, {
    ...(params.username !== undefined && {
      auth: { username: params.username, password: params.password },
    }),
    ...(params.authSource !== undefined && { authSource: params.authSource }),
    ...(params.authMechanism !== undefined && { authMechanism: params.authMechanism }),
    ...(params.replicaSet !== undefined && { replicaSet: params.replicaSet }),
    // One seed and no replica set: talk to that server only, no discovery.
    directConnection: pins.length === 1 && params.replicaSet === undefined,
    tls: Boolean(params.tls),
    serverSelectionTimeoutMS: budget,
    connectTimeoutMS: budget,
    socketTimeoutMS: budget,
    maxPoolSize: 1,
    retryReads: false,
    retryWrites: false,
    appName: "integration-center-check",
  });
  // The driver retries an unreachable server until server selection gives up; once every
  // pinned host has failed its handshake, nothing can succeed, so answer then.
  const failed = new Map();
  const seeds = new Set(hosts.map((h) => h.toLowerCase()));
  const allFailed = new Promise((_, reject) => {
    client.on("serverDescriptionChanged", (ev) => {
      if (!seeds.has(String(ev.address).toLowerCase())) return;
      if (!ev.newDescription?.error) return void failed.delete(ev.address);
      failed.set(ev.address, ev.newDescription.error);
      if (failed.size >= pins.length) reject(ev.newDescription.error);
    });
  });
  allFailed.catch(() => {});
  try {
    await Promise.race([client.db("admin").command({ ping: 1 }), allFailed]);
  } catch (err) {
    throw unwrap(err);
  } finally {
    await client.close(true).catch(() => {});
  }
  // A member the servers named but that was never pinned: the check did not see the whole deployment.
  if (refused > 0) throw Object.assign(new Error("host not pinned"), { code: "HOST_NOT_PINNED" });
}

/** A server-selection failure hides the reason in its topology description: the first server error. */
function unwrap(err) {
  if (refused > 0) return Object.assign(new Error("host not pinned"), { code: "HOST_NOT_PINNED" });
  if (err?.name !== "MongoServerSelectionError") return err;
  for (const server of err.reason?.servers?.values?.() ?? []) {
    if (server.error) return server.error;
  }
  return Object.assign(new Error("no server answered"), { code: "ETIMEDOUT" });
}

// MongoDB server error codes: 18 AuthenticationFailed, 13 Unauthorized, 8000 Atlas auth.
const CODES = { 18: "auth_failed", 8000: "auth_failed", 13: "forbidden" };

export function classify(err) {
  if (err?.code === "HOST_NOT_PINNED") return "blocked";
  if (typeof err?.code === "number" && CODES[err.code]) return CODES[err.code];
  if (err?.name === "MongoNetworkTimeoutError") return "timeout";
  if (/Authentication|SASL/i.test(err?.name ?? "") || err?.name === "MongoMissingCredentialsError")
    return "auth_failed";
  if (typeof err?.code === "number") return "server_error";
  return undefined;
}
