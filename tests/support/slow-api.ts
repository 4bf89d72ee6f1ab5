import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local HTTP API that holds every request until `release()`: a dry run against it stays
 * in flight for as long as a test needs.
 */
export async function startSlowApi() {
  let held: ServerResponse[] = [];
  let arrived = 0;
  let waiters: Array<() => void> = [];
  const server: Server = createServer((_req: IncomingMessage, res) => {
    arrived++;
    held.push(res);
    waiters.forEach((w) => w());
    waiters = [];
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** Resolves once `n` requests in total have arrived. */
    arrived: async (n: number) => {
      while (arrived < n) await new Promise<void>((resolve) => waiters.push(resolve));
    },
    count: () => arrived,
    release: () => {
      held.forEach((res) => res.writeHead(200, { "content-type": "application/json" }).end("{}"));
      held = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        held.forEach((res) => res.destroy());
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
export type SlowApi = Awaited<ReturnType<typeof startSlowApi>>;
