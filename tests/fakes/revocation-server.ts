import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** One revocation request as the provider saw it. */
export type RevocationCall = {
  method: string;
  /** Path with the query string. */
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
};

/** How the fake answers: a status and JSON body, or never (`hang`), until the socket is destroyed. */
export type RevocationAnswer = { status: number; body?: unknown } | "hang";

/**
 * A provider's revocation endpoint on 127.0.0.1 that records every request (method, path and
 * query, headers, body), so a test can prove what was sent: RFC 7009's form body and client
 * authentication, a JSON body, a token in the query, a bearer header. `answer` picks the
 * reply per request; the default is RFC 7009's `200` with an empty body.
 */
export type RevocationServer = {
  url: string;
  calls: () => RevocationCall[];
  /** Everything received, as one string, to search for a value that must not be there. */
  transcript: () => string;
  close: () => Promise<void>;
};

export async function startRevocationServer(
  answer: (call: RevocationCall) => RevocationAnswer = () => ({ status: 200 }),
): Promise<RevocationServer> {
  const calls: RevocationCall[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const call = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      calls.push(call);
      const a = answer(call);
      if (a === "hang") return;
      const body = a.body === undefined ? "" : JSON.stringify(a.body);
      res
        .writeHead(a.status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) })
        .end(body);
    });
  });
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls: () => [...calls],
    transcript: () => JSON.stringify(calls),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
