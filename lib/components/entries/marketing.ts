import type { ComponentEntryInput } from "../schema";
import { HOSTNAME } from "./patterns";

export const marketingComponents: ComponentEntryInput[] = [
  {
    id: "mailchimp",
    name: "Mailchimp",
    category: "Marketing",
    docsUrl: "https://mailchimp.com/developer/marketing/api/",
    authTypes: ["OA2_AUTHORIZATION_CODE", "SIMPLE"],
    fields: [
      {
        name: "dc",
        label: "Data center",
        required: true,
        placeholder: "us21",
        pattern: "^[a-z]+\\d+$",
        help: "The suffix of your API key after the dash, or the dc of the OAuth metadata.",
      },
    ],
    baseUrl: "https://{{dc}}.api.mailchimp.com/3.0",
    // Basic auth with any username and the API key as password.
    apply: { SIMPLE: { usernameDefault: "anystring", passphraseLabel: "API key" } },
    dryRun: { kind: "http", method: "GET", url: "https://{{dc}}.api.mailchimp.com/3.0/ping" },
    oauth: {
      authorizationUrl: "https://login.mailchimp.com/oauth2/authorize",
      tokenUrl: "https://login.mailchimp.com/oauth2/token",
      // Returns the account's data center (dc) and login. It is called with a Bearer token
      // (not confirmed: the header scheme was not in the parts of the docs read); a refusal only
      // leaves the account unresolved.
      userinfoUrl: "https://login.mailchimp.com/oauth2/metadata",
      oauthDocsUrl: "https://mailchimp.com/developer/marketing/guides/access-user-data-oauth-2/",
      // Mailchimp has no OAuth scopes, and its tokens do not expire (no refresh token).
      defaultScopes: [],
      // Not confirmed: the token request's client authentication was not in the parts of the
      // guide read here; left as it was. No PKCE and no revocation endpoint are documented.
      tokenEndpointAuthMethod: "client_secret_post",
      pkce: false,
    },
  },
  {
    id: "klaviyo",
    name: "Klaviyo",
    category: "Marketing",
    docsUrl: "https://developers.klaviyo.com/en/reference/api_overview",
    authTypes: ["API_KEY", "OA2_AUTHORIZATION_CODE"],
    fields: [
      {
        name: "revision",
        label: "API revision",
        required: true,
        default: "2024-10-15",
        pattern: "^\\d{4}-\\d{2}-\\d{2}(?:\\.pre)?$",
        help: "Sent as the revision header on every request.",
      },
    ],
    baseUrl: "https://a.klaviyo.com/api",
    apply: {
      API_KEY: {
        location: "header",
        headerName: "Authorization",
        prefix: "Klaviyo-API-Key ",
        label: "Private API key",
      },
    },
    requestDefaults: { headers: { revision: "{{revision}}", Accept: "application/vnd.api+json" } },
    dryRun: { kind: "http", method: "GET", url: "https://a.klaviyo.com/api/accounts/" },
    oauth: {
      authorizationUrl: "https://www.klaviyo.com/oauth/authorize",
      tokenUrl: "https://a.klaviyo.com/oauth/token",
      // Klaviyo serves token and revoke traffic on a.klaviyo.com only (since 31 March 2025).
      revocationUrl: "https://a.klaviyo.com/oauth/revoke",
      defaultScopes: ["accounts:read"],
      tokenEndpointAuthMethod: "client_secret_basic",
      // Klaviyo requires PKCE.
      pkce: true,
      oauthDocsUrl: "https://developers.klaviyo.com/en/docs/set_up_oauth",
    },
  },
  {
    id: "activecampaign",
    name: "ActiveCampaign",
    category: "Marketing",
    docsUrl: "https://developers.activecampaign.com/reference/overview",
    authTypes: ["API_KEY"],
    fields: [
      {
        name: "accountHost",
        label: "API URL host",
        required: true,
        placeholder: "your-account.api-us1.com",
        pattern: HOSTNAME,
        help: "From Settings → Developer → API Access, without https://.",
      },
    ],
    baseUrl: "https://{{accountHost}}/api/3",
    apply: { API_KEY: { location: "header", headerName: "Api-Token", label: "API key" } },
    dryRun: { kind: "http", method: "GET", url: "https://{{accountHost}}/api/3/users/me" },
  },
  {
    id: "brevo",
    name: "Brevo",
    category: "Marketing",
    docsUrl: "https://developers.brevo.com/",
    authTypes: ["API_KEY"],
    baseUrl: "https://api.brevo.com/v3",
    apply: { API_KEY: { location: "header", headerName: "api-key", label: "API key" } },
    dryRun: { kind: "http", method: "GET", url: "https://api.brevo.com/v3/account" },
  },
  {
    id: "webflow",
    name: "Webflow",
    category: "Marketing",
    docsUrl: "https://developers.webflow.com/data/reference/rest-introduction",
    authTypes: ["OA2_AUTHORIZATION_CODE", "BEARER"],
    baseUrl: "https://api.webflow.com/v2",
    apply: { BEARER: { label: "Site API token" } },
    dryRun: { kind: "http", method: "GET", url: "https://api.webflow.com/v2/token/introspect" },
    oauth: {
      authorizationUrl: "https://webflow.com/oauth/authorize",
      tokenUrl: "https://api.webflow.com/oauth/access_token",
      defaultScopes: ["sites:read"],
      // Webflow documents the authorization-code grant without PKCE and issues no refresh token.
      tokenEndpointAuthMethod: "client_secret_post",
      pkce: false,
      oauthDocsUrl: "https://developers.webflow.com/data/reference/oauth-app",
    },
  },
];
