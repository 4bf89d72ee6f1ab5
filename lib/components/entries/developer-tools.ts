import type { ComponentEntryInput, ComponentFieldInput } from "../schema";
import { HOSTNAME, SUBDOMAIN } from "./patterns";

const ATLASSIAN_SITE: ComponentFieldInput = {
  name: "subdomain",
  label: "Site",
  required: true,
  placeholder: "your-team",
  pattern: SUBDOMAIN,
  help: "The your-team part of your-team.atlassian.net.",
};

const ATLASSIAN_API_TOKEN = {
  usernameLabel: "Atlassian account email",
  passphraseLabel: "API token",
};

export const developerToolComponents: ComponentEntryInput[] = [
  {
    id: "github",
    name: "GitHub",
    category: "Developer tools",
    docsUrl: "https://docs.github.com/en/rest",
    authTypes: ["OA2_AUTHORIZATION_CODE", "BEARER"],
    baseUrl: "https://api.github.com",
    apply: { BEARER: { label: "Personal access token" } },
    requestDefaults: { headers: { Accept: "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28" } },
    // GitHub rejects requests without a User-Agent.
    dryRun: {
      kind: "http",
      method: "GET",
      url: "https://api.github.com/user",
      headers: { "User-Agent": "integration-center" },
      accountId: "id",
    },
    oauth: {
      authorizationUrl: "https://github.com/login/oauth/authorize",
      tokenUrl: "https://github.com/login/oauth/access_token",
      defaultScopes: ["read:user"],
      tokenEndpointAuthMethod: "client_secret_post",
      // GitHub accepts S256 PKCE since July 2025. Revocation (DELETE
      // /applications/{client_id}/token) carries the client id in the path and is not described.
      pkce: true,
      oauthDocsUrl: "https://github.blog/changelog/2025-07-14-pkce-support-for-oauth-and-github-app-authentication",
    },
  },
  {
    id: "gitlab",
    name: "GitLab",
    category: "Developer tools",
    docsUrl: "https://docs.gitlab.com/api/rest/",
    authTypes: ["OA2_AUTHORIZATION_CODE", "BEARER"],
    fields: [
      {
        name: "host",
        label: "GitLab host",
        required: true,
        default: "gitlab.com",
        pattern: HOSTNAME,
        help: "gitlab.com, or the host of your self-managed instance.",
      },
    ],
    baseUrl: "https://{{host}}/api/v4",
    apply: { BEARER: { label: "Personal access token" } },
    dryRun: { kind: "http", method: "GET", url: "https://{{host}}/api/v4/user" },
    oauth: {
      authorizationUrl: "https://{{host}}/oauth/authorize",
      tokenUrl: "https://{{host}}/oauth/token",
      // RFC 7009: client_id, client_secret and token in the body.
      revocationUrl: "https://{{host}}/oauth/revoke",
      oauthDocsUrl: "https://docs.gitlab.com/api/oauth2/",
      defaultScopes: ["read_user"],
      tokenEndpointAuthMethod: "client_secret_post",
      pkce: true,
    },
  },
  {
    id: "bitbucket",
    name: "Bitbucket",
    category: "Developer tools",
    docsUrl: "https://developer.atlassian.com/cloud/bitbucket/rest/",
    authTypes: ["OA2_AUTHORIZATION_CODE", "SIMPLE"],
    baseUrl: "https://api.bitbucket.org/2.0",
    apply: {
      SIMPLE: { usernameLabel: "Username or Atlassian account email", passphraseLabel: "App password or API token" },
    },
    dryRun: { kind: "http", method: "GET", url: "https://api.bitbucket.org/2.0/user", accountId: "uuid" },
    oauth: {
      authorizationUrl: "https://bitbucket.org/site/oauth2/authorize",
      tokenUrl: "https://bitbucket.org/site/oauth2/access_token",
      // Bitbucket grants the scopes set on the consumer; it documents no revocation endpoint.
      defaultScopes: ["account"],
      tokenEndpointAuthMethod: "client_secret_basic",
      pkce: false,
      oauthDocsUrl: "https://developer.atlassian.com/cloud/bitbucket/oauth-2",
    },
  },
  {
    id: "jira",
    name: "Jira",
    category: "Developer tools",
    description: "Jira Cloud with an API token. Use Atlassian Cloud for OAuth.",
    docsUrl: "https://developer.atlassian.com/cloud/jira/platform/rest/v3/",
    authTypes: ["SIMPLE"],
    fields: [ATLASSIAN_SITE],
    baseUrl: "https://{{subdomain}}.atlassian.net/rest/api/3",
    apply: { SIMPLE: ATLASSIAN_API_TOKEN },
    dryRun: { kind: "http", method: "GET", url: "https://{{subdomain}}.atlassian.net/rest/api/3/myself" },
  },
  {
    id: "confluence",
    name: "Confluence",
    category: "Productivity",
    description: "Confluence Cloud with an API token. Use Atlassian Cloud for OAuth.",
    docsUrl: "https://developer.atlassian.com/cloud/confluence/rest/v1/",
    authTypes: ["SIMPLE"],
    fields: [ATLASSIAN_SITE],
    baseUrl: "https://{{subdomain}}.atlassian.net/wiki/rest/api",
    apply: { SIMPLE: ATLASSIAN_API_TOKEN },
    dryRun: { kind: "http", method: "GET", url: "https://{{subdomain}}.atlassian.net/wiki/rest/api/user/current" },
  },
  {
    id: "atlassian",
    name: "Atlassian Cloud",
    category: "Developer tools",
    description: "Jira and Confluence Cloud through OAuth 2.0 (3LO).",
    docsUrl: "https://developer.atlassian.com/cloud/jira/platform/oauth-2-3lo-apps/",
    authTypes: ["OA2_AUTHORIZATION_CODE"],
    baseUrl: "https://api.atlassian.com",
    dryRun: { kind: "http", method: "GET", url: "https://api.atlassian.com/me", accountId: "account_id" },
    oauth: {
      authorizationUrl: "https://auth.atlassian.com/authorize",
      tokenUrl: "https://auth.atlassian.com/oauth/token",
      // The user identity API; it answers account_id (not sub/id).
      userinfoUrl: "https://api.atlassian.com/me",
      oauthDocsUrl: "https://developer.atlassian.com/cloud/jira/platform/oauth-2-3lo-apps/",
      // read:me for /me, offline_access for a (rotating) refresh token, classic Jira scopes.
      defaultScopes: ["read:me", "offline_access", "read:jira-user", "read:jira-work"],
      // audience=api.atlassian.com and prompt=consent, as on the documented authorization URL.
      authParams: { audience: "api.atlassian.com", prompt: "consent" },
      // client_id and client_secret go in the token request body. Atlassian's examples send it
      // as JSON; whether the form body sent here is accepted is not stated there (not
      // confirmed; Nango sends Atlassian a form body). PKCE is not documented for 3LO, and no
      // revocation endpoint is documented.
      tokenEndpointAuthMethod: "client_secret_post",
      pkce: false,
    },
  },
  {
    id: "linear",
    name: "Linear",
    category: "Developer tools",
    docsUrl: "https://linear.app/developers",
    authTypes: ["OA2_AUTHORIZATION_CODE", "API_KEY"],
    baseUrl: "https://api.linear.app",
    // Personal API keys go in Authorization without a "Bearer " prefix.
    apply: { API_KEY: { location: "header", headerName: "Authorization", label: "Personal API key" } },
    dryRun: {
      kind: "http",
      method: "POST",
      url: "https://api.linear.app/graphql",
      headers: { "Content-Type": "application/json" },
      body: '{"query":"{ viewer { id } }"}',
    },
    oauth: {
      authorizationUrl: "https://linear.app/oauth/authorize",
      tokenUrl: "https://api.linear.app/oauth/token",
      // Linear takes the token as `refresh_token=` or `access_token=`, authenticated by the token itself.
      revocationUrl: "https://api.linear.app/oauth/revoke",
      revocation: {
        tokenParam: { refresh: "refresh_token", access: "access_token" },
        tokenTypeHint: false,
        clientAuth: "none",
      },
      oauthDocsUrl: "https://linear.app/developers/oauth-2-0-authentication",
      defaultScopes: ["read"],
      scopeSeparator: ",",
      tokenEndpointAuthMethod: "client_secret_post",
      pkce: true,
    },
  },
  {
    id: "sentry",
    name: "Sentry",
    category: "Developer tools",
    docsUrl: "https://docs.sentry.io/api/",
    authTypes: ["BEARER"],
    fields: [
      {
        name: "host",
        label: "Sentry host",
        required: true,
        default: "sentry.io",
        pattern: HOSTNAME,
        help: "sentry.io, a region host such as de.sentry.io, or your self-hosted Sentry.",
      },
    ],
    baseUrl: "https://{{host}}/api/0",
    apply: { BEARER: { label: "Auth token" } },
    dryRun: { kind: "http", method: "GET", url: "https://{{host}}/api/0/organizations/" },
  },
  {
    id: "docker-hub",
    name: "Docker Hub",
    category: "Developer tools",
    description: "Docker Hub API tokens from a Docker ID and a password or personal access token.",
    docsUrl: "https://docs.docker.com/reference/api/hub/latest/",
    authTypes: ["SESSION_AUTH"],
    baseUrl: "https://hub.docker.com",
    // "Create access token" (https://docs.docker.com/reference/api/hub/latest/operations/AuthCreateAccessToken/):
    // POST /v2/auth/token with JSON {identifier, secret} answers {access_token}, a JWT for
    // `Authorization: Bearer`; "This expires in 10 minutes" (its AuthCreateTokenResponse schema).
    // With SSO enforced the secret must be a personal access token. The older
    // POST /v2/users/login is deprecated there.
    session: {
      fields: [
        { name: "username", label: "Docker ID" },
        { name: "secret", label: "Password or personal access token", secret: true },
      ],
      endpoints: {
        auth: {
          url: "https://hub.docker.com/v2/auth/token",
          method: "POST",
          authType: "BODY_AUTH",
          requestFields: { identifier: "{{fields.username}}", secret: "{{fields.secret}}" },
        },
      },
      tokenPath: "access_token",
      expiresIn: 600,
    },
  },
];
