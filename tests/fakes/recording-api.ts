import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One request as the server saw it: method, path with query, every header, the body. */
export type Recorded = { method: string; url: string; headers: IncomingMessage["headers"]; body: string };

/**
 * A third-party API on 127.0.0.1 that records every request it receives, so a test can
 * prove what a server was (or was never) sent. `answer` picks the status; with
 * `hold: true` requests wait for `release()`, which lets a test act while a dry run is
 * still in flight.
 */
export type RecordingApi = {
  url: string;
  received: () => Recorded[];
  /** Everything received, as one string, to search for a leaked value. */
  transcript: () => string;
  /** Resolves once `n` requests in total have arrived. */
  arrived: (n: number) => Promise<void>;
  release: () => void;
  close: () => Promise<void>;
};

export async function startRecordingApi(
  opts: { answer?: (req: Recorded) => number; hold?: boolean } = {},
): Promise<RecordingApi> {
  const received: Recorded[] = [];
  let held: Array<() => void> = [];
  let waiters: Array<() => void> = [];
  const server: Server = createServer((req, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const rec: Recorded = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      received.push(rec);
      const respond = () => {
        const status = opts.answer?.(rec) ?? 200;
        res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify({ status }));
      };
      if (opts.hold) held.push(respond);
      else respond();
      const ready = waiters;
      waiters = [];
      ready.forEach((w) => w());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received: () => [...received],
    transcript: () => JSON.stringify(received),
    arrived: async (n) => {
      while (received.length < n) await new Promise<void>((resolve) => waiters.push(resolve));
    },
    release: () => {
      const now = held;
      held = [];
      now.forEach((respond) => respond());
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
