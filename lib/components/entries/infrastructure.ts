import type { ComponentEntryInput } from "../schema";

/** Hosting, monitoring and product analytics. */
export const infrastructureComponents: ComponentEntryInput[] = [
  {
    id: "datadog",
    name: "Datadog",
    category: "Developer tools",
    docsUrl: "https://docs.datadoghq.com/api/latest/",
    authTypes: ["API_KEY", "HTTP_HEADERS"],
    fields: [
      {
        name: "site",
        label: "Datadog site",
        required: true,
        default: "datadoghq.com",
        choices: [
          { value: "datadoghq.com", label: "US1 (datadoghq.com)" },
          { value: "us3.datadoghq.com", label: "US3 (us3.datadoghq.com)" },
          { value: "us5.datadoghq.com", label: "US5 (us5.datadoghq.com)" },
          { value: "datadoghq.eu", label: "EU1 (datadoghq.eu)" },
          { value: "ap1.datadoghq.com", label: "AP1 (ap1.datadoghq.com)" },
          { value: "ddog-gov.com", label: "US1-FED (ddog-gov.com)" },
        ],
      },
    ],
    baseUrl: "https://api.{{site}}",
    apply: {
      API_KEY: { location: "header", headerName: "DD-API-KEY", label: "API key" },
      // Most read endpoints need the application key as well.
      HTTP_HEADERS: { headerNames: ["DD-API-KEY", "DD-APPLICATION-KEY"] },
    },
    dryRun: { kind: "http", method: "GET", url: "https://api.{{site}}/api/v1/validate" },
  },
  {
    id: "pagerduty",
    name: "PagerDuty",
    category: "Developer tools",
    docsUrl: "https://developer.pagerduty.com/api-reference/",
    authTypes: ["API_KEY", "OA2_AUTHORIZATION_CODE"],
    baseUrl: "https://api.pagerduty.com",
    apply: {
      API_KEY: { location: "header", headerName: "Authorization", prefix: "Token token=", label: "REST API key" },
    },
    requestDefaults: { headers: { Accept: "application/vnd.pagerduty+json;version=2" } },
    dryRun: { kind: "http", method: "GET", url: "https://api.pagerduty.com/abilities" },
    oauth: {
      authorizationUrl: "https://identity.pagerduty.com/oauth/authorize",
      tokenUrl: "https://identity.pagerduty.com/oauth/token",
      oauthDocsUrl: "https://developer.pagerduty.com/docs/oauth-functionality",
      // A scope must be requested, or the token carries only `openid`. Classic User OAuth apps
      // (the kind other accounts can use) take `read` or `write`; Scoped OAuth apps (private to
      // their own account) replace it with their space-separated registered scopes.
      defaultScopes: ["read"],
      // The token request is a form body with client_id and client_secret.
      tokenEndpointAuthMethod: "client_secret_post",
      // "Scoped OAuth apps must always use PKCE"; for Classic confidential clients it is
      // optional and recommended. No revocation endpoint is documented (tokens are revoked in
      // the App Registration UI).
      pkce: true,
    },
  },
  {
    id: "cloudflare",
    name: "Cloudflare",
    category: "Developer tools",
    docsUrl: "https://developers.cloudflare.com/api/",
    authTypes: ["BEARER"],
    baseUrl: "https://api.cloudflare.com/client/v4",
    apply: { BEARER: { label: "API token" } },
    dryRun: { kind: "http", method: "GET", url: "https://api.cloudflare.com/client/v4/user/tokens/verify" },
  },
  {
    id: "digitalocean",
    name: "DigitalOcean",
    category: "Developer tools",
    docsUrl: "https://docs.digitalocean.com/reference/api/",
    authTypes: ["BEARER", "OA2_AUTHORIZATION_CODE"],
    baseUrl: "https://api.digitalocean.com/v2",
    apply: { BEARER: { label: "Personal access token" } },
    dryRun: { kind: "http", method: "GET", url: "https://api.digitalocean.com/v2/account", accountId: "account.uuid" },
    oauth: {
      authorizationUrl: "https://cloud.digitalocean.com/v1/oauth/authorize",
      tokenUrl: "https://cloud.digitalocean.com/v1/oauth/token",
      // The endpoint is DigitalOcean's; how it takes the token was not readable in the stored
      // docs, so RFC 7009 is assumed and a refusal shows as a pending revocation.
      revocationUrl: "https://cloud.digitalocean.com/v1/oauth/revoke",
      oauthDocsUrl: "https://docs.digitalocean.com/reference/api/oauth",
      defaultScopes: ["read"],
      tokenEndpointAuthMethod: "client_secret_post",
      pkce: false,
    },
  },
  {
    id: "vercel",
    name: "Vercel",
    category: "Developer tools",
    docsUrl: "https://vercel.com/docs/rest-api",
    authTypes: ["BEARER"],
    baseUrl: "https://api.vercel.com",
    apply: { BEARER: { label: "Access token" } },
    dryRun: { kind: "http", method: "GET", url: "https://api.vercel.com/v2/user" },
  },
  {
    id: "netlify",
    name: "Netlify",
    category: "Developer tools",
    docsUrl: "https://docs.netlify.com/api/get-started/",
    authTypes: ["BEARER", "OA2_AUTHORIZATION_CODE"],
    baseUrl: "https://api.netlify.com/api/v1",
    apply: { BEARER: { label: "Personal access token" } },
    dryRun: { kind: "http", method: "GET", url: "https://api.netlify.com/api/v1/user" },
    oauth: {
      authorizationUrl: "https://app.netlify.com/authorize",
      tokenUrl: "https://api.netlify.com/oauth/token",
      // Netlify has no OAuth scopes.
      defaultScopes: [],
      // Netlify's own OAuth example (simple-oauth2, default header auth) sends Basic credentials.
      tokenEndpointAuthMethod: "client_secret_basic",
      pkce: false,
      oauthDocsUrl: "https://github.com/netlify-labs/oauth-example",
    },
  },
  {
    id: "segment",
    name: "Segment",
    category: "Analytics",
    description: "Segment Public API (workspace management).",
    docsUrl: "https://docs.segmentapis.com/",
    authTypes: ["BEARER"],
    fields: [
      {
        name: "apiHost",
        label: "Region",
        required: true,
        default: "api.segmentapis.com",
        choices: [
          { value: "api.segmentapis.com", label: "US (api.segmentapis.com)" },
          { value: "eu1.api.segmentapis.com", label: "EU (eu1.api.segmentapis.com)" },
        ],
      },
    ],
    baseUrl: "https://{{apiHost}}",
    apply: { BEARER: { label: "Public API token" } },
    // GET / returns the token's workspace.
    dryRun: { kind: "http", method: "GET", url: "https://{{apiHost}}/" },
  },
  {
    id: "mixpanel",
    name: "Mixpanel",
    category: "Analytics",
    docsUrl: "https://developer.mixpanel.com/reference/overview",
    authTypes: ["SIMPLE"],
    baseUrl: "https://mixpanel.com/api",
    // The service account username is its name (…mp-service-account); the secret is separate.
    apply: { SIMPLE: { usernameLabel: "Service account username", passphraseLabel: "Service account secret" } },
    dryRun: { kind: "http", method: "GET", url: "https://mixpanel.com/api/app/me" },
  },
  {
    id: "posthog",
    name: "PostHog",
    category: "Analytics",
    docsUrl: "https://posthog.com/docs/api",
    authTypes: ["BEARER"],
    fields: [
      {
        name: "host",
        label: "Cloud region",
        required: true,
        default: "us.posthog.com",
        choices: [
          { value: "us.posthog.com", label: "US Cloud (us.posthog.com)" },
          { value: "eu.posthog.com", label: "EU Cloud (eu.posthog.com)" },
        ],
      },
    ],
    baseUrl: "https://{{host}}",
    apply: { BEARER: { label: "Personal API key" } },
    dryRun: { kind: "http", method: "GET", url: "https://{{host}}/api/users/@me/" },
  },
];
