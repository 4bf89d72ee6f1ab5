import type { ComponentEntryInput } from "../schema";

/** Docs, databases and project management. */
export const productivityComponents: ComponentEntryInput[] = [
  {
    id: "notion",
    name: "Notion",
    category: "Productivity",
    docsUrl: "https://developers.notion.com/reference/intro",
    authTypes: ["OA2_AUTHORIZATION_CODE", "BEARER"],
    baseUrl: "https://api.notion.com/v1",
    apply: { BEARER: { label: "Internal integration secret" } },
    requestDefaults: { headers: { "Notion-Version": "2022-06-28" } },
    // The token's bot user: one per authorised workspace connection.
    dryRun: { kind: "http", method: "GET", url: "https://api.notion.com/v1/users/me", accountId: "id" },
    oauth: {
      authorizationUrl: "https://api.notion.com/v1/oauth/authorize",
      tokenUrl: "https://api.notion.com/v1/oauth/token",
      // Notion has no scopes; access is chosen page by page in its consent screen.
      defaultScopes: [],
      authParams: { owner: "user" },
      tokenEndpointAuthMethod: "client_secret_basic",
      pkce: false,
      // Notion's API reference: POST /v1/oauth/revoke, JSON {token} with Basic auth, for the access token.
      revocationUrl: "https://api.notion.com/v1/oauth/revoke",
      revocation: { style: "json", clientAuth: "basic", tokens: "access", tokenTypeHint: false },
    },
  },
  {
    id: "airtable",
    name: "Airtable",
    category: "Productivity",
    docsUrl: "https://airtable.com/developers/web/api/introduction",
    authTypes: ["OA2_AUTHORIZATION_CODE", "BEARER"],
    baseUrl: "https://api.airtable.com/v0",
    apply: { BEARER: { label: "Personal access token" } },
    dryRun: { kind: "http", method: "GET", url: "https://api.airtable.com/v0/meta/whoami" },
    oauth: {
      authorizationUrl: "https://airtable.com/oauth2/v1/authorize",
      tokenUrl: "https://airtable.com/oauth2/v1/token",
      // whoami answers {id, email?, scopes?}: the connected user.
      userinfoUrl: "https://api.airtable.com/v0/meta/whoami",
      oauthDocsUrl: "https://airtable.com/developers/web/api/oauth-reference",
      // Space-delimited; at least one scope must be requested.
      defaultScopes: ["user.email:read", "data.records:read", "schema.bases:read"],
      // "Authorization is required if your integration has a client secret" (Basic), with the
      // rest in a form body (Airtable's own oauth-example).
      tokenEndpointAuthMethod: "client_secret_basic",
      // Airtable requires PKCE (S256) on every authorization request. No revocation endpoint
      // is documented.
      pkce: true,
    },
  },
  {
    id: "asana",
    name: "Asana",
    category: "Productivity",
    docsUrl: "https://developers.asana.com/docs",
    authTypes: ["OA2_AUTHORIZATION_CODE", "BEARER"],
    baseUrl: "https://app.asana.com/api/1.0",
    apply: { BEARER: { label: "Personal access token" } },
    dryRun: { kind: "http", method: "GET", url: "https://app.asana.com/api/1.0/users/me", accountId: "data.gid" },
    oauth: {
      authorizationUrl: "https://app.asana.com/-/oauth_authorize",
      tokenUrl: "https://app.asana.com/-/oauth_token",
      // Form body with client_id, client_secret and token.
      revocationUrl: "https://app.asana.com/-/oauth_revoke",
      oauthDocsUrl: "https://developers.asana.com/docs/oauth",
      defaultScopes: ["default"],
      tokenEndpointAuthMethod: "client_secret_post",
      pkce: true,
    },
  },
  {
    id: "trello",
    name: "Trello",
    category: "Productivity",
    docsUrl: "https://developer.atlassian.com/cloud/trello/rest/",
    authTypes: ["API_KEY"],
    fields: [
      {
        name: "apiKey",
        label: "API key",
        required: true,
        pattern: "^[0-9a-fA-F]{32}$",
        help: "The Power-Up API key. It identifies the app; the token below is the secret.",
      },
    ],
    baseUrl: "https://api.trello.com/1",
    // Trello wants both the app key and the user token as query parameters.
    apply: { API_KEY: { location: "query", queryName: "token", label: "Token" } },
    requestDefaults: { query: { key: "{{apiKey}}" } },
    dryRun: { kind: "http", method: "GET", url: "https://api.trello.com/1/members/me" },
  },
  {
    id: "clickup",
    name: "ClickUp",
    category: "Productivity",
    docsUrl: "https://developer.clickup.com/",
    authTypes: ["OA2_AUTHORIZATION_CODE", "API_KEY"],
    baseUrl: "https://api.clickup.com/api/v2",
    // Personal tokens (pk_…) go in Authorization without a prefix.
    apply: { API_KEY: { location: "header", headerName: "Authorization", label: "Personal API token" } },
    dryRun: { kind: "http", method: "GET", url: "https://api.clickup.com/api/v2/user", accountId: "user.id" },
    oauth: {
      authorizationUrl: "https://app.clickup.com/api",
      tokenUrl: "https://api.clickup.com/api/v2/oauth/token",
      // ClickUp has no scopes, no refresh tokens and documents no PKCE. Its reference lists
      // client_id, client_secret and code as query parameters of the POST; it never says
      // whether a form body is accepted (not confirmed). The form body sent here is what Nango
      // sends ClickUp in production (its catalogue marks no other body format), so no body-shape
      // option was added; a client secret never goes into a URL.
      defaultScopes: [],
      tokenEndpointAuthMethod: "client_secret_post",
      pkce: false,
      oauthDocsUrl: "https://developer.clickup.com/docs/authentication",
    },
  },
  {
    id: "monday",
    name: "monday.com",
    category: "Productivity",
    docsUrl: "https://developer.monday.com/api-reference/",
    authTypes: ["OA2_AUTHORIZATION_CODE", "API_KEY"],
    baseUrl: "https://api.monday.com/v2",
    // monday.com takes tokens in Authorization without a prefix, OAuth ones included.
    apply: {
      API_KEY: { location: "header", headerName: "Authorization", label: "API token" },
      OA2_AUTHORIZATION_CODE: { prefix: "" },
    },
    dryRun: {
      kind: "http",
      method: "POST",
      url: "https://api.monday.com/v2",
      headers: { "Content-Type": "application/json" },
      body: '{"query":"{ me { id } }"}',
    },
    oauth: {
      authorizationUrl: "https://auth.monday.com/oauth2/authorize",
      // OAuth 2.1, which every app created since it became the default uses (it cannot be
      // turned off for them): PKCE, expiring access tokens and refresh tokens, at a token URL of
      // its own. Apps still on the legacy flow (non-expiring tokens, no PKCE) use
      // https://auth.monday.com/oauth2/token instead and set it on their auth client; legacy
      // tokens stop working from API version 2027-04.
      tokenUrl: "https://auth.monday.com/oauth_ms/oauth/token",
      oauthDocsUrl: "https://developer.monday.com/apps/docs/oauth-2-1",
      // Real monday scope names (OAuth and Permissions page).
      defaultScopes: ["me:read", "boards:read"],
      // client_id and client_secret in the body. Not confirmed: the 2.1 page read here does not
      // show the request's content type (code seen elsewhere sends JSON). A revocation endpoint
      // exists in the 2.1 flow but its URL and shape were not in the pages read, so none is set.
      tokenEndpointAuthMethod: "client_secret_post",
      pkce: true,
    },
  },
  {
    id: "personio",
    name: "Personio",
    category: "Productivity",
    description: "Personio API v1 tokens from API credentials (client ID and secret).",
    docsUrl: "https://developer.personio.de/reference/auth",
    authTypes: ["SESSION_AUTH"],
    baseUrl: "https://api.personio.de/v1",
    // Authentication (https://developer.personio.de/reference/auth): POST /v1/auth with
    // client_id and client_secret as query parameters (its OpenAPI file,
    // personio/api-docs personio-auth-api.yaml) answers {"success": true, "data": {"token"}};
    // the bearer token "remains the same … for a period of 24 hours". Not the v2 API, whose
    // client-credentials token endpoint was not checked here.
    session: {
      fields: [
        { name: "clientId", label: "Client ID" },
        { name: "clientSecret", label: "Client secret", secret: true },
      ],
      endpoints: {
        auth: {
          url: "https://api.personio.de/v1/auth",
          method: "POST",
          authType: "PARAMS_AUTH",
          requestFields: { client_id: "{{fields.clientId}}", client_secret: "{{fields.clientSecret}}" },
        },
      },
      tokenPath: "data.token",
      expiresIn: 86_400,
    },
  },
];
