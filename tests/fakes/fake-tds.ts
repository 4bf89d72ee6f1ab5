import { createServer, type AddressInfo, type Socket } from "node:net";

/*
 * Just enough of SQL Server's TDS (MS-TDS 2.2) to drive a real client through its login on
 * 127.0.0.1: a PRELOGIN answer that offers no encryption, then one answer to LOGIN7. It
 * never does TLS, so it only serves checks that either send no TLS (sslMode disable) or must
 * refuse a server without it.
 */
export type TdsLoginAnswer =
  /** An ERROR token with this SQL Server error number (18456 login failed, 4060 no such database). */
  | { error: number }
  /** A good login that routes the client to another server (Azure SQL's redirect, an AG listener). */
  | { routeTo: { host: string; port: number } };

export type FakeTds = {
  port: number;
  /** The TDS packet types received, in order (0x12 PRELOGIN, 0x10 LOGIN7, …). */
  packetTypes: () => number[];
  connections: () => number;
  close: () => Promise<void>;
};

const PRELOGIN = 0x12;
const LOGIN7 = 0x10;
const TABULAR_RESULT = 0x04;

function packet(type: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt8(type, 0);
  header.writeUInt8(0x01, 1); // end of message
  header.writeUInt16BE(8 + payload.length, 2);
  header.writeUInt8(1, 6); // packet id
  return Buffer.concat([header, payload]);
}

const ucs2 = (s: string) => Buffer.from(s, "ucs2");
const u8 = (n: number) => Buffer.from([n]);
const u16le = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
};
const u32le = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
};
const u32be = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};
/** A token whose body starts with its own 2-byte length. */
const sized = (token: number, body: Buffer) => Buffer.concat([u8(token), u16le(body.length), body]);

/** PRELOGIN answer: VERSION, ENCRYPTION = NOT_SUP (0x02), terminator. */
function preloginAnswer(): Buffer {
  const options = Buffer.concat([
    Buffer.from([0x00, 0x00, 11, 0x00, 6]), // VERSION at offset 11, 6 bytes
    Buffer.from([0x01, 0x00, 17, 0x00, 1]), // ENCRYPTION at offset 17, 1 byte
    u8(0xff),
  ]);
  return packet(TABULAR_RESULT, Buffer.concat([options, Buffer.from([16, 0, 0, 0, 0, 0]), u8(0x02)]));
}

const done = (status: number) => Buffer.concat([u8(0xfd), u16le(status), u16le(0), Buffer.alloc(8)]);

function loginAnswer(answer: TdsLoginAnswer): Buffer {
  if ("error" in answer) {
    const message = "Login refused by the fake server";
    const error = sized(
      0xaa,
      Buffer.concat([
        u32le(answer.error),
        u8(1), // state
        u8(14), // class
        u16le(message.length),
        ucs2(message),
        u8(4),
        ucs2("fake"),
        u8(0), // procedure name
        u32le(1), // line
      ]),
    );
    return packet(TABULAR_RESULT, Buffer.concat([error, done(0x0002)]));
  }
  const { host, port } = answer.routeTo;
  const route = Buffer.concat([u8(0), u16le(port), u16le(host.length), ucs2(host)]);
  const envChange = sized(0xe3, Buffer.concat([u8(20), u16le(route.length), route, u16le(0)]));
  const loginAck = sized(
    0xad,
    Buffer.concat([u8(1), u32be(0x74000004), u8(4), ucs2("fake"), Buffer.from([16, 0, 0, 0])]),
  );
  return packet(TABULAR_RESULT, Buffer.concat([envChange, loginAck, done(0)]));
}

/** Starts the fake on 127.0.0.1 with a free port; every connection gets the same answers. */
export async function startFakeTds(answer: TdsLoginAnswer): Promise<FakeTds> {
  const types: number[] = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    let buffered = Buffer.alloc(0);
    socket.on("data", (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 8 && buffered.length >= buffered.readUInt16BE(2)) {
        const length = buffered.readUInt16BE(2);
        const type = buffered[0];
        const last = (buffered[1] & 0x01) === 1;
        buffered = buffered.subarray(length);
        if (!last) continue;
        types.push(type);
        if (type === PRELOGIN) socket.write(preloginAnswer());
        else if (type === LOGIN7) socket.write(loginAnswer(answer));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    packetTypes: () => [...types],
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        sockets.forEach((s) => s.destroy());
        server.close(() => resolve());
      }),
  };
}
