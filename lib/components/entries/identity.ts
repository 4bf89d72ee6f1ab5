import type { ComponentEntryInput } from "../schema";
import { HOSTNAME } from "./patterns";

export const identityComponents: ComponentEntryInput[] = [
  {
    id: "okta",
    name: "Okta",
    category: "Identity",
    docsUrl: "https://developer.okta.com/docs/api/",
    authTypes: ["API_KEY", "OA2_AUTHORIZATION_CODE"],
    fields: [
      {
        name: "oktaDomain",
        label: "Okta domain",
        required: true,
        placeholder: "your-org.okta.com",
        pattern: HOSTNAME,
        help: "Your org's Okta or custom domain, without https://.",
      },
    ],
    baseUrl: "https://{{oktaDomain}}/api/v1",
    // Okta API tokens use the SSWS scheme.
    apply: { API_KEY: { location: "header", headerName: "Authorization", prefix: "SSWS ", label: "API token" } },
    dryRun: { kind: "http", method: "GET", url: "https://{{oktaDomain}}/api/v1/users/me" },
    oauth: {
      authorizationUrl: "https://{{oktaDomain}}/oauth2/v1/authorize",
      tokenUrl: "https://{{oktaDomain}}/oauth2/v1/token",
      // RFC 7009; Okta requires the client's authentication method.
      revocationUrl: "https://{{oktaDomain}}/oauth2/v1/revoke",
      oauthDocsUrl: "https://developer.okta.com/docs/api/openapi/okta-oauth/oauth/orgas/revoke",
      userinfoUrl: "https://{{oktaDomain}}/oauth2/v1/userinfo",
      defaultScopes: ["openid", "profile", "email", "offline_access", "okta.users.read.self"],
      tokenEndpointAuthMethod: "client_secret_basic",
      pkce: true,
    },
  },
  {
    id: "auth0",
    name: "Auth0",
    category: "Identity",
    description: "Sign-in tokens, or Management API tokens through client credentials.",
    docsUrl: "https://auth0.com/docs/api/management/v2",
    authTypes: ["OA2_AUTHORIZATION_CODE", "OA2_CLIENT_CREDENTIALS"],
    fields: [
      {
        name: "domain",
        label: "Auth0 domain",
        required: true,
        placeholder: "your-tenant.us.auth0.com",
        pattern: HOSTNAME,
        help: "Your tenant or custom domain, without https://.",
      },
    ],
    baseUrl: "https://{{domain}}/api/v2",
    // No dry run: a sign-in token and a Management API token reach different APIs.
    oauth: {
      authorizationUrl: "https://{{domain}}/authorize",
      tokenUrl: "https://{{domain}}/oauth/token",
      // Revoke Refresh Token takes client_id, client_secret and token in the body (form or
      // JSON); token_type_hint is not among its documented parameters, so it is not sent.
      // The endpoint revokes refresh tokens; with none stored, the access token sent is refused.
      revocationUrl: "https://{{domain}}/oauth/revoke",
      revocation: { tokenTypeHint: false },
      userinfoUrl: "https://{{domain}}/userinfo",
      oauthDocsUrl: "https://auth0.com/docs/api/authentication",
      // offline_access is what yields a refresh token.
      defaultScopes: ["openid", "profile", "email", "offline_access"],
      // The Management API is the audience a client-credentials token is minted for.
      tokenParams: { audience: "https://{{domain}}/api/v2/" },
      // The Authentication API's examples put client_secret in the form body (Post); Basic is a
      // per-application setting in Auth0.
      tokenEndpointAuthMethod: "client_secret_post",
      // Auth0's own regular-web-app SDK (nextjs-auth0) sends a code_challenge next to the client
      // secret; the Authentication API docs describe PKCE for public clients only, so PKCE for
      // confidential clients rests on that SDK (not confirmed in the reference itself).
      pkce: true,
    },
  },
];
