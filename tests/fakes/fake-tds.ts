import { createServer, type AddressInfo, type Socket } from "node:net";

/*
 * Just enough of SQL Server's TDS ([MS-TDS] 2.2) to drive a real client through its
 * login on loopback: a PRELOGIN answer that offers no encryption, one answer to LOGIN7 and,
 * after a good login, DONE to any SQL batch (tedious' `set ...` options) and one INT row to
 * `SELECT 1` sent through sp_executesql (any other call: error 2812). It never does TLS, so it only
 * serves checks that either send no TLS (sslMode disable, or prefer, which goes on in clear)
 * or must refuse a server without it. There is no SQL Server on these machines: this proves
 * how the check drives tedious, not a real server.
 */
export type TdsLoginAnswer =
  /** An ERROR token with this SQL Server error number (18456 login failed, 4060 no such database). */
  | { error: number }
  /** A good login that routes the client to another server (Azure SQL's redirect, an AG listener). */
  | { routeTo: { host: string; port: number } }
  /**
   * A login checked against this user and password (the LOGIN7 fields, the password
   * de-obfuscated): a match is a LOGINACK, anything else error 18456 as a real server answers.
   */
  | { accept: { username: string; password: string } };

/** What one LOGIN7 named (never the password). */
export type TdsLogin = {
  username: string;
  /** The server name the client was given: the host name, not the IP it dialled. */
  serverName: string;
  database: string;
  /** The address the connection arrived at (this end of the socket). */
  localAddress: string;
};

export type FakeTds = {
  port: number;
  /** The TDS packet types received, in order (0x12 PRELOGIN, 0x10 LOGIN7, 0x01 SQL batch, …). */
  packetTypes: () => number[];
  connections: () => number;
  logins: () => TdsLogin[];
  /** Every statement received after a good login: SQL batches and sp_executesql calls, in order. */
  statements: () => string[];
  close: () => Promise<void>;
};

const SQL_BATCH = 0x01;
const RPC = 0x03;
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

/**
 * DONE (2.2.7.6), or DONEINPROC 0xFF / DONEPROC 0xFE (2.2.7.8, 2.2.7.7), which have the same
 * body: status (0x10 DONE_COUNT: the row count is valid), current command, row count.
 */
const done = (status: number, command = 0, rows = 0, token = 0xfd) => {
  const count = Buffer.alloc(8);
  count.writeBigUInt64LE(BigInt(rows));
  return Buffer.concat([u8(token), u16le(status), u16le(command), count]);
};

/** ERROR token (2.2.7.10) with a SQL Server error number, then DONE with DONE_ERROR. */
const errorAnswer = (number: number, message = "Login refused by the fake server") => {
  const error = sized(
    0xaa,
    Buffer.concat([
      u32le(number),
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
};

/** LOGINACK (2.2.7.14): interface SQL (1), TDS 7.4, program name, program version. */
const loginAck = () =>
  sized(0xad, Buffer.concat([u8(1), u32be(0x74000004), u8(4), ucs2("fake"), Buffer.from([16, 0, 0, 0])]));

/** B_VARCHAR: a 1-byte character count, then UCS-2. */
const bVarchar = (s: string) => Buffer.concat([u8(s.length), ucs2(s)]);

/** ENVCHANGE (2.2.7.9) type 1, the database: new value, old value. */
const databaseChange = (database: string) =>
  sized(0xe3, Buffer.concat([u8(1), bVarchar(database), bVarchar("master")]));

/**
 * The LOGIN7 fields the fake reads (2.2.6.4): after the 36-byte fixed part, pairs of a
 * 2-byte offset (from the start of the LOGIN7 data) and a 2-byte length in characters:
 * HostName 36, UserName 40, Password 44, AppName 48, ServerName 52, …, Database 68.
 */
function readLogin7(data: Buffer) {
  const field = (at: number) => {
    const offset = data.readUInt16LE(at);
    return data.subarray(offset, offset + 2 * data.readUInt16LE(at + 2));
  };
  // The password is obfuscated byte by byte: nibbles swapped, then XOR 0xA5. Undone backwards.
  const password = Buffer.from(
    field(44).map((b) => {
      const x = b ^ 0xa5;
      return ((x & 0x0f) << 4) | (x >> 4);
    }),
  );
  return {
    username: field(40).toString("ucs2"),
    password: password.toString("ucs2"),
    serverName: field(52).toString("ucs2"),
    database: field(68).toString("ucs2"),
  };
}

/**
 * The answer to `SELECT 1` as tedious sends it, through sp_executesql: COLMETADATA (2.2.7.4)
 * with one INT column (user type 0, flags 0, INT4TYPE 0x38, an empty name), ROW (2.2.7.19)
 * holding 1, DONEINPROC with DONE_COUNT and 1 row for command 0xC1 (SELECT), RETURNSTATUS
 * (2.2.7.18) 0, then DONEPROC for command 0xE0 (EXECUTE).
 */
function selectOneAnswer(): Buffer {
  const column = Buffer.concat([u32le(0), u16le(0), u8(0x38), u8(0)]);
  const metadata = Buffer.concat([u8(0x81), u16le(1), column]);
  const row = Buffer.concat([u8(0xd1), u32le(1)]);
  const returnStatus = Buffer.concat([u8(0x79), u32le(0)]);
  return packet(
    TABULAR_RESULT,
    Buffer.concat([metadata, row, done(0x0010, 0xc1, 1, 0xff), returnStatus, done(0, 0xe0, 0, 0xfe)]),
  );
}

/** ALL_HEADERS (2.2.5.3) opens a SQL batch and an RPC request; its first 4 bytes are its own length. */
const afterHeaders = (data: Buffer) => data.subarray(data.readUInt32LE(0));

/**
 * The statement of an RPC request (2.2.6.6) for sp_executesql, which is how tedious' execSql
 * sends a query: ProcIDSwitch 0xFFFF, ProcID 10, option flags, then the first parameter,
 * `@statement` (B_VARCHAR name, status flags, NVARCHAR 0xE7 with a 2-byte maximum length and
 * a 5-byte collation, then a 2-byte byte length and UCS-2). Anything else is undefined.
 */
function rpcStatement(data: Buffer): string | undefined {
  const rpc = afterHeaders(data);
  if (rpc.readUInt16LE(0) !== 0xffff || rpc.readUInt16LE(2) !== 10) return undefined;
  let at = 6;
  at += 1 + 2 * rpc[at] + 1; // the parameter's name, its status flags
  if (rpc[at] !== 0xe7) return undefined;
  at += 1 + 2 + 5;
  return rpc.subarray(at + 2, at + 2 + rpc.readUInt16LE(at)).toString("ucs2");
}

/** The answer to LOGIN7, and whether the client is now logged in (and may send batches). */
function loginAnswer(answer: TdsLoginAnswer, login: ReturnType<typeof readLogin7>): [Buffer, boolean] {
  if ("error" in answer) return [errorAnswer(answer.error), false];
  if ("accept" in answer) {
    const { username, password } = answer.accept;
    if (login.username !== username || login.password !== password) return [errorAnswer(18456), false];
    const tokens = [...(login.database ? [databaseChange(login.database)] : []), loginAck(), done(0)];
    return [packet(TABULAR_RESULT, Buffer.concat(tokens)), true];
  }
  // ENVCHANGE type 20, routing (2.2.7.9): protocol 0 (TCP), port, server name.
  const { host, port } = answer.routeTo;
  const route = Buffer.concat([u8(0), u16le(port), u16le(host.length), ucs2(host)]);
  const envChange = sized(0xe3, Buffer.concat([u8(20), u16le(route.length), route, u16le(0)]));
  return [packet(TABULAR_RESULT, Buffer.concat([envChange, loginAck(), done(0)])), false];
}

/**
 * Starts the fake on `host` (127.0.0.1 unless told) with a free port; every connection gets
 * the same answers.
 */
export async function startFakeTds(answer: TdsLoginAnswer, opts: { host?: string } = {}): Promise<FakeTds> {
  const types: number[] = [];
  const logins: TdsLogin[] = [];
  const statements: string[] = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    let buffered = Buffer.alloc(0);
    // A message may span packets (2.2.3.1.2: the last one has status bit 0x01): their data is joined.
    let message: Buffer[] = [];
    let loggedIn = false;
    socket.on("data", (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 8 && buffered.length >= buffered.readUInt16BE(2)) {
        const length = buffered.readUInt16BE(2);
        const type = buffered[0];
        const last = (buffered[1] & 0x01) === 1;
        message.push(buffered.subarray(8, length));
        buffered = buffered.subarray(length);
        if (!last) continue;
        const data = Buffer.concat(message);
        message = [];
        types.push(type);
        if (type === PRELOGIN) socket.write(preloginAnswer());
        else if (type === LOGIN7) {
          const login = readLogin7(data);
          const { username, serverName, database } = login;
          logins.push({ username, serverName, database, localAddress: socket.localAddress ?? "" });
          const [reply, ok] = loginAnswer(answer, login);
          loggedIn = ok;
          socket.write(reply);
        } else if (type === SQL_BATCH && loggedIn) {
          // A SQL batch (2.2.6.7) is ALL_HEADERS, then the UCS-2 text: tedious' `set ...` options.
          statements.push(afterHeaders(data).toString("ucs2"));
          socket.write(packet(TABULAR_RESULT, done(0)));
        } else if (type === RPC && loggedIn) {
          const statement = rpcStatement(data);
          statements.push(statement ?? "");
          socket.write(
            statement === "SELECT 1" ? selectOneAnswer() : errorAnswer(2812, "Not a statement the fake knows"),
          );
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, opts.host ?? "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    packetTypes: () => [...types],
    connections: () => connections,
    logins: () => logins.map((l) => ({ ...l })),
    statements: () => [...statements],
    close: () =>
      new Promise<void>((resolve) => {
        sockets.forEach((s) => s.destroy());
        server.close(() => resolve());
      }),
  };
}
