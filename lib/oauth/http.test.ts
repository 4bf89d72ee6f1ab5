import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { resetEnvCache } from "../env";
import { BlockedError, TimeoutError } from "../verify/errors";
import { connectHooks } from "../verify/http-client";
import { insecureAllowed, oauthFetch } from "./http";

let server: Server;
let base: string;
let last: { method?: string; headers: IncomingHttpHeaders; body: string } | undefined;
const savedAllow = process.env.OUTBOUND_ALLOW_HOSTS;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      last = { method: req.method, headers: req.headers, body: Buffer.concat(chunks).toString() };
      const route = new URL(req.url ?? "/", "http://x").pathname;
      if (route === "/redirect") return res.writeHead(302, { location: `${base}/elsewhere` }).end();
      if (route === "/slow") return setTimeout(() => res.end("late"), 1500);
      if (route === "/empty") return res.writeHead(204).end();
      res.writeHead(200, { "content-type": "application/json", "set-cookie": ["a=1", "b=2"] });
      res.end(JSON.stringify({ ok: true }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
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

describe("oauthFetch", () => {
  it("sends a form body through the pinned client and returns a fetch Response", async () => {
    const res = await oauthFetch()(`${base}/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "authorization_code", code: "c1" }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.url).toBe(`${base}/token`);
    expect(last?.method).toBe("POST");
    expect(last?.body).toBe("grant_type=authorization_code&code=c1");
    expect(connectHooks.attempts()).toBe(1);
  });

  it("does not follow redirects, and gives a null body for 204", async () => {
    const res = await oauthFetch()(`${base}/redirect`, {});
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`${base}/elsewhere`);
    const empty = await oauthFetch()(`${base}/empty`, {});
    expect(empty.status).toBe(204);
    expect(await empty.text()).toBe("");
  });

  it("refuses loopback that OUTBOUND_ALLOW_HOSTS does not name, before any connect", async () => {
    process.env.OUTBOUND_ALLOW_HOSTS = "";
    resetEnvCache();
    await expect(oauthFetch()(`${base}/token`, { method: "POST" })).rejects.toBeInstanceOf(BlockedError);
    expect(connectHooks.attempts()).toBe(0);
  });

  it("honours its timeout option", async () => {
    const started = Date.now();
    await expect(oauthFetch({ timeoutMs: 200 })(`${base}/slow`, {})).rejects.toBeInstanceOf(TimeoutError);
    expect(Date.now() - started).toBeLessThan(1200);
  });

  it("honours an abort signal from the caller", async () => {
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(new Error("caller gave up")), 100);
    await expect(oauthFetch()(`${base}/slow`, { signal: ctl.signal })).rejects.toThrow("caller gave up");
  });
});

describe("insecureAllowed", () => {
  it("permits plain http only for allowlisted hosts", () => {
    expect(insecureAllowed("https://example.com/token", `${base}/token`)).toBe(true);
    expect(insecureAllowed("http://example.com/token")).toBe(false);
    process.env.OUTBOUND_ALLOW_HOSTS = "";
    resetEnvCache();
    expect(insecureAllowed(`${base}/token`)).toBe(false);
    expect(insecureAllowed("https://example.com/token", undefined)).toBe(true);
  });
});
