import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A tiny third-party API that checks credentials, on 127.0.0.1. `/check` answers 200 for
 * any good credential below, 403 for a known-but-forbidden one and 401 otherwise;
 * `/open` always 200; `/redirect` sends a 302 to the cloud metadata address.
 */
export const GOOD = {
  basic: { username: "alice", passphrase: "wonderland" },
  bearer: "good-token",
  apiKey: "good-key",
  header: { name: "X-Custom-A", value: "custom-a" },
} as const;
export const FORBIDDEN_TOKEN = "forbidden-token";

function verdict(req: import("node:http").IncomingMessage, url: URL): number {
  const auth = req.headers.authorization ?? "";
  const cookie = req.headers.cookie ?? "";
  const good = [
    auth === `Basic ${Buffer.from(`${GOOD.basic.username}:${GOOD.basic.passphrase}`).toString("base64")}`,
    auth === `Bearer ${GOOD.bearer}`,
    req.headers["x-api-key"] === GOOD.apiKey,
    url.searchParams.get("api_key") === GOOD.apiKey,
    cookie.split(/;\s*/).includes(`api_key=${GOOD.apiKey}`),
    req.headers[GOOD.header.name.toLowerCase()] === GOOD.header.value,
  ];
  if (good.some(Boolean)) return 200;
  if (auth === `Bearer ${FORBIDDEN_TOKEN}`) return 403;
  return 401;
}

export type FakeApi = { url: string; hits: () => number; close: () => Promise<void> };

export async function startFakeApi(port = 0): Promise<FakeApi> {
  let hits = 0;
  const server: Server = createServer((req, res) => {
    hits++;
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (url.pathname === "/redirect") {
      res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }).end();
      return;
    }
    const status = url.pathname === "/open" ? 200 : url.pathname.startsWith("/check") ? verdict(req, url) : 404;
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify({ status }));
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    hits: () => hits,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
