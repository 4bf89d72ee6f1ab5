import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import Provider, { type Configuration } from "oidc-provider";

/**
 * A real authorization server for tests: oidc-provider on 127.0.0.1, with one static
 * confidential client, PKCE required, the development login and consent pages (any login
 * and password are accepted), refresh tokens issued for every code and rotated on every
 * refresh, userinfo and RFC 7009 revocation. The issuer sends `iss` on the callback
 * (RFC 9207) and advertises it in its metadata.
 *
 * It counts requests to its token, userinfo and revocation endpoints, so a test can prove
 * that a refused callback made no token request at all.
 *
 * ```ts
 * const op = await startOidcServer({ redirectUri: "http://localhost:3000/api/v1/callback" });
 * op.issuer, op.clientId, op.clientSecret, op.endpoints.token;  op.tokenCalls();
 * await op.close();
 * ```
 */
export type OidcServerOptions = {
  /** The exact redirect URI(s) the client registers. */
  redirectUri: string | string[];
  clientId?: string;
  clientSecret?: string;
  tokenEndpointAuthMethod?: "client_secret_basic" | "client_secret_post";
  /** Access-token lifetime in seconds (default 3600). */
  accessTokenTtl?: number;
  /** Port to listen on (default: any free one). */
  port?: number;
  /**
   * Also register a confidential client for the client_credentials grant (no redirect URIs,
   * `scope` the scopes it may ask for). Its access tokens live `clientCredentialsTtl` seconds.
   */
  clientCredentials?: { clientId: string; clientSecret: string; scope?: string };
  clientCredentialsTtl?: number;
};

export type OidcServer = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  endpoints: { auth: string; token: string; userinfo: string; revocation: string };
  provider: Provider;
  /** POSTs to the token endpoint so far (code and refresh grants). */
  tokenCalls: () => number;
  /** Grant types of the successful token requests, in order. */
  grants: string[];
  userinfoCalls: () => number;
  revocationCalls: () => number;
  reset: () => void;
  close: () => Promise<void>;
};

const PATHS = { auth: "/auth", token: "/token", userinfo: "/me", revocation: "/token/revocation" } as const;

/** Starts the server; the issuer is `http://127.0.0.1:<port>`. */
export async function startOidcServer(opts: OidcServerOptions): Promise<OidcServer> {
  const clientId = opts.clientId ?? "ic-test-client";
  const clientSecret = opts.clientSecret ?? "ic-test-secret-0123456789abcdef";
  const counts = { token: 0, userinfo: 0, revocation: 0 };
  const grants: string[] = [];
  // Filled once the provider exists; the server must be listening first to know its issuer URL.
  const route: {
    handler?: (req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => void;
  } = {};

  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (req.method === "POST" && path === PATHS.token) {
      counts.token++;
    }
    if (path === PATHS.userinfo) counts.userinfo++;
    if (req.method === "POST" && path === PATHS.revocation) counts.revocation++;
    route.handler!(req, res);
  });
  const sockets = new Set<Socket>();
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const issuer = `http://127.0.0.1:${port}`;

  const config: Configuration = {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: Array.isArray(opts.redirectUri) ? opts.redirectUri : [opts.redirectUri],
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
        token_endpoint_auth_method: opts.tokenEndpointAuthMethod ?? "client_secret_basic",
      },
      ...(opts.clientCredentials
        ? [
            {
              client_id: opts.clientCredentials.clientId,
              client_secret: opts.clientCredentials.clientSecret,
              grant_types: ["client_credentials"],
              response_types: [],
              redirect_uris: [],
              token_endpoint_auth_method: "client_secret_basic" as const,
              ...(opts.clientCredentials.scope && { scope: opts.clientCredentials.scope }),
            },
          ]
        : []),
    ],
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: true },
      clientCredentials: { enabled: true },
      revocation: { enabled: true },
      userinfo: { enabled: true },
    },
    scopes: ["openid", "offline_access", "profile", "email", "api:read", "api:write"],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    findAccount: async (_ctx, sub) => ({
      accountId: sub,
      claims: async () => ({ sub, email: `${sub}@example.test`, email_verified: true, name: sub }),
    }),
    // Every code gets a refresh token (no offline_access/prompt=consent dance), rotated on use.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed("refresh_token"),
    rotateRefreshToken: true,
    ttl: {
      AccessToken: opts.accessTokenTtl ?? 3600,
      AuthorizationCode: 60,
      IdToken: 3600,
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
      RefreshToken: 86_400,
      ClientCredentials: opts.clientCredentialsTtl ?? 3600,
    },
    cookies: { keys: ["ic-test-cookie-key-0123456789"] },
    // The default renderer would print stack traces into test output.
    renderError: async (ctx, out) => {
      ctx.type = "html";
      ctx.body = `<!doctype html><p>${String(out.error)}</p>`;
    },
  };
  const provider = new Provider(issuer, config);
  // Plain http on 127.0.0.1: the provider must not insist on secure cookies.
  provider.proxy = false;
  route.handler = provider.callback();
  // Which grants succeeded, in order (the body is the provider's to read, so not peeked at).
  provider.on("grant.success", (ctx) => grants.push(String(ctx.oidc.params?.grant_type ?? "?")));

  return {
    issuer,
    clientId,
    clientSecret,
    endpoints: {
      auth: issuer + PATHS.auth,
      token: issuer + PATHS.token,
      userinfo: issuer + PATHS.userinfo,
      revocation: issuer + PATHS.revocation,
    },
    provider,
    tokenCalls: () => counts.token,
    grants,
    userinfoCalls: () => counts.userinfo,
    revocationCalls: () => counts.revocation,
    reset: () => {
      counts.token = counts.userinfo = counts.revocation = 0;
      grants.length = 0;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
