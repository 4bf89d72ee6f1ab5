import { getComponent, listComponents, type ComponentEntry } from "@/lib/components";
import type { TokenEndpointAuthMethod } from "@/db/schema/oauth";
import type { SessionRecipe } from "./session-recipe";

/*
 * Pre-filling an auth client from the catalogue. No server-only imports: the dashboard's
 * "new auth client" form pre-fills in the browser from the same function the API uses.
 */

/** The catalogue id of "Custom OAuth2": every endpoint is given by hand. */
export const CUSTOM_OAUTH2 = "custom-oauth2";
/** The catalogue id of "Custom session auth": it accepts any login recipe. */
export const CUSTOM_SESSION = "custom-session";

/** The OAuth auth-client types: the authorization-code flow, or client credentials. */
export type OAuthClientType = "OA2_AUTHORIZATION_CODE" | "OA2_CLIENT_CREDENTIALS";

/** What an auth client takes from its component's `oauth` block. */
export type ClientDefaults = {
  endpoints: { auth?: string; token: string; revocation?: string; userinfo?: string };
  scopes: string[];
  scopeSeparator: " " | "," | "+";
  authParams: Record<string, string>;
  tokenParams: Record<string, string>;
  tokenEndpointAuthMethod: TokenEndpointAuthMethod;
  pkce: boolean;
};

/** True when the component's endpoints come from the admin, not the catalogue. */
export const isCustomComponent = (componentId: string | null | undefined): boolean =>
  !componentId || componentId === CUSTOM_OAUTH2;

/**
 * Components a client of `type` can be made for, by name: an authorization-code or
 * client-credentials client needs an `oauth` block (Custom OAuth2 included), a session-auth
 * client the SESSION_AUTH type (Custom session auth, and the products with a recipe).
 */
export function oauthComponents(type: OAuthClientType | "SESSION_AUTH" = "OA2_AUTHORIZATION_CODE"): ComponentEntry[] {
  const accepting = listComponents({ authType: type });
  return type === "SESSION_AUTH" ? accepting : accepting.filter((c) => c.oauth);
}

/**
 * The catalogue's defaults for a component's client of `type`, with `{{field}}`
 * placeholders kept: they are filled per connection when a flow starts or a token is
 * fetched. Undefined for Custom OAuth2, an unknown id, or a component that does not accept
 * `type` with an `oauth` block.
 */
export function catalogueDefaults(
  componentId: string | null | undefined,
  type: OAuthClientType = "OA2_AUTHORIZATION_CODE",
): ClientDefaults | undefined {
  if (isCustomComponent(componentId)) return undefined;
  const entry = getComponent(componentId!);
  const o = entry?.oauth;
  if (!o || !entry.authTypes.includes(type)) return undefined;
  // Client credentials has no browser step: no authorization URL, userinfo, PKCE or auth parameters.
  const code = type === "OA2_AUTHORIZATION_CODE";
  return {
    endpoints: {
      ...(code && o.authorizationUrl && { auth: o.authorizationUrl }),
      token: o.tokenUrl,
      ...(o.revocationUrl && { revocation: o.revocationUrl }),
      ...(code && o.userinfoUrl && { userinfo: o.userinfoUrl }),
    },
    scopes: [...o.defaultScopes],
    scopeSeparator: o.scopeSeparator,
    authParams: code ? { ...o.authParams } : {},
    tokenParams: { ...o.tokenParams },
    tokenEndpointAuthMethod: o.tokenEndpointAuthMethod,
    pkce: code && o.pkce,
  };
}

/**
 * The catalogue's login recipe for a component (its `session` block), or undefined for
 * Custom session auth, an unknown id, or a component without one.
 */
export function catalogueRecipe(componentId: string | null | undefined): SessionRecipe | undefined {
  if (!componentId || componentId === CUSTOM_SESSION) return undefined;
  const entry = getComponent(componentId);
  if (!entry?.session || !entry.authTypes.includes("SESSION_AUTH")) return undefined;
  return JSON.parse(JSON.stringify(entry.session)) as SessionRecipe;
}
