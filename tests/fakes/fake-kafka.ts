import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from "node:crypto";
import { createServer, type AddressInfo, type Socket } from "node:net";
import { createServer as createTlsServer } from "node:tls";

/*
 * A loopback stand-in for one Kafka broker that speaks just enough of the protocol for a
 * kafkajs admin client: ApiVersions, SaslHandshake + SaslAuthenticate (PLAIN, or the
 * SCRAM-SHA-256/512 exchange of RFC 5802 / RFC 7677, checked against one username and
 * password) and Metadata v0, advertising the brokers it is told to, on plain TCP or TLS.
 * There is no Kafka server package on these machines: this proves how the check drives
 * kafkajs (pinning, SASL outcome, TLS names, advertised brokers never dialled), not a real
 * cluster.
 */

const API_VERSIONS = 18;
const METADATA = 3;
const SASL_HANDSHAKE = 17;
const SASL_AUTHENTICATE = 36;
const UNSUPPORTED_SASL_MECHANISM = 33;
const SASL_AUTHENTICATION_FAILED = 58;

/** The SASL mechanisms the fake speaks. */
export type FakeSaslMechanism = "PLAIN" | "SCRAM-SHA-256" | "SCRAM-SHA-512";
/** RFC 7677 asks for at least 4096; kafkajs refuses fewer. */
const SCRAM_ITERATIONS = 4096;

/** The error message of a refused SASL login (a test proves it never reaches a result). */
export const FAKE_KAFKA_SASL_ERROR = "Authentication failed: Invalid username or password (fake-kafka)";

export type FakeKafkaOptions = {
  /**
   * SASL credentials the broker takes, with its one mechanism (PLAIN unless given); without
   * them it is a PLAINTEXT (or SSL) listener.
   */
  sasl?: { username: string; password: string; mechanism?: FakeSaslMechanism };
  /** Brokers the Metadata answer advertises; `self` is this broker's host:port. */
  brokers?: (self: { host: string; port: number }) => { nodeId: number; host: string; port: number }[];
  /** A TLS listener (SSL, SASL_SSL) with this key and certificate. */
  tls?: { key: Buffer; cert: Buffer };
};

const int16 = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeInt16BE(n);
  return b;
};
const int32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};
const str = (s: string | null) =>
  s === null ? int16(-1) : Buffer.concat([int16(Buffer.byteLength(s)), Buffer.from(s)]);
const array = (items: Buffer[]) => Buffer.concat([int32(items.length), ...items]);
const bytes = (b: Buffer | string) => Buffer.concat([int32(Buffer.byteLength(b)), Buffer.from(b)]);

/** One connection's SASL state: the mechanism asked for, and SCRAM's first messages. */
type SaslState = { mechanism?: string; scram?: { clientFirstBare: string; serverFirst: string; user: string } };

/** `a=1,b=2` attributes of a SCRAM message (values may contain `=`). */
const scramAttributes = (msg: string) =>
  Object.fromEntries(msg.split(",").map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]));

/** SCRAM's keys from a password and salt (RFC 5802 §3). */
function scramKeys(mechanism: string, password: string, salt: Buffer) {
  const hash = mechanism === "SCRAM-SHA-512" ? "sha512" : "sha256";
  const salted = pbkdf2Sync(password, salt, SCRAM_ITERATIONS, hash === "sha512" ? 64 : 32, hash);
  const hmac = (key: Buffer, text: string) => createHmac(hash, key).update(text).digest();
  const clientKey = hmac(salted, "Client Key");
  return {
    hmac,
    clientKey,
    storedKey: createHash(hash).update(clientKey).digest(),
    serverKey: hmac(salted, "Server Key"),
  };
}

export async function startFakeKafka(opts: FakeKafkaOptions = {}) {
  const sockets = new Set<Socket>();
  const requests: string[] = [];
  let authenticated = 0;
  const onSocket = (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    const sasl: SaslState = {};
    let buffered = Buffer.alloc(0);
    socket.on("data", (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 4 && buffered.length >= 4 + buffered.readInt32BE(0)) {
        const size = buffered.readInt32BE(0);
        const request = buffered.subarray(4, 4 + size);
        buffered = buffered.subarray(4 + size);
        const body = answer(request, sasl);
        if (body === null) {
          socket.destroy();
          return;
        }
        socket.write(Buffer.concat([int32(body.length), body]));
      }
    });
  };
  // Over TLS, the same protocol inside the TLS session (the listener the check must verify).
  const server = opts.tls
    ? createTlsServer({ key: opts.tls.key, cert: opts.tls.cert }, onSocket)
    : createServer(onSocket);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const self = { host: "127.0.0.1", port };

  /** The response (correlation id and body) to one request, or null to hang up. */
  function answer(req: Buffer, sasl: SaslState): Buffer | null {
    const apiKey = req.readInt16BE(0);
    const version = req.readInt16BE(2);
    const correlation = req.readInt32BE(4);
    const clientIdLength = req.readInt16BE(8);
    const body = req.subarray(10 + Math.max(0, clientIdLength));
    const head = int32(correlation);
    if (apiKey === API_VERSIONS) {
      requests.push("ApiVersions");
      const keys = [
        [API_VERSIONS, 0, 2],
        [METADATA, 0, 0],
        ...(opts.sasl
          ? [
              [SASL_HANDSHAKE, 0, 1],
              [SASL_AUTHENTICATE, 0, 0],
            ]
          : []),
      ].map(([k, min, max]) => Buffer.concat([int16(k), int16(min), int16(max)]));
      // ApiVersions v1 and v2 end with throttle_time_ms.
      return Buffer.concat([head, int16(0), array(keys), ...(version >= 1 ? [int32(0)] : [])]);
    }
    if (apiKey === SASL_HANDSHAKE) {
      requests.push("SaslHandshake");
      const enabled = opts.sasl?.mechanism ?? "PLAIN";
      sasl.mechanism = body.subarray(2, 2 + body.readInt16BE(0)).toString();
      const error = sasl.mechanism === enabled ? 0 : UNSUPPORTED_SASL_MECHANISM;
      return Buffer.concat([head, int16(error), array([str(enabled)])]);
    }
    if (apiKey === SASL_AUTHENTICATE) {
      requests.push("SaslAuthenticate");
      const message = body.subarray(4, 4 + body.readInt32BE(0)).toString();
      const reply = (ok: boolean, authBytes = "") =>
        Buffer.concat([
          head,
          int16(ok ? 0 : SASL_AUTHENTICATION_FAILED),
          str(ok ? null : FAKE_KAFKA_SASL_ERROR),
          bytes(authBytes),
        ]);
      if (!opts.sasl || sasl.mechanism !== (opts.sasl.mechanism ?? "PLAIN")) return reply(false);
      if (sasl.mechanism === "PLAIN") {
        const [, user, pass] = message.split("\0");
        const ok = user === opts.sasl.username && pass === opts.sasl.password;
        if (ok) authenticated++;
        return reply(ok);
      }
      if (!sasl.scram) {
        // client-first-message: gs2 header "n,,", then n=user,r=client nonce.
        if (!message.startsWith("n,,")) return reply(false);
        const clientFirstBare = message.slice(3);
        const { n: user, r: nonce } = scramAttributes(clientFirstBare);
        const salt = randomBytes(16).toString("base64");
        const serverFirst = `r=${nonce}${randomBytes(12).toString("base64")},s=${salt},i=${SCRAM_ITERATIONS}`;
        sasl.scram = { clientFirstBare, serverFirst, user };
        return reply(true, serverFirst);
      }
      // client-final-message: c=biws,r=nonce,p=proof. The proof is ClientKey XOR HMAC(StoredKey, AuthMessage).
      const { clientFirstBare, serverFirst, user } = sasl.scram;
      sasl.scram = undefined;
      const withoutProof = message.slice(0, message.lastIndexOf(",p="));
      const { r, p } = scramAttributes(message);
      const server = scramAttributes(serverFirst);
      const keys = scramKeys(sasl.mechanism, opts.sasl.password, Buffer.from(server.s, "base64"));
      const authMessage = `${clientFirstBare},${serverFirst},${withoutProof}`;
      const signature = keys.hmac(keys.storedKey, authMessage);
      const proof = Buffer.from(p ?? "", "base64");
      const expected = Buffer.from(keys.clientKey.map((b, i) => b ^ signature[i]));
      const ok =
        user === opts.sasl.username &&
        r === server.r &&
        proof.length === expected.length &&
        timingSafeEqual(proof, expected);
      if (!ok) return reply(false);
      authenticated++;
      return reply(true, `v=${keys.hmac(keys.serverKey, authMessage).toString("base64")}`);
    }
    if (apiKey === METADATA) {
      requests.push("Metadata");
      const brokers = (opts.brokers?.(self) ?? [{ nodeId: 0, ...self }]).map((b) =>
        Buffer.concat([int32(b.nodeId), str(b.host), int32(b.port)]),
      );
      return Buffer.concat([head, array(brokers), array([])]);
    }
    requests.push(`unknown ${apiKey}`);
    return null;
  }

  return {
    port,
    /** API names received, in order. */
    requests: () => [...requests],
    authenticated: () => authenticated,
    connections: () => sockets.size,
    close: async () => {
      sockets.forEach((s) => s.destroy());
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
