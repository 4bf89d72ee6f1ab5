import type { ComponentEntryInput } from "../schema";

/** Forms, scheduling, design and whiteboards. */
export const workspaceComponents: ComponentEntryInput[] = [
  {
    id: "typeform",
    name: "Typeform",
    category: "Productivity",
    docsUrl: "https://www.typeform.com/developers/",
    authTypes: ["OA2_AUTHORIZATION_CODE", "BEARER"],
    baseUrl: "https://api.typeform.com",
    apply: { BEARER: { label: "Personal access token" } },
    dryRun: { kind: "http", method: "GET", url: "https://api.typeform.com/me" },
    oauth: {
      authorizationUrl: "https://api.typeform.com/oauth/authorize",
      tokenUrl: "https://api.typeform.com/oauth/token",
      // Not re-checked against the provider's documentation in the catalogue pass of issue 9.
      // "offline" yields a refresh token.
      defaultScopes: ["accounts:read", "forms:read", "offline"],
      tokenEndpointAuthMethod: "client_secret_post",
      pkce: false,
    },
  },
  {
    id: "calendly",
    name: "Calendly",
    category: "Productivity",
    docsUrl: "https://developer.calendly.com/",
    authTypes: ["OA2_AUTHORIZATION_CODE", "BEARER"],
    baseUrl: "https://api.calendly.com",
    apply: { BEARER: { label: "Personal access token" } },
    dryRun: { kind: "http", method: "GET", url: "https://api.calendly.com/users/me" },
    oauth: {
      authorizationUrl: "https://auth.calendly.com/oauth/authorize",
      tokenUrl: "https://auth.calendly.com/oauth/token",
      // The revoke endpoint takes client_id, client_secret and token in the form body, while
      // the token endpoint wants Basic auth for web clients.
      revocationUrl: "https://auth.calendly.com/oauth/revoke",
      revocation: { clientAuth: "post", tokenTypeHint: false },
      defaultScopes: [],
      tokenEndpointAuthMethod: "client_secret_basic",
      pkce: false,
      oauthDocsUrl: "https://developer.calendly.com/api-docs/calendly-o-auth/o-auth/post-oauth-revoke",
    },
  },
  {
    id: "figma",
    name: "Figma",
    category: "Productivity",
    docsUrl: "https://developers.figma.com/docs/rest-api/",
    authTypes: ["OA2_AUTHORIZATION_CODE", "API_KEY"],
    baseUrl: "https://api.figma.com/v1",
    apply: { API_KEY: { location: "header", headerName: "X-Figma-Token", label: "Personal access token" } },
    dryRun: { kind: "http", method: "GET", url: "https://api.figma.com/v1/me" },
    oauth: {
      authorizationUrl: "https://www.figma.com/oauth",
      tokenUrl: "https://api.figma.com/v1/oauth/token",
      // Figma refreshes on its own endpoint.
      refreshUrl: "https://api.figma.com/v1/oauth/refresh",
      // Figma's authentication page was found but its endpoint details could not be read here: unchanged.
      oauthDocsUrl: "https://developers.figma.com/docs/rest-api/authentication",
      defaultScopes: ["current_user:read"],
      tokenEndpointAuthMethod: "client_secret_basic",
      pkce: false,
    },
  },
  {
    id: "miro",
    name: "Miro",
    category: "Productivity",
    docsUrl: "https://developers.miro.com/reference/api-reference",
    authTypes: ["OA2_AUTHORIZATION_CODE"],
    baseUrl: "https://api.miro.com/v2",
    // Describes the token itself (user, team, scopes).
    dryRun: { kind: "http", method: "GET", url: "https://api.miro.com/v1/oauth-token" },
    oauth: {
      authorizationUrl: "https://miro.com/oauth/authorize",
      tokenUrl: "https://api.miro.com/v1/oauth/token",
      // Revoking the access token revokes its refresh token too. How the endpoint takes the token
      // was not readable in the stored docs: RFC 7009 is assumed, so a refusal shows as pending.
      revocationUrl: "https://api.miro.com/v1/oauth/revoke",
      revocation: { tokens: "access" },
      defaultScopes: ["boards:read"],
      // Miro documents the token request's parameters as query parameters; a form body is unconfirmed.
      tokenEndpointAuthMethod: "client_secret_post",
      pkce: false,
      oauthDocsUrl: "https://developers.miro.com/docs/getting-started-with-oauth",
    },
  },
  {
    id: "smartsheet",
    name: "Smartsheet",
    category: "Productivity",
    docsUrl: "https://developers.smartsheet.com/",
    authTypes: ["BEARER"],
    baseUrl: "https://api.smartsheet.com/2.0",
    apply: { BEARER: { label: "API access token" } },
    dryRun: { kind: "http", method: "GET", url: "https://api.smartsheet.com/2.0/users/me" },
  },
  {
    id: "coda",
    name: "Coda",
    category: "Productivity",
    docsUrl: "https://coda.io/developers/apis/v1",
    authTypes: ["BEARER"],
    baseUrl: "https://coda.io/apis/v1",
    apply: { BEARER: { label: "API token" } },
    dryRun: { kind: "http", method: "GET", url: "https://coda.io/apis/v1/whoami" },
  },
];
