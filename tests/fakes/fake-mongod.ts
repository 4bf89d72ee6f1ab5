import { deserialize, ObjectId, serialize, type Document } from "bson";
import { createServer, type AddressInfo, type Socket } from "node:net";
import { createServer as createTlsServer } from "node:tls";

/*
 * A loopback stand-in for mongod that speaks just enough of the wire protocol (OP_MSG and
 * the legacy OP_QUERY hello) for the driver's handshake, `ping` and a SCRAM start it
 * refuses. There is no MongoDB server package on these machines: this proves how the check
 * drives the real driver (pinning, discovery, error classes), not a real server's auth.
 */

const OP_REPLY = 1;
const OP_QUERY = 2004;
const OP_MSG = 2013;

/** The errmsg of a refused authentication (a test proves it never reaches a result). */
export const FAKE_MONGOD_AUTH_ERROR = "Authentication failed (fake-mongod).";

export type FakeMongodOptions = {
  /** The replica set this server claims, and the members it names (host:port). */
  replicaSet?: { name: string; hosts: (self: string) => string[] };
  /** A TLS listener with this key and certificate. */
  tls?: { key: Buffer; cert: Buffer };
};

export async function startFakeMongod(opts: FakeMongodOptions = {}) {
  const sockets = new Set<Socket>();
  const commands: string[] = [];
  let requestId = 1;
  let accepted = 0;
  const onSocket = (socket: Socket) => {
    accepted++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    let buffered = Buffer.alloc(0);
    socket.on("data", (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 16 && buffered.length >= buffered.readInt32LE(0)) {
        const length = buffered.readInt32LE(0);
        const message = buffered.subarray(0, length);
        buffered = buffered.subarray(length);
        answer(socket, message);
      }
    });
  };
  // Over TLS, the same protocol inside the TLS session (the listener the check must verify).
  const server = opts.tls
    ? createTlsServer({ key: opts.tls.key, cert: opts.tls.cert }, onSocket)
    : createServer(onSocket);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const self = `127.0.0.1:${port}`;

  function reply(cmd: Document): Document {
    const name = Object.keys(cmd)[0] ?? "";
    commands.push(name);
    if (["hello", "isMaster", "ismaster"].includes(name)) {
      return {
        ok: 1,
        helloOk: true,
        isWritablePrimary: true,
        ismaster: true,
        maxBsonObjectSize: 16 * 1024 * 1024,
        maxMessageSizeBytes: 48_000_000,
        maxWriteBatchSize: 100_000,
        localTime: new Date(),
        logicalSessionTimeoutMinutes: 30,
        connectionId: requestId,
        minWireVersion: 0,
        maxWireVersion: 21,
        ...(opts.replicaSet && {
          setName: opts.replicaSet.name,
          setVersion: 1,
          hosts: opts.replicaSet.hosts(self),
          primary: self,
          me: self,
          electionId: new ObjectId("7fffffff0000000000000001"),
        }),
      };
    }
    if (name === "ping" || name === "endSessions") return { ok: 1 };
    if (name === "saslStart" || name === "authenticate") {
      return { ok: 0, errmsg: FAKE_MONGOD_AUTH_ERROR, code: 18, codeName: "AuthenticationFailed" };
    }
    return { ok: 0, errmsg: `no such command: ${name}`, code: 59, codeName: "CommandNotFound" };
  }

  function answer(socket: Socket, message: Buffer) {
    const id = message.readInt32LE(4);
    const opCode = message.readInt32LE(12);
    let cmd: Document;
    if (opCode === OP_MSG) {
      // flagBits, then section kind 0 (the body); document sequences (kind 1) are not needed here.
      cmd = deserialize(message.subarray(21));
    } else if (opCode === OP_QUERY) {
      const nameEnd = message.indexOf(0, 20);
      cmd = deserialize(message.subarray(nameEnd + 9));
    } else {
      socket.destroy();
      return;
    }
    const doc = serialize(reply(cmd));
    const header = Buffer.alloc(16);
    let body: Buffer;
    if (opCode === OP_MSG) {
      body = Buffer.concat([Buffer.alloc(4), Buffer.from([0]), doc]);
      header.writeInt32LE(OP_MSG, 12);
    } else {
      const head = Buffer.alloc(20);
      head.writeInt32LE(1, 16); // numberReturned
      body = Buffer.concat([head, doc]);
      header.writeInt32LE(OP_REPLY, 12);
    }
    header.writeInt32LE(16 + body.length, 0);
    header.writeInt32LE(requestId++, 4);
    header.writeInt32LE(id, 8);
    socket.write(Buffer.concat([header, body]));
  }

  return {
    port,
    /** Command names received, in order (hello, ping, saslStart, …). */
    commands: () => [...commands],
    /** Connections open now. */
    connections: () => sockets.size,
    /** Connections accepted since the start, closed or not. */
    accepted: () => accepted,
    close: async () => {
      sockets.forEach((s) => s.destroy());
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
