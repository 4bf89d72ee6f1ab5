import "server-only";
import { fillTemplate, getComponent, revocationSchema, type RevocationConfig } from "@/lib/components";
import type { TokenEndpointAuthMethod } from "@/db/schema/oauth";
import { classifyError, classifyStatus, errorCode, type VerifyClass } from "@/lib/verify/classify";
import { safeFetch } from "@/lib/verify/http-client";
import { freeHostsOf } from "./endpoint-hosts";

/*
 * Token revocation at the provider when a secret is deleted (RFC 7009 and the variants the
 * catalogue describes as data, `oauth.revocation` in lib/components/schema.ts). Requests go
 * through the SSRF-safe client. Results carry a class and a status, never a response body:
 * a provider's error text may echo the token.
 */

/** Short: revocation runs after the delete has committed, on the deleting request. */
export const REVOCATION_TIMEOUT_MS = 5_000;
const MAX_RESPONSE_BYTES = 64 * 1024;

/** What revocation needs of the auth client that issued the tokens. */
export type RevocationClient = {
  clientId: string;
  /** Decrypted; null for a public client. */
  clientSecret: string | null;
  tokenEndpointAuthMethod: TokenEndpointAuthMethod;
  /** The client's own revocation endpoint template, which overrides the component's. */
  revocationUrl?: string | null;
};

/** The secret being deleted: where its connection config and component come from. */
export type RevocationSecret = {
  componentId: string | null;
  config: Record<string, unknown>;
};

export type RevocationFailureClass = VerifyClass | "misconfigured" | "unavailable" | "no_token";

export type RevocationOutcome =
  | { ok: true; endpointHost: string; tokens: TokenKind[]; durationMs: number }
  | {
      ok: false;
      class: RevocationFailureClass;
      status?: number;
      code?: string;
      endpointHost?: string;
      durationMs: number;
    };

type TokenKind = "refresh_token" | "access_token";

/**
 * Where and how the secret's tokens are revoked: the auth client's revocation endpoint when it
 * has one, else the component's, filled from the secret's config. Null when neither has one.
 * The calling convention always comes from the component (a tenant's Slack client still
 * revokes Slack's way); a custom client without a component gets RFC 7009.
 */
export function revocationEndpoint(
  secret: RevocationSecret,
  clientRevocationUrl?: string | null,
): { template: string; how: RevocationConfig } | null {
  const oauth = secret.componentId ? getComponent(secret.componentId)?.oauth : undefined;
  const template = clientRevocationUrl || oauth?.revocationUrl;
  if (!template) return null;
  return { template, how: oauth?.revocation ?? revocationSchema.parse({}) };
}

/** RFC 6749 §2.3.1: Basic credentials are form-urlencoded before base64, as at the token endpoint. */
function formEncode(s: string): string {
  return encodeURIComponent(s)
    .replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, "+");
}

function basic(client: RevocationClient): string {
  const pair = `${formEncode(client.clientId)}:${formEncode(client.clientSecret ?? "")}`;
  return `Basic ${Buffer.from(pair).toString("base64")}`;
}

/** The concrete client authentication for this call. */
function clientAuthOf(how: RevocationConfig, client: RevocationClient): "basic" | "post" | "none" {
  if (how.clientAuth !== "client") return how.clientAuth;
  // A public client has no secret to put in a Basic header; it identifies itself in the body.
  if (!client.clientSecret) return how.style === "query" ? "none" : "post";
  return client.tokenEndpointAuthMethod === "client_secret_basic" ? "basic" : "post";
}

/** The tokens to send, in order, per `how.tokens`. */
function tokensToRevoke(
  how: RevocationConfig,
  value: Record<string, unknown>,
): Array<{ kind: TokenKind; token: string }> {
  const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);
  const refresh = str(value.refreshToken);
  const access = str(value.accessToken);
  const out: Array<{ kind: TokenKind; token: string } | undefined> =
    how.tokens === "access"
      ? [access ? { kind: "access_token", token: access } : undefined]
      : how.tokens === "both"
        ? [
            refresh ? { kind: "refresh_token", token: refresh } : undefined,
            access ? { kind: "access_token", token: access } : undefined,
          ]
        : [
            refresh
              ? { kind: "refresh_token", token: refresh }
              : access
                ? { kind: "access_token", token: access }
                : undefined,
          ];
  return out.filter((t): t is { kind: TokenKind; token: string } => t !== undefined);
}

/** Builds one revocation request as `how` describes it. */
function buildRequest(
  url: URL,
  how: RevocationConfig,
  client: RevocationClient,
  t: { kind: TokenKind; token: string },
) {
  const headers: Record<string, string> = { accept: "application/json" };
  const name =
    typeof how.tokenParam === "string"
      ? how.tokenParam
      : how.tokenParam[t.kind === "refresh_token" ? "refresh" : "access"];
  const params: Record<string, string> = { [name]: t.token };
  if (how.tokenTypeHint) params.token_type_hint = t.kind;
  const auth = clientAuthOf(how, client);
  if (auth === "basic") headers.authorization = basic(client);
  if (auth === "post") {
    params.client_id = client.clientId;
    if (client.clientSecret) params.client_secret = client.clientSecret;
  }
  const target = new URL(url);
  let body: string | undefined;
  switch (how.style) {
    case "rfc7009":
      headers["content-type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(params).toString();
      break;
    case "json":
      headers["content-type"] = "application/json";
      body = JSON.stringify(params);
      break;
    case "query":
      // The schema allows only basic or none here, so no client secret reaches the URL.
      for (const [k, v] of Object.entries(params)) target.searchParams.set(k, v);
      break;
    case "bearer":
      headers.authorization = `Bearer ${t.token}`;
      break;
  }
  return { url: target.toString(), method: how.method, headers, body };
}

/** True when a 2xx answer also satisfies `successField` (Slack's `{"ok": true}`). */
function answerSaysOk(how: RevocationConfig, body: Buffer): boolean {
  if (!how.successField) return true;
  try {
    const parsed = JSON.parse(body.toString("utf8")) as Record<string, unknown>;
    return parsed?.[how.successField] === true;
  } catch {
    return false;
  }
}

/**
 * Revokes a deleted secret's tokens at the provider: the refresh token (which, per RFC 7009,
 * takes its access tokens with it) or whatever the component's `revocation` names, through
 * the SSRF-safe client with a short timeout. Returns null when neither the client nor the
 * component has a revocation endpoint; otherwise ok, or a failure class with the status and
 * the endpoint's host. Never throws and never returns a response body or a token.
 */
export async function revokeTokens(opts: {
  tenantId: string;
  secret: RevocationSecret;
  value: Record<string, unknown>;
  client: RevocationClient;
}): Promise<RevocationOutcome | null> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const endpoint = revocationEndpoint(opts.secret, opts.client.revocationUrl);
  if (!endpoint) return null;
  // A host the connection's config would choose never receives the client secret.
  if (freeHostsOf(opts.secret.componentId, endpoint.template).length > 0) {
    return { ok: false, class: "misconfigured", durationMs: elapsed() };
  }
  let url: URL;
  try {
    const config = Object.fromEntries(
      Object.entries(opts.secret.config).map(([k, v]) => [k, typeof v === "string" ? v : undefined]),
    );
    url = new URL(fillTemplate(endpoint.template, config));
  } catch {
    return { ok: false, class: "misconfigured", durationMs: elapsed() };
  }
  const endpointHost = url.host;
  const tokens = tokensToRevoke(endpoint.how, opts.value);
  if (tokens.length === 0) return { ok: false, class: "no_token", endpointHost, durationMs: elapsed() };
  for (const t of tokens) {
    const req = buildRequest(url, endpoint.how, opts.client, t);
    try {
      const res = await safeFetch(
        req.url,
        { method: req.method, headers: req.headers, body: req.body },
        { timeoutMs: REVOCATION_TIMEOUT_MS, maxBytes: MAX_RESPONSE_BYTES },
      );
      const cls = classifyStatus(res.status);
      if (cls !== "ok") return { ok: false, class: cls, status: res.status, endpointHost, durationMs: elapsed() };
      if (!answerSaysOk(endpoint.how, res.body))
        return { ok: false, class: "auth_failed", status: res.status, endpointHost, durationMs: elapsed() };
    } catch (err) {
      const code = errorCode(err);
      return { ok: false, class: classifyError(err), ...(code ? { code } : {}), endpointHost, durationMs: elapsed() };
    }
  }
  return { ok: true, endpointHost, tokens: tokens.map((t) => t.kind), durationMs: elapsed() };
}
