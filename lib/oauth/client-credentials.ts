import "server-only";
import * as oauth from "oauth4webapi";
import type { Db } from "@/db/client";
import type { AuthClient } from "@/db/schema";
import { fillTemplate } from "@/lib/components";
import { BlockedError, ResponseTooLargeError, TimeoutError } from "@/lib/verify/errors";
import { clientSecretOf } from "./clients";
import { oauthHttpOptions } from "./http";
import { expiresAt, tokenResponseSchema, type TokenResponse } from "./tokens";
import { unpinnedEndpoints } from "./endpoint-hosts";

/*
 * The OAuth2 client-credentials grant (RFC 6749 §4.4) for OA2_CLIENT_CREDENTIALS auth
 * clients: the client id and secret at the client's token endpoint (filled from the
 * connection's config), with its scopes and extra token parameters (an `audience`),
 * through oauth4webapi over the SSRF-safe fetch (lib/oauth/http.ts). No browser step.
 */

/** The FlowMate value of a client-credentials secret. */
export type ClientCredentialsValue = {
  authClientId: string;
  accessToken: string;
  scope?: string;
  expires: string | null;
};

export type ClientCredentialsGrant =
  | { kind: "ok"; token: TokenResponse; durationMs: number }
  | { kind: "failed"; reason: string; status?: number; durationMs: number };

/** The scope a client requests: its scopes joined with its separator, or none. */
const scopeOf = (client: AuthClient) => client.scopes.join(client.scopeSeparator) || undefined;

/**
 * One client-credentials token request, classified. Any refusal (`invalid_client`,
 * `invalid_scope`, …) is a failure of the auth client, not of an end user: it is reported
 * with its OAuth error code (or status) only, never the provider's description.
 */
export async function requestClientCredentials(
  db: Db,
  client: AuthClient,
  config: Readonly<Record<string, string>>,
  timeoutMs: number,
): Promise<ClientCredentialsGrant> {
  const started = performance.now();
  const done = <T extends object>(r: T) => ({ ...r, durationMs: Math.round(performance.now() - started) });
  let tokenUrl: string;
  // A stored client whose token host a connection would choose sends its secret nowhere.
  if (unpinnedEndpoints(client.componentId, { token: client.endpoints.token }).length > 0) {
    return done({ kind: "failed" as const, reason: "unpinned_host" });
  }
  try {
    tokenUrl = fillTemplate(client.endpoints.token ?? "", config);
    new URL(tokenUrl);
  } catch {
    return done({ kind: "failed" as const, reason: "no_token_endpoint" });
  }
  const secret = await clientSecretOf(db, client);
  if (!secret) return done({ kind: "failed" as const, reason: "no_client_secret" });
  const as: oauth.AuthorizationServer = { issuer: client.issuer ?? new URL(tokenUrl).origin, token_endpoint: tokenUrl };
  const c: oauth.Client = { client_id: client.clientId };
  const auth =
    client.tokenEndpointAuthMethod === "client_secret_post"
      ? oauth.ClientSecretPost(secret)
      : oauth.ClientSecretBasic(secret);
  const params = new URLSearchParams(
    ((client.settings ?? {}) as { tokenParams?: Record<string, string> }).tokenParams ?? {},
  );
  const scope = scopeOf(client);
  if (scope) params.set("scope", scope);
  let res: Response;
  try {
    res = await oauth.clientCredentialsGrantRequest(as, c, auth, params, oauthHttpOptions([tokenUrl], { timeoutMs }));
  } catch (err) {
    const reason =
      err instanceof TimeoutError
        ? "timeout"
        : err instanceof BlockedError
          ? "blocked"
          : err instanceof ResponseTooLargeError
            ? "too_large"
            : "network";
    return done({ kind: "failed" as const, reason });
  }
  if (res.status >= 500) return done({ kind: "failed" as const, reason: "server_error", status: res.status });
  try {
    const body = await oauth.processClientCredentialsResponse(as, c, res);
    const token = tokenResponseSchema.safeParse(body);
    return token.success
      ? done({ kind: "ok" as const, token: token.data })
      : done({ kind: "failed" as const, reason: "invalid_response", status: res.status });
  } catch (err) {
    if (err instanceof oauth.ResponseBodyError) {
      const code = /^[a-z_]{1,40}$/.test(err.error) ? err.error : "oauth_error";
      return done({ kind: "failed" as const, reason: code, status: err.status });
    }
    if (err instanceof oauth.WWWAuthenticateChallengeError) {
      return done({ kind: "failed" as const, reason: "invalid_client", status: err.status });
    }
    return done({ kind: "failed" as const, reason: "invalid_response", status: res.status });
  }
}

/** The stored value for a token answer: the granted scope, else the one requested. */
export function clientCredentialsValue(client: AuthClient, token: TokenResponse, now = new Date()) {
  const scope = token.scope ?? scopeOf(client);
  const value: ClientCredentialsValue = {
    authClientId: client.id,
    accessToken: token.access_token,
    ...(scope && { scope }),
    expires: expiresAt(token.expires_in, now) ?? null,
  };
  return value;
}
