import { randomBytes } from "node:crypto";
import { createServer, type AddressInfo, type Server, type Socket } from "node:net";

/**
 * A hostile PostgreSQL server on 127.0.0.1 that speaks just enough of the wire protocol
 * to get a client into SCRAM-SHA-256 and then asks it to run PBKDF2 with an absurd
 * iteration count (RFC 7677 `i=`). A client that does that on its own event loop
 * (postgres.js uses `pbkdf2Sync`) is frozen for minutes.
 *
 * `saslStarted()` counts SASLInitialResponse messages, so a test knows the client is
 * now in the key derivation; `open()` counts sockets still connected.
 */
export type FakePostgres = {
  port: number;
  saslStarted: () => number;
  open: () => number;
  /** Resolves at the next SASLInitialResponse (the client is about to run PBKDF2). */
  nextSasl: () => Promise<void>;
  close: () => Promise<void>;
};

const SSL_REQUEST = 80877103;
const GSS_REQUEST = 80877104;

function message(type: string, body: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeInt32BE(body.length + 4);
  return Buffer.concat([Buffer.from(type, "latin1"), len, body]);
}

function authSasl(): Buffer {
  const code = Buffer.alloc(4);
  code.writeInt32BE(10);
  return message("R", Buffer.concat([code, Buffer.from("SCRAM-SHA-256\0\0", "latin1")]));
}

function authSaslContinue(data: string): Buffer {
  const code = Buffer.alloc(4);
  code.writeInt32BE(11);
  return message("R", Buffer.concat([code, Buffer.from(data, "utf8")]));
}

export async function startFakePostgres(opts: { iterations?: number } = {}): Promise<FakePostgres> {
  const iterations = opts.iterations ?? 2147483647;
  const sockets = new Set<Socket>();
  let sasl = 0;
  let waiters: Array<() => void> = [];

  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    let buf = Buffer.alloc(0);
    let started = false; // before the startup message, frames have no type byte
    socket.on("data", (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        if (!started) {
          if (buf.length < 8) return;
          const len = buf.readInt32BE(0);
          if (buf.length < len) return;
          const code = buf.readInt32BE(4);
          buf = buf.subarray(len);
          if (code === SSL_REQUEST || code === GSS_REQUEST) {
            socket.write("N"); // no TLS: the client goes on in plain text
            continue;
          }
          started = true;
          socket.write(authSasl());
          continue;
        }
        if (buf.length < 5) return;
        const type = String.fromCharCode(buf[0]);
        const len = buf.readInt32BE(1);
        if (buf.length < len + 1) return;
        const body = buf.subarray(5, len + 1);
        buf = buf.subarray(len + 1);
        if (type !== "p") continue;
        // SASLInitialResponse: mechanism\0, int32 length, "n,,n=*,r=<client nonce>"
        const mechEnd = body.indexOf(0);
        const first = body.subarray(mechEnd + 5).toString("utf8");
        const clientNonce = /r=([^,]+)/.exec(first)?.[1] ?? "";
        const salt = randomBytes(16).toString("base64");
        socket.write(
          authSaslContinue(`r=${clientNonce}${randomBytes(18).toString("base64")},s=${salt},i=${iterations}`),
        );
        sasl++;
        const ready = waiters;
        waiters = [];
        ready.forEach((w) => w());
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    saslStarted: () => sasl,
    open: () => sockets.size,
    nextSasl: () => new Promise<void>((resolve) => waiters.push(resolve)),
    close: () =>
      new Promise<void>((resolve) => {
        sockets.forEach((s) => s.destroy());
        server.close(() => resolve());
      }),
  };
}
