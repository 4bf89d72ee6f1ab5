import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, newTenant, uniq, userToken } from "./api";

/*
 * Open Integration Hub's connector runtime, unchanged, as a client of the Secrets API:
 * `Ferryman.prototype.fetchSecret` runs `GET {SECRET_SERVICE_BASE_URL}/secrets/{id}` with the
 * flow's token over real HTTP, and returns `data.value` (MIXED: the parsed payload). The
 * server below listens on 127.0.0.1 only and hands each request to the real route handlers.
 */

type Logger = { error: (...args: unknown[]) => void };
type FerrymanInstance = { fetchSecret(id: string, token: string, logger: Logger): Promise<unknown> };
const require = createRequire(import.meta.url);
// The package's main entry exports only `transform`; the runtime class lives in lib/ferryman.js.
const { Ferryman } = require("@openintegrationhub/ferryman/lib/ferryman.js") as {
  Ferryman: new (settings: Record<string, unknown>) => FerrymanInstance;
};

let server: Server;
let ferryman: FerrymanInstance;
const seen: { method: string; url: string; authorization?: string }[] = [];
const savedNoProxy = process.env.NO_PROXY;

beforeAll(async () => {
  server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      seen.push({ method: req.method!, url: req.url!, authorization: req.headers.authorization });
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(
          (e): e is [string, string] =>
            typeof e[1] === "string" && !["host", "connection", "content-length"].includes(e[0]),
        ),
      );
      const r = await api(req.method as "GET", req.url!, {
        headers,
        raw: chunks.length ? Buffer.concat(chunks).toString() : undefined,
      });
      res.writeHead(r.status, {
        "content-type": "application/json",
        "cache-control": r.headers.get("cache-control") ?? "",
      });
      res.end(r.body === null ? "" : JSON.stringify(r.body));
    })().catch(() => {
      res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  // `request`, which ferryman uses, honours proxy variables; this test talks to loopback only.
  process.env.NO_PROXY = ["127.0.0.1", savedNoProxy].filter(Boolean).join(",");
  // The real constructor: it only stores settings and builds throttles; AMQP connects later, in connect().
  ferryman = new Ferryman({
    SECRET_SERVICE_BASE_URL: `http://127.0.0.1:${port}/api/v1`,
    OUTPUT_RATE_LIMIT: 10,
    ERROR_RATE_LIMIT: 10,
    SNAPSHOT_RATE_LIMIT: 10,
    RATE_INTERVAL: 1000,
  });
});

afterAll(async () => {
  if (savedNoProxy === undefined) delete process.env.NO_PROXY;
  else process.env.NO_PROXY = savedNoProxy;
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const recorder = () => {
  const errors: string[] = [];
  return { errors, logger: { error: (...args: unknown[]) => errors.push(args.map(String).join(" ")) } };
};

describe("@openintegrationhub/ferryman fetchSecret against the Secrets API", () => {
  it("reads SIMPLE, API_KEY and MIXED secrets as OIH connectors expect", async () => {
    const { apiKey } = await newTenant();
    const username = uniq("flow-user");
    const token = await userToken(apiKey, username);
    const pass = async (type: string, value: object) => {
      const r = await api("POST", `/api/v1/secrets?username=${username}`, {
        token: apiKey,
        body: { name: `oih ${type}`, type, value },
      });
      expect(r.status).toBe(201);
      return r.body.data.id as string;
    };
    const simple = await pass("SIMPLE", { username: "email@email.com", passphrase: "thisisapassword" });
    const apiKeySecret = await pass("API_KEY", { key: "12345678910", headerName: "" });
    const mixed = await pass("MIXED", {
      payload: JSON.stringify({ apiKey: "oih-key-0123456789", region: "eu", nested: { n: 1 } }),
    });
    const mixedArray = await pass("MIXED", { payload: "[1,2,3]" });

    const { errors, logger } = recorder();
    seen.length = 0;
    expect(await ferryman.fetchSecret(simple, token, logger)).toStrictEqual({
      username: "email@email.com",
      passphrase: "thisisapassword",
    });
    expect(await ferryman.fetchSecret(apiKeySecret, token, logger)).toStrictEqual({
      key: "12345678910",
      headerName: "",
    });
    // ferryman parses a MIXED payload and hands the connector the parsed JSON.
    expect(await ferryman.fetchSecret(mixed, token, logger)).toStrictEqual({
      apiKey: "oih-key-0123456789",
      region: "eu",
      nested: { n: 1 },
    });
    expect(await ferryman.fetchSecret(mixedArray, token, logger)).toStrictEqual([1, 2, 3]);
    expect(errors).toEqual([]);
    // Each read went over HTTP to GET /api/v1/secrets/{id} with the flow's token.
    expect(seen).toEqual(
      [simple, apiKeySecret, mixed, mixedArray].map((id) => ({
        method: "GET",
        url: `/api/v1/secrets/${id}`,
        authorization: `Bearer ${token}`,
      })),
    );
  });

  it("another end user's secret, or a bad token, reads as nothing and is logged by ferryman", async () => {
    const { apiKey } = await newTenant();
    const owner = uniq("owner");
    const c = await api("POST", `/api/v1/secrets?username=${owner}`, {
      token: apiKey,
      body: { name: "mine", type: "MIXED", value: { payload: '{"k":"v"}' } },
    });
    const stranger = await userToken(apiKey, uniq("stranger"));

    const { errors, logger } = recorder();
    expect(await ferryman.fetchSecret(c.body.data.id, stranger, logger)).toStrictEqual({});
    expect(await ferryman.fetchSecret(c.body.data.id, "not-a-token", logger)).toStrictEqual({});
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/^Could not fetch Secret: 404 /);
    expect(errors[1]).toMatch(/^Could not fetch Secret: 401 /);
    // The owner's token still reads it.
    expect(await ferryman.fetchSecret(c.body.data.id, await userToken(apiKey, owner), logger)).toStrictEqual({
      k: "v",
    });
  });
});
