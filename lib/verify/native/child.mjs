// Native connector checks (databases, caches, brokers, file servers), each in its own
// process: lib/verify/native/run.ts forks this script once per check.
//
// Plain JavaScript on purpose: it runs as-is under `next start` and under Vitest, without
// the bundler. Driver code runs here because a hostile server can make it expensive in
// ways no promise timeout can stop (postgres.js runs pbkdf2Sync with the server's SCRAM
// iteration count); the parent SIGKILLs this process at the deadline.
//
// Protocol (IPC, JSON): the parent sends one request
//   { engine, pins: [{ hostname, address, port }, …], params: { … }, timeoutMs }
// and this process answers once with { ok: true } or { ok: false, code?, class? }, then
// exits. The address policy ran in the parent, for every pin: an engine dials only
// `pin.address`, and keeps `pin.hostname` for TLS SNI and certificate checks. Driver
// messages never leave this process (they may echo connection details); only a machine
// code and, when the engine can tell, a class (engines/*.mjs `classify`) do.
//
// An engine module (engines/<engine>.mjs) exports
//   async check({ pins, params, timeoutMs })  — resolves when the credential works, throws otherwise
//                                               (an error's `unpinned` [{host, port}] names hosts the
//                                               server told it to dial that have no pin)
//   classify(err)                             — optional: a class for a thrown error, or undefined

// If the parent goes away, nobody is waiting for the answer.
process.on("disconnect", () => process.exit(0));

/** Every engine, by the name the parent sends. A name not listed here is refused. */
const ENGINES = {
  postgres: () => import("./engines/postgres.mjs"),
  mysql: () => import("./engines/mysql.mjs"),
  mssql: () => import("./engines/mssql.mjs"),
  redis: () => import("./engines/redis.mjs"),
  amqp: () => import("./engines/amqp.mjs"),
  aws: () => import("./engines/aws.mjs"),
  "azure-storage": () => import("./engines/azure-storage.mjs"),
  sftp: () => import("./engines/sftp.mjs"),
  ftp: () => import("./engines/ftp.mjs"),
  mongodb: () => import("./engines/mongodb.mjs"),
  kafka: () => import("./engines/kafka.mjs"),
};

/** The classes an engine may report (lib/verify/classify.ts VerifyClass, minus ok). */
const CLASSES = new Set([
  "auth_failed",
  "forbidden",
  "not_found",
  "rate_limited",
  "server_error",
  "timeout",
  "network",
  "blocked",
]);

/**
 * Hosts an engine was told to dial but had no pin for (`err.unpinned`, Kafka's advertised
 * brokers), as plain {host, port}: the parent may check them and ask again (run.ts
 * `followAdvertised`). At most 32; anything malformed is dropped.
 */
function hostsOf(list) {
  if (!Array.isArray(list)) return [];
  return list
    .filter((h) => typeof h?.host === "string" && h.host.length > 0 && h.host.length <= 253 && Number.isInteger(h.port))
    .filter((h) => h.port >= 1 && h.port <= 65535)
    .slice(0, 32)
    .map((h) => ({ host: h.host, port: h.port }));
}

/** The first string/number `code` on an error or its cause chain. */
function codeOf(err) {
  for (let e = err, depth = 0; e && typeof e === "object" && depth < 5; depth++) {
    if (typeof e.code === "string" || typeof e.code === "number") return String(e.code).slice(0, 64);
    e = e.cause;
  }
  return undefined;
}

process.once("message", async (req) => {
  let answer;
  let engine;
  try {
    const load = Object.hasOwn(ENGINES, req?.engine) ? ENGINES[req.engine] : undefined;
    if (!load) throw Object.assign(new Error("unknown engine"), { code: "CHECK_ENGINE" });
    engine = await load();
    await engine.check({ pins: req.pins, params: req.params ?? {}, timeoutMs: req.timeoutMs });
    answer = { ok: true };
  } catch (err) {
    const code = codeOf(err);
    let cls;
    try {
      cls = engine?.classify?.(err);
    } catch {
      cls = undefined;
    }
    const more = hostsOf(err?.unpinned);
    answer = {
      ok: false,
      ...(code ? { code } : {}),
      ...(CLASSES.has(cls) ? { class: cls } : {}),
      ...(more.length ? { more } : {}),
    };
  }
  process.send(answer, () => process.exit(0));
});
