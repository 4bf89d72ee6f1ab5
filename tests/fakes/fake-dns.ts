import { createSocket } from "node:dgram";
import type { AddressInfo } from "node:net";

/*
 * A loopback DNS server (UDP) answering SRV, TXT, A and AAAA questions from a table,
 * NXDOMAIN for anything else, or nothing at all (`silent`). For checks that take a
 * resolver's servers, such as checkMongodb's `dnsServers` for mongodb+srv:// names.
 */

const A = 1;
const TXT = 16;
const AAAA = 28;
const SRV = 33;

export type FakeDnsRecords = {
  srv?: Record<string, { name: string; port: number }[]>;
  txt?: Record<string, string[]>;
  /** IPv4 addresses by name (dotted quads). */
  a?: Record<string, string[]>;
  /** IPv6 addresses by name (`fd00::1`; no embedded IPv4 form). */
  aaaa?: Record<string, string[]>;
};

const TYPE_NAMES: Record<number, string> = { [A]: "A", [TXT]: "TXT", [AAAA]: "AAAA", [SRV]: "SRV" };

const labels = (name: string) =>
  Buffer.concat([
    ...name
      .replace(/\.$/, "")
      .split(".")
      .map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)])),
    Buffer.from([0]),
  ]);

const u16 = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
};

/** The 16 bytes of an IPv6 address written with hex groups and at most one `::`. */
function ipv6Bytes(address: string): Buffer {
  const [head, tail] = address.split("::");
  const groups = (s: string | undefined) => (s ? s.split(":") : []);
  const missing = 8 - groups(head).length - groups(tail).length;
  const all = [...groups(head), ...Array<string>(tail === undefined ? 0 : missing).fill("0"), ...groups(tail)];
  return Buffer.concat(all.map((g) => u16(parseInt(g, 16))));
}

export async function startFakeDns(records: FakeDnsRecords, opts: { silent?: boolean } = {}) {
  const questions: string[] = [];
  const socket = createSocket("udp4");
  socket.on("message", (msg, from) => {
    // Question: the name's labels after the 12-byte header, then type and class.
    let i = 12;
    const parts: string[] = [];
    while (msg[i] !== 0) {
      parts.push(msg.subarray(i + 1, i + 1 + msg[i]).toString());
      i += msg[i] + 1;
    }
    const name = parts.join(".").toLowerCase();
    const type = msg.readUInt16BE(i + 1);
    const question = msg.subarray(12, i + 5);
    questions.push(`${TYPE_NAMES[type] ?? type} ${name}`);
    if (opts.silent) return;
    const table = { [SRV]: records.srv, [TXT]: records.txt, [A]: records.a, [AAAA]: records.aaaa }[type];
    const rdatas: Buffer[] =
      type === SRV
        ? (records.srv?.[name] ?? []).map((r) => Buffer.concat([u16(0), u16(0), u16(r.port), labels(r.name)]))
        : type === TXT
          ? (records.txt?.[name] ?? []).map((t) => Buffer.concat([Buffer.from([t.length]), Buffer.from(t)]))
          : type === A
            ? (records.a?.[name] ?? []).map((ip) => Buffer.from(ip.split(".").map(Number)))
            : type === AAAA
              ? (records.aaaa?.[name] ?? []).map(ipv6Bytes)
              : [];
    const known = table !== undefined && name in table;
    const header = Buffer.alloc(12);
    header.writeUInt16BE(msg.readUInt16BE(0), 0); // id
    header.writeUInt16BE(0x8180 | (known ? 0 : 3), 2); // response, recursion available, NXDOMAIN when unknown
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(rdatas.length, 6);
    const answers = rdatas.map((rdata) =>
      Buffer.concat([u16(0xc00c), u16(type), u16(1), Buffer.from([0, 0, 0, 60]), u16(rdata.length), rdata]),
    );
    socket.send(Buffer.concat([header, question, ...answers]), from.port, from.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  const { port } = socket.address() as AddressInfo;
  return {
    server: `127.0.0.1:${port}`,
    questions: () => [...questions],
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
