import type { ComponentEntryInput } from "../schema";
import { SUBDOMAIN } from "./patterns";

export const supportComponents: ComponentEntryInput[] = [
  {
    id: "zendesk",
    name: "Zendesk",
    category: "Support",
    docsUrl: "https://developer.zendesk.com/api-reference/",
    authTypes: ["SIMPLE", "OA2_AUTHORIZATION_CODE"],
    fields: [
      {
        name: "subdomain",
        label: "Subdomain",
        required: true,
        placeholder: "your-company",
        pattern: SUBDOMAIN,
        help: "The your-company part of your-company.zendesk.com.",
      },
    ],
    baseUrl: "https://{{subdomain}}.zendesk.com/api/v2",
    // API-token auth: the username is the agent's email followed by "/token". Only the
    // token is secret, so the username stays readable.
    apply: {
      SIMPLE: { usernameLabel: "Email address + /token (agent@example.com/token)", passphraseLabel: "API token" },
    },
    dryRun: { kind: "http", method: "GET", url: "https://{{subdomain}}.zendesk.com/api/v2/users/me.json" },
    oauth: {
      authorizationUrl: "https://{{subdomain}}.zendesk.com/oauth/authorizations/new",
      tokenUrl: "https://{{subdomain}}.zendesk.com/oauth/tokens",
      // Zendesk revokes the token a request is made with: DELETE tokens/current.json as the bearer.
      revocationUrl: "https://{{subdomain}}.zendesk.com/api/v2/oauth/tokens/current.json",
      revocation: { style: "bearer", method: "DELETE", clientAuth: "none", tokens: "access" },
      defaultScopes: ["read"],
      tokenEndpointAuthMethod: "client_secret_post",
      // Zendesk adds PKCE to the authorization code grant (Ticketing, Help Center and Voice
      // APIs); confidential clients "can use PKCE and/or client secret", public ones must.
      pkce: true,
      oauthDocsUrl: "https://developer.zendesk.com/documentation/api-basics/authentication/oauth-pkce",
    },
  },
  {
    id: "intercom",
    name: "Intercom",
    category: "Support",
    docsUrl: "https://developers.intercom.com/docs",
    authTypes: ["OA2_AUTHORIZATION_CODE", "BEARER"],
    baseUrl: "https://api.intercom.io",
    apply: { BEARER: { label: "Access token" } },
    requestDefaults: { headers: { Accept: "application/json" } },
    dryRun: { kind: "http", method: "GET", url: "https://api.intercom.io/me" },
    oauth: {
      authorizationUrl: "https://app.intercom.com/oauth",
      tokenUrl: "https://api.intercom.io/auth/eagle/token",
      // Intercom apps set their permissions in the Developer Hub; the authorize URL takes only
      // client_id and state, the token request code, client_id and client_secret. No PKCE, no
      // refresh token, and no revocation endpoint in the docs read here.
      defaultScopes: [],
      tokenEndpointAuthMethod: "client_secret_post",
      pkce: false,
      oauthDocsUrl:
        "https://developers.intercom.com/docs/build-an-integration/learn-more/authentication/setting-up-oauth",
    },
  },
  {
    id: "freshdesk",
    name: "Freshdesk",
    category: "Support",
    docsUrl: "https://developers.freshdesk.com/api/",
    authTypes: ["SIMPLE"],
    fields: [
      {
        name: "subdomain",
        label: "Subdomain",
        required: true,
        placeholder: "your-company",
        pattern: SUBDOMAIN,
        help: "The your-company part of your-company.freshdesk.com.",
      },
    ],
    baseUrl: "https://{{subdomain}}.freshdesk.com/api/v2",
    // The API key is the Basic-auth username; the password is a literal X.
    apply: { SIMPLE: { usernameLabel: "API key", passphraseDefault: "X" } },
    secretFields: { SIMPLE: ["username"] },
    dryRun: { kind: "http", method: "GET", url: "https://{{subdomain}}.freshdesk.com/api/v2/agents/me" },
  },
  {
    id: "front",
    name: "Front",
    category: "Support",
    docsUrl: "https://dev.frontapp.com/reference/introduction",
    authTypes: ["BEARER"],
    baseUrl: "https://api2.frontapp.com",
    apply: { BEARER: { label: "API token" } },
    dryRun: { kind: "http", method: "GET", url: "https://api2.frontapp.com/me" },
  },
  {
    id: "help-scout",
    name: "Help Scout",
    category: "Support",
    docsUrl: "https://developer.helpscout.com/mailbox-api/",
    authTypes: ["OA2_AUTHORIZATION_CODE", "OA2_CLIENT_CREDENTIALS"],
    baseUrl: "https://api.helpscout.net/v2",
    // With client credentials the app acts as the user who created it.
    dryRun: { kind: "http", method: "GET", url: "https://api.helpscout.net/v2/users/me" },
    oauth: {
      authorizationUrl: "https://secure.helpscout.net/authentication/authorizeClientApplication",
      tokenUrl: "https://api.helpscout.net/v2/oauth2/token",
      userinfoUrl: "https://api.helpscout.net/v2/users/me",
      oauthDocsUrl: "https://developer.helpscout.com/mailbox-api/overview/authentication/",
      // The Mailbox API has no scopes: the authorizing user's permissions apply.
      defaultScopes: [],
      // The page accepts JSON, form or query parameters on its POSTs; the client credentials go
      // in the body (the token step's full parameter list was not in the parts read). No PKCE
      // and no revocation endpoint are documented.
      tokenEndpointAuthMethod: "client_secret_post",
      pkce: false,
    },
  },
];
