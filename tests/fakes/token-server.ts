import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/**
 * A small OAuth2 token endpoint on 127.0.0.1 for refresh failure injection. It keeps the
 * set of live refresh tokens like a real server: a refresh token it did not issue, or one
 * it rotated away, answers `invalid_grant`. Modes:
 * - `rotate`: new access and refresh token; the old refresh token dies;
 * - `no-rotate`: new access token only; the refresh token stays live;
 * - `invalid_grant`: 400 `{"error":"invalid_grant"}` whatever is sent;
 * - `500`: a 500 with an HTML body;
 * - `hang`: reads the request and never answers (until `close`);
 * - `slow`: `rotate` after `latencyMs` (every mode waits `latencyMs` first).
 * It counts refresh calls and records each request (form fields and client auth). A
 * `client_credentials` grant from the client is answered with a new access token (no
 * refresh token), after the same latency, `500` and `hang` modes.
 */
export type TokenMode = "rotate" | "no-rotate" | "invalid_grant" | "500" | "hang" | "slow";

/** One request: its form fields, client auth, when it arrived and when the client hung up. */
export type TokenRequest = { form: Record<string, string>; authorization?: string; at: number; closedAt?: number };

export type TokenServerOptions = {
  mode?: TokenMode;
  latencyMs?: number;
  /** `expires_in` of issued access tokens; null leaves it out. */
  expiresIn?: number | null;
  /** Scope to answer with; undefined leaves it out. */
  scope?: string;
  /** Runs before the answer is sent (e.g. to make "another instance" act meanwhile). */
  onRequest?: (req: TokenRequest) => Promise<void> | void;
};

export type TokenServer = {
  url: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** Refresh-grant requests received so far. */
  calls: () => number;
  requests: TokenRequest[];
  /** Mints a live access/refresh token pair, as an authorization-code exchange would. */
  issue: () => { accessToken: string; refreshToken: string };
  /** True while the server would accept this refresh token. */
  isLive: (refreshToken: string) => boolean;
  set: (opts: TokenServerOptions) => void;
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

const token = (kind: string) => `${kind}-${randomBytes(9).toString("base64url")}`;

export async function startTokenServer(initial: TokenServerOptions = {}): Promise<TokenServer> {
  const clientId = `client-${randomBytes(4).toString("hex")}`;
  const clientSecret = `secret-${randomBytes(12).toString("hex")}`;
  // RFC 6749 §2.3.1: id and secret are form-urlencoded before base64 (oauth4webapi escapes
  // even "-"), so they are decoded here as a real server does.
  const basicOk = (header: string | undefined) => {
    const m = /^Basic ([A-Za-z0-9+/=]+)$/.exec(header ?? "");
    if (!m) return false;
    const [id, secret] = Buffer.from(m[1], "base64").toString("utf8").split(":");
    const dec = (s = "") => decodeURIComponent(s.replace(/\+/g, " "));
    return dec(id) === clientId && dec(secret) === clientSecret;
  };
  const defaults: Required<Omit<TokenServerOptions, "scope" | "onRequest">> = {
    mode: "rotate",
    latencyMs: 0,
    expiresIn: 3600,
  };
  let opts: TokenServerOptions = { ...defaults, ...initial };
  const live = new Set<string>();
  const requests: TokenRequest[] = [];
  const sockets = new Set<Socket>();

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const raw = await readBody(req);
    if (req.method !== "POST" || url.pathname !== "/token") {
      res.writeHead(404).end();
      return;
    }
    const form = Object.fromEntries(new URLSearchParams(raw));
    const entry: TokenRequest = { form, authorization: req.headers.authorization, at: Date.now() };
    requests.push(entry);
    res.on("close", () => (entry.closedAt = Date.now()));
    const { mode = "rotate", latencyMs = 0, expiresIn = 3600, scope, onRequest } = opts;
    if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));
    await onRequest?.(entry);
    if (mode === "hang") return; // never answers; close() destroys the socket
    const json = (status: number, body: object) =>
      res
        .writeHead(status, { "content-type": "application/json", "cache-control": "no-store" })
        .end(JSON.stringify(body));
    if (mode === "500") {
      res.writeHead(500, { "content-type": "text/html" }).end("<h1>Internal Server Error</h1>");
      return;
    }
    const clientOk =
      basicOk(req.headers.authorization) || (form.client_id === clientId && form.client_secret === clientSecret);
    if (!clientOk) return json(401, { error: "invalid_client" });
    if (form.grant_type === "client_credentials") {
      // A client-credentials token: no refresh token, whatever the mode.
      const cc: Record<string, unknown> = { access_token: token("cc"), token_type: "Bearer" };
      if (expiresIn !== null) cc.expires_in = expiresIn;
      if (scope !== undefined) cc.scope = scope;
      return json(200, cc);
    }
    if (form.grant_type !== "refresh_token") return json(400, { error: "unsupported_grant_type" });
    if (mode === "invalid_grant" || !live.has(form.refresh_token ?? ""))
      return json(400, { error: "invalid_grant", error_description: "refresh token is invalid" });
    const body: Record<string, unknown> = { access_token: token("at"), token_type: "Bearer" };
    if (expiresIn !== null) body.expires_in = expiresIn;
    if (scope !== undefined) body.scope = scope;
    if (mode === "rotate" || mode === "slow") {
      live.delete(form.refresh_token);
      const next = token("rt");
      live.add(next);
      body.refresh_token = next;
    }
    json(200, body);
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
    tokenUrl: `${url}/token`,
    clientId,
    clientSecret,
    calls: () => requests.filter((r) => r.form.grant_type === "refresh_token").length,
    requests,
    issue: () => {
      const pair = { accessToken: token("at"), refreshToken: token("rt") };
      live.add(pair.refreshToken);
      return pair;
    },
    isLive: (rt) => live.has(rt),
    set: (next) => {
      opts = { ...opts, ...next };
    },
    reset: () => {
      opts = { ...defaults, ...initial };
      requests.length = 0;
    },
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
