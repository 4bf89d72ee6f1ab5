import type { ComponentEntryInput } from "../schema";

/*
 * Test-only: present in the catalogue only when NODE_ENV is `test` (Vitest), never in a
 * build. No real OAuth component's dry run can reach 127.0.0.1 (their URLs are https with
 * pinned host patterns), so this one takes its API from the connection's config, plain http
 * allowed, to let tests/oauth-dry-run.test.ts prove the dry run the OAuth callback runs with
 * a new token against a local API. Its endpoints are the auth client's (given by the test).
 * `test-session-api` does the same for a session-auth login (tests/session-auth.test.ts).
 */
export const testComponents: ComponentEntryInput[] = [
  {
    id: "test-oauth2-api",
    name: "Test OAuth2 API",
    category: "Generic",
    description: "Test-only: an OAuth2 API whose dry run comes from the connection's config.",
    docsUrl: "https://datatracker.ietf.org/doc/html/rfc6749",
    authTypes: ["OA2_AUTHORIZATION_CODE"],
    fields: [
      {
        name: "apiUrl",
        label: "API URL",
        required: true,
        pattern: "^https?://[^\\s/?#]+(?:/[^\\s?#]*[^\\s/?#])?$",
      },
    ],
    dryRun: { kind: "http", method: "GET", url: "{{apiUrl}}/me", accountId: ["account.team", "account.id"] },
    oauth: {
      authorizationUrl: "{{apiUrl}}/authorize",
      tokenUrl: "{{apiUrl}}/token",
      tokenEndpointAuthMethod: "client_secret_basic",
      pkce: true,
    },
  },
  {
    id: "test-session-api",
    name: "Test session API",
    category: "Generic",
    description: "Test-only: a session-auth API whose dry run comes from the connection's config.",
    docsUrl: "https://github.com/openintegrationhub/openintegrationhub/tree/master/services/secret-service",
    authTypes: ["SESSION_AUTH"],
    fields: [
      {
        name: "apiUrl",
        label: "API URL",
        required: true,
        pattern: "^https?://[^\\s/?#]+(?:/[^\\s?#]*[^\\s/?#])?$",
      },
    ],
    // The recipe is the test's auth client; the dry run proves the token the login gave.
    dryRun: { kind: "http", method: "GET", url: "{{apiUrl}}/me" },
  },
];
