import { createServer, type AddressInfo, type Socket } from "node:net";

/*
 * A loopback stand-in for one Kafka broker that speaks just enough of the protocol for a
 * kafkajs admin client: ApiVersions, SaslHandshake + SaslAuthenticate (PLAIN, checked
 * against one username and password) and Metadata v0, advertising the brokers it is told
 * to. There is no Kafka server package on these machines: this proves how the check drives
 * kafkajs (pinning, SASL outcome, advertised brokers never dialled), not a real cluster.
 */

const API_VERSIONS = 18;
const METADATA = 3;
const SASL_HANDSHAKE = 17;
const SASL_AUTHENTICATE = 36;
const SASL_AUTHENTICATION_FAILED = 58;

export type FakeKafkaOptions = {
  /** SASL/PLAIN credentials the broker takes; without them it is a PLAINTEXT listener. */
  sasl?: { username: string; password: string };
  /** Brokers the Metadata answer advertises; `self` is this broker's host:port. */
  brokers?: (self: { host: string; port: number }) => { nodeId: number; host: string; port: number }[];
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

export async function startFakeKafka(opts: FakeKafkaOptions = {}) {
  const sockets = new Set<Socket>();
  const requests: string[] = [];
  let authenticated = 0;
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    let buffered = Buffer.alloc(0);
    socket.on("data", (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 4 && buffered.length >= 4 + buffered.readInt32BE(0)) {
        const size = buffered.readInt32BE(0);
        const request = buffered.subarray(4, 4 + size);
        buffered = buffered.subarray(4 + size);
        const body = answer(request);
        if (body === null) {
          socket.destroy();
          return;
        }
        socket.write(Buffer.concat([int32(body.length), body]));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const self = { host: "127.0.0.1", port };

  /** The response (correlation id and body) to one request, or null to hang up. */
  function answer(req: Buffer): Buffer | null {
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
      return Buffer.concat([head, int16(0), array([str("PLAIN")])]);
    }
    if (apiKey === SASL_AUTHENTICATE) {
      requests.push("SaslAuthenticate");
      const bytes = body.subarray(4, 4 + body.readInt32BE(0)).toString();
      const [, user, pass] = bytes.split("\0");
      const ok = opts.sasl && user === opts.sasl.username && pass === opts.sasl.password;
      if (ok) authenticated++;
      return Buffer.concat([
        head,
        int16(ok ? 0 : SASL_AUTHENTICATION_FAILED),
        str(ok ? null : "Authentication failed: Invalid username or password"),
        int32(0), // auth_bytes, empty
      ]);
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
