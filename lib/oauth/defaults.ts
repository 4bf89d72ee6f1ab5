import { getComponent, listComponents, type ComponentEntry } from "@/lib/components";
import type { TokenEndpointAuthMethod } from "@/db/schema/oauth";

/*
 * Pre-filling an auth client from the catalogue. No server-only imports: the dashboard's
 * "new auth client" form pre-fills in the browser from the same function the API uses.
 */

/** The catalogue id of "Custom OAuth2": every endpoint is given by hand. */
export const CUSTOM_OAUTH2 = "custom-oauth2";

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

/** Components an OA2_AUTHORIZATION_CODE client can be made for, by name (Custom OAuth2 included). */
export function oauthComponents(): ComponentEntry[] {
  return listComponents({ authType: "OA2_AUTHORIZATION_CODE" }).filter((c) => c.oauth);
}

/**
 * The catalogue's defaults for a component, with `{{field}}` placeholders kept: they are
 * filled per connection when a flow starts. Undefined for Custom OAuth2, an unknown id, or a
 * component without an authorization-code flow.
 */
export function catalogueDefaults(componentId: string | null | undefined): ClientDefaults | undefined {
  if (isCustomComponent(componentId)) return undefined;
  const entry = getComponent(componentId!);
  const o = entry?.oauth;
  if (!o || !entry.authTypes.includes("OA2_AUTHORIZATION_CODE")) return undefined;
  return {
    endpoints: {
      ...(o.authorizationUrl && { auth: o.authorizationUrl }),
      token: o.tokenUrl,
      ...(o.revocationUrl && { revocation: o.revocationUrl }),
      ...(o.userinfoUrl && { userinfo: o.userinfoUrl }),
    },
    scopes: [...o.defaultScopes],
    scopeSeparator: o.scopeSeparator,
    authParams: { ...o.authParams },
    tokenParams: { ...o.tokenParams },
    tokenEndpointAuthMethod: o.tokenEndpointAuthMethod,
    pkce: o.pkce,
  };
}
