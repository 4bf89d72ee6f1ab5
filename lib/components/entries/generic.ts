import type { ComponentEntryInput } from "../schema";
import { HTTPS_URL } from "./patterns";

/** Components that are not one provider: any HTTP API, any OAuth 2 server, databases. */
export const genericComponents: ComponentEntryInput[] = [
  {
    id: "http-api",
    name: "HTTP API",
    category: "Generic",
    description: "Any HTTP API that takes a static credential.",
    logo: "/logos/http.svg",
    docsUrl: "https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/Authentication",
    authTypes: ["NO_AUTH", "SIMPLE", "API_KEY", "BEARER", "HTTP_HEADERS"],
    fields: [
      {
        name: "baseUrl",
        label: "Base URL",
        required: true,
        placeholder: "https://api.example.com",
        // http is allowed for this one component (local and internal APIs); the
        // SSRF-safe client still decides which addresses may be reached.
        pattern: "^https?://[^\\s/?#]+(?:/[^\\s?#]*[^\\s/?#])?$",
        help: "Scheme, host and optional path prefix, without a trailing slash.",
      },
      {
        name: "testPath",
        label: "Test path",
        default: "/",
        pattern: "^/[^\\s#]*$",
        help: "Requested with GET to check the credential; any 200 answer passes.",
      },
    ],
    baseUrl: "{{baseUrl}}",
    dryRun: { kind: "http", method: "GET", url: "{{baseUrl}}{{testPath}}" },
  },
  {
    id: "custom-session",
    name: "Custom session auth",
    category: "Generic",
    description: "Any API that hands out a token from a login call, with a login recipe you define.",
    logo: "/logos/http.svg",
    // Open Integration Hub's secret service defines SESSION_AUTH auth clients as login recipes.
    docsUrl: "https://github.com/openintegrationhub/openintegrationhub/tree/master/services/secret-service",
    // The recipe is the tenant's auth client (Settings › Auth clients), so the entry has none.
    authTypes: ["SESSION_AUTH"],
  },
  {
    id: "custom-oauth2",
    name: "Custom OAuth2",
    category: "Generic",
    description: "Any OAuth 2.0 authorization server, with endpoints you supply.",
    logo: "/logos/oauth.svg",
    docsUrl: "https://datatracker.ietf.org/doc/html/rfc6749",
    authTypes: ["OA2_AUTHORIZATION_CODE", "OA2_CLIENT_CREDENTIALS"],
    fields: [
      {
        name: "authorizationUrl",
        label: "Authorization URL",
        placeholder: "https://auth.example.com/oauth/authorize",
        pattern: HTTPS_URL,
        help: "Needed for the authorization-code flow only.",
      },
      {
        name: "tokenUrl",
        label: "Token URL",
        required: true,
        placeholder: "https://auth.example.com/oauth/token",
        pattern: HTTPS_URL,
      },
      {
        name: "scopes",
        label: "Scopes",
        placeholder: "openid profile offline_access",
        pattern: "^\\S+(?: \\S+)*$",
        help: "Space-separated scopes to request.",
      },
    ],
    oauth: {
      authorizationUrl: "{{authorizationUrl}}",
      tokenUrl: "{{tokenUrl}}",
      defaultScopes: [],
      scopeSeparator: " ",
      tokenEndpointAuthMethod: "client_secret_basic",
      pkce: true,
    },
  },
  {
    id: "postgresql",
    name: "PostgreSQL",
    category: "Database",
    logo: "/logos/postgresql.svg",
    docsUrl: "https://www.postgresql.org/docs/current/libpq-connect.html",
    authTypes: ["POSTGRES"],
    dryRun: { kind: "native" },
  },
  {
    id: "mysql",
    name: "MySQL",
    category: "Database",
    logo: "/logos/mysql.svg",
    docsUrl: "https://dev.mysql.com/doc/refman/8.4/en/connecting.html",
    authTypes: ["MYSQL"],
    dryRun: { kind: "native" },
  },
  {
    // Not a provider: the tenant's own key, used through the signing routes (lib/signing).
    id: "jwt-signing-key",
    name: "JWT signing key",
    category: "Generic",
    description: "Your own key that signs and verifies JWTs (RS256 or HS256) and decrypts JWE, inside the vault.",
    logo: "/logos/key.svg",
    docsUrl: "https://datatracker.ietf.org/doc/html/rfc7519",
    authTypes: ["RS256", "HS256"],
  },
];
