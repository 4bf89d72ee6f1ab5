import type { ComponentEntryInput } from "../schema";

/** File storage. Google Drive and OneDrive live with their platforms. */
export const storageComponents: ComponentEntryInput[] = [
  {
    id: "dropbox",
    name: "Dropbox",
    category: "Storage",
    docsUrl: "https://www.dropbox.com/developers/documentation/http/documentation",
    authTypes: ["OA2_AUTHORIZATION_CODE"],
    baseUrl: "https://api.dropboxapi.com/2",
    // An RPC endpoint: POST without a body.
    dryRun: {
      kind: "http",
      method: "POST",
      url: "https://api.dropboxapi.com/2/users/get_current_account",
      accountId: "account_id",
    },
    oauth: {
      authorizationUrl: "https://www.dropbox.com/oauth2/authorize",
      tokenUrl: "https://api.dropboxapi.com/oauth2/token",
      defaultScopes: ["account_info.read", "files.metadata.read"],
      // Without it Dropbox issues short-lived tokens and no refresh token.
      authParams: { token_access_type: "offline" },
      tokenEndpointAuthMethod: "client_secret_post",
      pkce: true,
      // Dropbox's /2/auth/token/revoke revokes the access token it is called with.
      revocationUrl: "https://api.dropboxapi.com/2/auth/token/revoke",
      revocation: { style: "bearer", clientAuth: "none", tokens: "access" },
    },
  },
  {
    id: "box",
    name: "Box",
    category: "Storage",
    docsUrl: "https://developer.box.com/reference/",
    authTypes: ["OA2_AUTHORIZATION_CODE", "BEARER"],
    baseUrl: "https://api.box.com/2.0",
    apply: { BEARER: { label: "Developer token" } },
    dryRun: { kind: "http", method: "GET", url: "https://api.box.com/2.0/users/me", accountId: "id" },
    oauth: {
      authorizationUrl: "https://account.box.com/api/oauth2/authorize",
      tokenUrl: "https://api.box.com/oauth2/token",
      // Form body with client_id, client_secret and token.
      revocationUrl: "https://api.box.com/oauth2/revoke",
      oauthDocsUrl: "https://developer.box.com/guides/authentication/tokens/revoke/",
      // Box apps configure their scopes in the Developer Console.
      defaultScopes: [],
      tokenEndpointAuthMethod: "client_secret_post",
      pkce: false,
    },
  },
  {
    id: "backblaze-b2",
    name: "Backblaze B2",
    category: "Storage",
    description: "B2 Native API authorization tokens from an application key.",
    docsUrl: "https://www.backblaze.com/apidocs/b2-authorize-account",
    authTypes: ["SESSION_AUTH"],
    // b2_authorize_account (https://www.backblaze.com/apidocs/b2-authorize-account): GET with
    // HTTP Basic "applicationKeyId:applicationKey" answers `authorizationToken`, "valid for at
    // most 24 hours" (https://www.backblaze.com/b2/docs/b2_authorize_account.html), sent as the
    // Authorization header as it is, without a scheme. Only the token and its expiry are kept:
    // the account's apiUrl, also in that answer, is not stored.
    apply: { SESSION_AUTH: { prefix: "" } },
    session: {
      fields: [
        { name: "applicationKeyId", label: "Application key ID" },
        { name: "applicationKey", label: "Application key", secret: true },
      ],
      endpoints: {
        auth: {
          url: "https://api.backblazeb2.com/b2api/v3/b2_authorize_account",
          method: "GET",
          authType: "HEADER_AUTH",
          requestFields: { username: "{{fields.applicationKeyId}}", password: "{{fields.applicationKey}}" },
        },
      },
      tokenPath: "authorizationToken",
      expiresIn: 86_400,
    },
  },
];
