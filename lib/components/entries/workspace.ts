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
      // GET /me (accounts:read) names the connected account.
      userinfoUrl: "https://api.typeform.com/me",
      oauthDocsUrl: "https://www.typeform.com/developers/get-started/applications/",
      // Scope names from Typeform's scopes page; "offline" yields a refresh token, and
      // accounts:read is what GET /me (the dry run) needs. Space-separated (the page's example
      // joins them with "+", a form-encoded space).
      defaultScopes: ["accounts:read", "forms:read", "offline"],
      // Not confirmed: the token request's shape (post vs Basic) was not in the parts of the
      // page read here; left as it was. No PKCE and no revocation endpoint are documented.
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
    dryRun: { kind: "http", method: "GET", url: "https://api.calendly.com/users/me", accountId: "resource.uri" },
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
    dryRun: { kind: "http", method: "GET", url: "https://api.figma.com/v1/me", accountId: "id" },
    oauth: {
      authorizationUrl: "https://www.figma.com/oauth",
      tokenUrl: "https://api.figma.com/v1/oauth/token",
      // Figma refreshes on its own endpoint.
      refreshUrl: "https://api.figma.com/v1/oauth/refresh",
      // Not confirmed: the stored copy of Figma's authentication page describes OAuth apps and
      // scopes but not the endpoint details, so the endpoints, Basic auth, the scope separator
      // and PKCE are unchanged. Third-party clients disagree (Nango: these endpoints, Basic,
      // comma-separated scopes; Arctic: www.figma.com/api/oauth/token with the secret in the
      // body), which is why nothing was changed on their word.
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
      // No revocation on delete: Miro's changelog (2025-01-14) retired v1/oauth/revoke after
      // 2025-02-15 in favour of v2/oauth/revoke, which takes the access token and the client's
      // clientId/clientSecret in the body. Those camelCase credential names are not something
      // `revocation` can describe (it sends client_id/client_secret), and the v2 body format was
      // not in the pages read, so nothing is revoked rather than a call that cannot succeed.
      defaultScopes: ["boards:read"],
      // Miro's reference shows the token request's parameters as query parameters only because
      // of its API explorer, and says to send them in the request body ("fully compatible with
      // OAuth standards"): the form body with client_id and client_secret is what it asks for.
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
