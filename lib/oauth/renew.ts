import "server-only";
import * as oauth from "oauth4webapi";
import type { Db } from "@/db/client";
import type { AuthClient } from "@/db/schema";
import { fillTemplate } from "@/lib/components";
import { BlockedError, TimeoutError } from "@/lib/verify/errors";
import { clientCredentialsValue, requestClientCredentials } from "./client-credentials";
import { clientSecretOf } from "./clients";
import { oauthHttpOptions } from "./http";
import { recipeOf } from "./session-clients";
import { LOGIN_FAILURES, runLogin } from "./session-login";
import { flowMateValue, tokenResponseSchema, type OAuth2CodeValue, type TokenResponse } from "./tokens";
import { unpinnedEndpoints } from "./endpoint-hosts";

/*
 * What renewing a credential means, per type, for the one refresh loop of refresh.ts
 * (single flight, row lease, write-if-ours): an OAuth2 refresh_token grant, a new
 * client-credentials token, or the session-auth login run again with the stored input
 * fields. Each answers the value to store, a refusal that needs the end user (expired,
 * 409 needs_reauth), or a failure to retry later (503 while the stored token is spent).
 */

/** The credential types the refresh loop renews (when linked to an auth client). */
export const RENEWABLE_TYPES = ["OA2_AUTHORIZATION_CODE", "OA2_CLIENT_CREDENTIALS", "SESSION_AUTH"] as const;
export type RenewableType = (typeof RENEWABLE_TYPES)[number];

export type Renewal =
  | {
      kind: "ok";
      value: Record<string, unknown>;
      expires: string | null;
      scope: string | null;
      metadata: Record<string, unknown>;
    }
  /** The end user has to act: the refresh token or the login credentials were refused. */
  | { kind: "rejected"; reason: string; detail: string }
  | { kind: "failed"; reason: string; status?: number };

type Value = Record<string, unknown>;
const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);
const inputFieldsOf = (v: Value) =>
  v.inputFields && typeof v.inputFields === "object" ? (v.inputFields as Record<string, string>) : undefined;

/**
 * True when the stored value has what a renewal needs: a refresh token (OAuth2), nothing
 * (client credentials: the auth client holds the credentials), or input fields (session auth).
 */
export function renewable(type: string, value: Value): boolean {
  if (type === "OA2_AUTHORIZATION_CODE") return !!str(value.refreshToken);
  if (type === "OA2_CLIENT_CREDENTIALS") return true;
  if (type === "SESSION_AUTH") return !!inputFieldsOf(value);
  return false;
}

/** Why a forced renewal of a value `renewable` refuses is impossible (409 needs_reauth). */
export function notRenewableMessage(type: string): string {
  return type === "SESSION_AUTH"
    ? "The credential has no input fields to log in with; the end user must enter them again"
    : "The credential has no refresh token; the end user must connect again";
}

/** The 409 message when the renewal was refused for good. */
export function refusedMessage(type: string): string {
  return type === "SESSION_AUTH"
    ? "The login was refused; the end user must enter their credentials again"
    : "The provider refused the refresh token; the end user must connect again";
}

/**
 * After a refusal: true when the stored value's credential material differs from the one
 * that was refused (another instance, a re-connection or a PATCH replaced it meanwhile), so
 * the refusal says nothing about what is stored now.
 */
export function credentialChanged(type: string, refused: Value, stored: Value): boolean {
  if (stored.accessToken !== refused.accessToken) return true;
  if (type === "SESSION_AUTH") return JSON.stringify(inputFieldsOf(stored)) !== JSON.stringify(inputFieldsOf(refused));
  return stored.refreshToken !== refused.refreshToken;
}

/** Renews `value` once with `client`. Never throws for what the remote end answers. */
export async function renew(
  db: Db,
  opts: { type: string; client: AuthClient; config: Record<string, string>; value: Value; timeoutMs: number },
): Promise<Renewal> {
  const { client, config, value, timeoutMs } = opts;
  if (opts.type === "SESSION_AUTH") {
    const outcome = await runLogin(recipeOf(client), inputFieldsOf(value) ?? {}, { timeoutMs });
    if (outcome.kind === "rejected") {
      return {
        kind: "rejected",
        reason: "login_refused",
        detail: `The login was refused (HTTP ${outcome.status}); enter the credentials again`,
      };
    }
    if (outcome.kind === "failed") return { kind: "failed", reason: outcome.reason, status: outcome.status };
    const next = {
      authClientId: str(value.authClientId) ?? client.id,
      accessToken: outcome.accessToken,
      inputFields: inputFieldsOf(value),
      expires: outcome.expires,
    };
    return { kind: "ok", value: next, expires: next.expires, scope: null, metadata: { expires: next.expires } };
  }
  if (opts.type === "OA2_CLIENT_CREDENTIALS") {
    const grant = await requestClientCredentials(db, client, config, timeoutMs);
    if (grant.kind === "failed") return { kind: "failed", reason: grant.reason, status: grant.status };
    const next = clientCredentialsValue(client, grant.token);
    return {
      kind: "ok",
      value: next,
      expires: next.expires,
      scope: next.scope ?? null,
      metadata: { expires: next.expires },
    };
  }
  const current = value as OAuth2CodeValue;
  const grant = await requestRefresh(db, client, config, current, timeoutMs);
  if (grant.kind === "invalid_grant") {
    return {
      kind: "rejected",
      reason: "invalid_grant",
      detail: "The provider refused the refresh token (invalid_grant); connect again",
    };
  }
  if (grant.kind === "failed") return grant;
  const next = flowMateValue({
    authClientId: current.authClientId ?? client.id,
    token: grant.token,
    previous: current,
  });
  return {
    kind: "ok",
    value: next,
    expires: next.expires ?? null,
    scope: next.scope ?? null,
    metadata: {
      rotated: !!grant.token.refresh_token && grant.token.refresh_token !== current.refreshToken,
      expires: next.expires ?? null,
    },
  };
}

/** A failure reason as words for a status detail: the login's own, or the OAuth code as it is. */
export function failureText(reason: string): string {
  return (LOGIN_FAILURES as Record<string, string | undefined>)[reason] ?? reason;
}

type Grant =
  | { kind: "ok"; token: TokenResponse }
  | { kind: "invalid_grant" }
  | { kind: "failed"; reason: string; status?: number };

/**
 * One refresh_token grant through oauth4webapi and the SSRF-safe fetch, classified: tokens,
 * `invalid_grant` (the refresh token is dead), or a failure worth retrying later. Sends
 * `scope` when the client says the provider needs it, and the client's extra token params.
 */
async function requestRefresh(
  db: Db,
  client: AuthClient,
  config: Record<string, string>,
  value: OAuth2CodeValue,
  timeoutMs: number,
): Promise<Grant> {
  let tokenUrl: string;
  // A stored client whose token host a connection would choose sends its secret nowhere.
  if (unpinnedEndpoints(client.componentId, { token: client.endpoints.token }).length > 0) {
    return { kind: "failed", reason: "unpinned_host" };
  }
  try {
    tokenUrl = fillTemplate(client.endpoints.token ?? "", config ?? {});
    new URL(tokenUrl);
  } catch {
    return { kind: "failed", reason: "no_token_endpoint" };
  }
  const as: oauth.AuthorizationServer = { issuer: client.issuer ?? new URL(tokenUrl).origin, token_endpoint: tokenUrl };
  const c: oauth.Client = { client_id: client.clientId };
  const secret = await clientSecretOf(db, client);
  const auth = !secret
    ? oauth.None()
    : client.tokenEndpointAuthMethod === "client_secret_post"
      ? oauth.ClientSecretPost(secret)
      : oauth.ClientSecretBasic(secret);
  const params = new URLSearchParams(
    ((client.settings ?? {}) as { tokenParams?: Record<string, string> }).tokenParams ?? {},
  );
  if (client.refreshWithScope) {
    const scope = value.scope ?? client.scopes.join(client.scopeSeparator);
    if (scope) params.set("scope", scope);
  }
  let res: Response;
  try {
    res = await oauth.refreshTokenGrantRequest(as, c, auth, value.refreshToken!, {
      additionalParameters: params,
      ...oauthHttpOptions([tokenUrl], { timeoutMs }),
    });
  } catch (err) {
    return {
      kind: "failed",
      reason: err instanceof TimeoutError ? "timeout" : err instanceof BlockedError ? "blocked" : "network",
    };
  }
  if (res.status >= 500) return { kind: "failed", reason: "server_error", status: res.status };
  try {
    const body = await oauth.processRefreshTokenResponse(as, c, res);
    const token = tokenResponseSchema.safeParse(body);
    return token.success
      ? { kind: "ok", token: token.data }
      : { kind: "failed", reason: "invalid_response", status: res.status };
  } catch (err) {
    if (err instanceof oauth.ResponseBodyError) {
      if (err.error === "invalid_grant") return { kind: "invalid_grant" };
      // invalid_client, unauthorized_client…: the auth client needs fixing, not the end user.
      return {
        kind: "failed",
        reason: /^[a-z_]{1,40}$/.test(err.error) ? err.error : "oauth_error",
        status: err.status,
      };
    }
    if (err instanceof oauth.WWWAuthenticateChallengeError)
      return { kind: "failed", reason: "invalid_client", status: err.status };
    return { kind: "failed", reason: "invalid_response", status: res.status };
  }
}
