import type { ComponentEntryInput } from "../schema";

export const accountingComponents: ComponentEntryInput[] = [
  {
    id: "quickbooks",
    name: "QuickBooks Online",
    category: "Accounting",
    docsUrl: "https://developer.intuit.com/app/developer/qbo/docs/develop",
    authTypes: ["OA2_AUTHORIZATION_CODE"],
    fields: [
      {
        name: "realmId",
        label: "Company ID (realm ID)",
        required: true,
        pattern: "^\\d+$",
        help: "Also sent as realmId to the OAuth callback.",
      },
      {
        name: "apiHost",
        label: "Environment",
        required: true,
        default: "quickbooks.api.intuit.com",
        choices: [
          { value: "quickbooks.api.intuit.com", label: "Production" },
          { value: "sandbox-quickbooks.api.intuit.com", label: "Sandbox" },
        ],
      },
    ],
    baseUrl: "https://{{apiHost}}/v3/company/{{realmId}}",
    requestDefaults: { headers: { Accept: "application/json" } },
    dryRun: {
      kind: "http",
      method: "GET",
      url: "https://{{apiHost}}/v3/company/{{realmId}}/companyinfo/{{realmId}}",
    },
    oauth: {
      authorizationUrl: "https://appcenter.intuit.com/connect/oauth2",
      tokenUrl: "https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer",
      // Intuit's revoke endpoint takes the token as JSON ({"token": …}) with Basic auth
      // (Intuit's own SDK, intuit/oauth-pythonclient AuthClient.revoke).
      revocationUrl: "https://developer.api.intuit.com/v2/oauth2/tokens/revoke",
      revocation: { style: "json", clientAuth: "basic", tokenTypeHint: false },
      // Checked: URLs, scope and Basic token auth; Intuit documents no PKCE.
      oauthDocsUrl:
        "https://developer.intuit.com/app/developer/qbo/docs/develop/authentication-and-authorization/oauth-2.0",
      defaultScopes: ["com.intuit.quickbooks.accounting"],
      tokenEndpointAuthMethod: "client_secret_basic",
      pkce: false,
    },
  },
  {
    id: "xero",
    name: "Xero",
    category: "Accounting",
    docsUrl: "https://developer.xero.com/documentation/",
    authTypes: ["OA2_AUTHORIZATION_CODE"],
    baseUrl: "https://api.xero.com/api.xro/2.0",
    // Lists the organisations (tenants) the token may access.
    dryRun: { kind: "http", method: "GET", url: "https://api.xero.com/connections" },
    oauth: {
      authorizationUrl: "https://login.xero.com/identity/connect/authorize",
      tokenUrl: "https://identity.xero.com/connect/token",
      // RFC 7009 with Basic auth, as at the token endpoint.
      revocationUrl: "https://identity.xero.com/connect/revocation",
      defaultScopes: ["openid", "profile", "email", "offline_access"],
      tokenEndpointAuthMethod: "client_secret_basic",
      // Not confirmed: Xero documents PKCE for its "Auth Code with PKCE" (secretless) apps only;
      // nothing read here says whether a web app with a client secret may (or may not) add a
      // code_challenge. It is sent, as before.
      pkce: true,
      oauthDocsUrl: "https://developer.xero.com/documentation/oauth2/auth-flow",
    },
  },
];
