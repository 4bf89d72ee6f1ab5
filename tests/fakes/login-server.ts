import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/**
 * A session-auth login endpoint on 127.0.0.1, for SESSION_AUTH recipes of every `authType`.
 * `POST|GET|PUT /login` reads the credentials wherever they came (Basic auth, a JSON body, a
 * urlencoded body or the query string), records the request, and answers a fresh token when
 * `accept` says yes (default: any `username` with `password` "s3cret"), else 401. The answer
 * is `{"data": {"token", "ttl": 3600}}` unless `answer` says otherwise. `GET /me` answers 200
 * to `Authorization: Bearer <a token it issued>`, 401 otherwise (a dry run or a tenant's API).
 * Modes: `ok`; `500`; `hang` (never answers); `not-json`; `huge` (a 100 KiB answer).
 */
export type LoginMode = "ok" | "500" | "hang" | "not-json" | "huge";

/** One login request as it arrived. */
export type LoginRequest = {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingMessage["headers"];
  body: string;
  /** The credentials as the server read them, wherever they came. */
  fields: Record<string, string>;
  /** Basic auth, when sent. */
  basic?: { username: string; password: string };
  at: number;
};

export type LoginServerOptions = {
  mode?: LoginMode;
  latencyMs?: number;
  /** Which credentials succeed; default any username with password "s3cret". */
  accept?: (req: LoginRequest) => boolean;
  /** The success body for a new token; default `{data: {token, ttl: 3600}}`. */
  answer?: (token: string, req: LoginRequest) => unknown;
};

export type LoginServer = {
  url: string;
  loginUrl: string;
  /** Login requests received so far. */
  calls: () => number;
  requests: LoginRequest[];
  /** Tokens issued so far, in order. */
  issued: string[];
  set: (opts: LoginServerOptions) => void;
  reset: () => void;
  close: () => Promise<void>;
};

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });

function credentials(req: IncomingMessage, url: URL, body: string): Pick<LoginRequest, "fields" | "basic"> {
  const m = /^Basic ([A-Za-z0-9+/=]+)$/.exec(req.headers.authorization ?? "");
  if (m) {
    const decoded = Buffer.from(m[1], "base64").toString("utf8");
    const at = decoded.indexOf(":");
    const basic = { username: decoded.slice(0, at), password: decoded.slice(at + 1) };
    return { fields: { ...basic }, basic };
  }
  const type = req.headers["content-type"] ?? "";
  if (type.startsWith("application/json")) {
    try {
      const json = JSON.parse(body) as Record<string, unknown>;
      return { fields: Object.fromEntries(Object.entries(json).map(([k, v]) => [k, String(v)])) };
    } catch {
      return { fields: {} };
    }
  }
  if (type.startsWith("application/x-www-form-urlencoded"))
    return { fields: Object.fromEntries(new URLSearchParams(body)) };
  return { fields: Object.fromEntries(url.searchParams) };
}

const defaultAccept = (r: LoginRequest) => !!r.fields.username && r.fields.password === "s3cret";
const defaultAnswer = (token: string) => ({ data: { token, ttl: 3600 } });

export async function startLoginServer(initial: LoginServerOptions = {}): Promise<LoginServer> {
  let opts: LoginServerOptions = { ...initial };
  const requests: LoginRequest[] = [];
  const issued: string[] = [];
  const sockets = new Set<Socket>();

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const body = await readBody(req);
    const json = (status: number, payload: unknown) =>
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(payload));
    if (url.pathname === "/me") {
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
      return token && issued.includes(token) ? json(200, { id: "me" }) : json(401, { error: "unauthorized" });
    }
    if (url.pathname !== "/login") return json(404, { error: "not_found" });
    const entry: LoginRequest = {
      method: req.method ?? "GET",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body,
      ...credentials(req, url, body),
      at: Date.now(),
    };
    requests.push(entry);
    const { mode = "ok", latencyMs = 0, accept = defaultAccept, answer = defaultAnswer } = opts;
    if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));
    if (mode === "hang") return;
    if (mode === "500") return res.writeHead(500, { "content-type": "text/html" }).end("<h1>down</h1>");
    if (!accept(entry)) return json(401, { error: "invalid credentials" });
    const token = `sess-${issued.length + 1}-${randomBytes(8).toString("hex")}`;
    issued.push(token);
    if (mode === "not-json") return res.writeHead(200, { "content-type": "text/plain" }).end(`token=${token}`);
    if (mode === "huge") return json(200, { data: { token, padding: "x".repeat(100 * 1024) } });
    json(200, answer(token, entry));
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    loginUrl: `${url}/login`,
    calls: () => requests.length,
    requests,
    issued,
    set: (next) => {
      opts = { ...opts, ...next };
    },
    reset: () => {
      opts = { ...initial };
      requests.length = 0;
      issued.length = 0;
    },
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
