import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { resetEnvCache } from "../env";
import { BlockedError, ResponseTooLargeError, TimeoutError } from "./errors";
import { connectHooks, safeFetch } from "./http-client";

// A local server on 127.0.0.1; loopback is reachable only because these tests put it
// on the allow-list, exactly as local development does.
let server: Server;
let base: string;
let port: number;
const hits: Record<string, number> = {};
let lastRequest: { method?: string; headers: IncomingHttpHeaders; body: string } | undefined;
const savedAllow = process.env.OUTBOUND_ALLOW_HOSTS;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const route = new URL(req.url ?? "/", "http://x").pathname;
      hits[route] = (hits[route] ?? 0) + 1;
      lastRequest = { method: req.method, headers: req.headers, body: Buffer.concat(chunks).toString() };
      if (route.startsWith("/status/")) return res.writeHead(Number(route.slice(8)), { "x-from": "server" }).end("s");
      if (route === "/redirect") return res.writeHead(302, { location: `${base}/target` }).end();
      if (route === "/slow") return setTimeout(() => res.end("late"), 2000);
      if (route === "/slow-body") return (res.write("start"), setTimeout(() => res.end("late"), 2000));
      if (route === "/big") return res.end(Buffer.alloc(2048, 1)); // with Content-Length
      if (route === "/big-chunked") return (res.write(Buffer.alloc(1024)), res.end(Buffer.alloc(1024)));
      res.end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  if (savedAllow === undefined) delete process.env.OUTBOUND_ALLOW_HOSTS;
  else process.env.OUTBOUND_ALLOW_HOSTS = savedAllow;
  resetEnvCache();
});

beforeEach(() => {
  process.env.OUTBOUND_ALLOW_HOSTS = "127.0.0.1";
  resetEnvCache();
  connectHooks.reset();
});

describe("safeFetch", () => {
  it.each([200, 201, 401, 404, 503])("passes status %i through with headers and body", async (code) => {
    const res = await safeFetch(`${base}/status/${code}`);
    expect(res.status).toBe(code);
    expect(res.headers["x-from"]).toBe("server");
    expect(res.body.toString()).toBe("s");
    expect(res.durationMs).toBeGreaterThanOrEqual(0);
    expect(connectHooks.attempts()).toBe(1);
  });

  it("sends method, headers and body, and the original Host", async () => {
    const res = await safeFetch(`${base}/echo?q=1`, {
      method: "post",
      headers: { "x-api-key": "k-123", "content-type": "application/json" },
      body: '{"a":1}',
    });
    expect(res.status).toBe(200);
    expect(lastRequest).toMatchObject({ method: "POST", body: '{"a":1}' });
    expect(lastRequest?.headers).toMatchObject({ "x-api-key": "k-123", host: `127.0.0.1:${port}` });
  });

  it("dials the checked IP, never re-resolving the name (no DNS rebinding)", async () => {
    // The checked answer is 127.0.0.2 (where the server is); the system resolver would say
    // 127.0.0.1 (nothing listening there). Only a pinned connect can reach the server.
    const pinned = createServer((req, res) => res.end(req.headers.host));
    await new Promise<void>((resolve) => pinned.listen(0, "127.0.0.2", resolve));
    const pinnedPort = (pinned.address() as AddressInfo).port;
    process.env.OUTBOUND_ALLOW_HOSTS = "localhost";
    resetEnvCache();
    try {
      const lookup = async () => [{ address: "127.0.0.2", family: 4 }];
      const res = await safeFetch(`http://localhost:${pinnedPort}/`, {}, { lookup });
      expect(res.body.toString()).toBe(`localhost:${pinnedPort}`);
    } finally {
      await new Promise((resolve) => pinned.close(resolve));
    }
  });

  it("returns a 3xx as-is without following it", async () => {
    const before = hits["/target"] ?? 0;
    const res = await safeFetch(`${base}/redirect`);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(`${base}/target`);
    expect(hits["/target"] ?? 0).toBe(before);
    expect(connectHooks.attempts()).toBe(1);
  });

  it.each(["/slow", "/slow-body"])("times out on %s with a TimeoutError", async (route) => {
    const started = Date.now();
    await expect(safeFetch(`${base}${route}`, {}, { timeoutMs: 200 })).rejects.toBeInstanceOf(TimeoutError);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it.each(["/big", "/big-chunked"])("aborts %s beyond the size cap", async (route) => {
    await expect(safeFetch(`${base}${route}`, {}, { maxBytes: 1000 })).rejects.toBeInstanceOf(ResponseTooLargeError);
    // The same body fits a cap of exactly its size: the limit is "more than", not "at".
    const res = await safeFetch(`${base}${route}`, {}, { maxBytes: 2048 });
    expect(res.body.length).toBe(2048);
  });

  it("blocks loopback once it is off the allow-list, before any connect", async () => {
    process.env.OUTBOUND_ALLOW_HOSTS = "";
    resetEnvCache();
    await expect(safeFetch(`${base}/status/200`)).rejects.toBeInstanceOf(BlockedError);
    expect(connectHooks.attempts()).toBe(0);
  });
});
