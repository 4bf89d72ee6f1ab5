import type { ComponentEntryInput } from "../schema";

export const crmComponents: ComponentEntryInput[] = [
  {
    id: "salesforce",
    name: "Salesforce",
    category: "CRM",
    docsUrl: "https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/",
    authTypes: ["OA2_AUTHORIZATION_CODE"],
    fields: [
      {
        name: "loginHost",
        label: "Login host",
        required: true,
        default: "login.salesforce.com",
        pattern: "^(?:login|test|[A-Za-z0-9-]+\\.my)\\.salesforce\\.com$",
        help: "login.salesforce.com, test.salesforce.com for sandboxes, or your My Domain.",
      },
      {
        name: "instanceUrl",
        label: "Instance URL",
        pattern: "^https://[A-Za-z0-9.-]+\\.(?:salesforce|force)\\.com$",
        help: "Returned as instance_url by the token response; API calls go there.",
      },
    ],
    baseUrl: "{{instanceUrl}}/services/data",
    dryRun: { kind: "http", method: "GET", url: "https://{{loginHost}}/services/oauth2/userinfo" },
    oauth: {
      authorizationUrl: "https://{{loginHost}}/services/oauth2/authorize",
      tokenUrl: "https://{{loginHost}}/services/oauth2/token",
      // Salesforce's revoke takes `token=` alone (a refresh token takes its access tokens with it).
      revocationUrl: "https://{{loginHost}}/services/oauth2/revoke",
      revocation: { clientAuth: "none", tokenTypeHint: false },
      oauthDocsUrl: "https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_oauth_endpoints.htm&type=5",
      userinfoUrl: "https://{{loginHost}}/services/oauth2/userinfo",
      defaultScopes: ["api", "refresh_token"],
      tokenEndpointAuthMethod: "client_secret_post",
      pkce: true,
    },
  },
  {
    id: "hubspot",
    name: "HubSpot",
    category: "CRM",
    docsUrl: "https://developers.hubspot.com/docs/api/overview",
    authTypes: ["OA2_AUTHORIZATION_CODE", "BEARER"],
    baseUrl: "https://api.hubapi.com",
    apply: { BEARER: { label: "Private app access token" } },
    dryRun: {
      kind: "http",
      method: "GET",
      url: "https://api.hubapi.com/account-info/v3/details",
      accountId: "portalId",
    },
    oauth: {
      authorizationUrl: "https://app.hubspot.com/oauth/authorize",
      tokenUrl: "https://api.hubapi.com/oauth/v1/token",
      defaultScopes: ["oauth", "crm.objects.contacts.read"],
      tokenEndpointAuthMethod: "client_secret_post",
      pkce: false,
      // HubSpot revokes with DELETE /oauth/v1/refresh-tokens/{token}: the token in the path is
      // not described here, so HubSpot tokens are not revoked on delete.
      oauthDocsUrl: "https://developers.hubspot.com/docs/api/working-with-oauth",
    },
  },
  {
    id: "zoho-crm",
    name: "Zoho CRM",
    category: "CRM",
    docsUrl: "https://www.zoho.com/crm/developer/docs/api/",
    authTypes: ["OA2_AUTHORIZATION_CODE"],
    fields: [
      {
        name: "dataCenter",
        label: "Data center",
        required: true,
        help: "The domain you sign in to Zoho on.",
        default: "com",
        choices: [
          { value: "com", label: "United States (zoho.com)" },
          { value: "eu", label: "Europe (zoho.eu)" },
          { value: "in", label: "India (zoho.in)" },
          { value: "com.au", label: "Australia (zoho.com.au)" },
          { value: "jp", label: "Japan (zoho.jp)" },
        ],
      },
    ],
    baseUrl: "https://www.zohoapis.{{dataCenter}}/crm",
    // Zoho expects its own scheme name instead of "Bearer".
    apply: { OA2_AUTHORIZATION_CODE: { prefix: "Zoho-oauthtoken " } },
    dryRun: {
      kind: "http",
      method: "GET",
      url: "https://www.zohoapis.{{dataCenter}}/crm/v2/users?type=CurrentUser",
    },
    oauth: {
      authorizationUrl: "https://accounts.zoho.{{dataCenter}}/oauth/v2/auth",
      tokenUrl: "https://accounts.zoho.{{dataCenter}}/oauth/v2/token",
      // Zoho takes the refresh token in the query string, without client authentication.
      revocationUrl: "https://accounts.zoho.{{dataCenter}}/oauth/v2/token/revoke",
      revocation: { style: "query", clientAuth: "none", tokenTypeHint: false },
      oauthDocsUrl: "https://www.zoho.com/crm/developer/docs/api/v8/revoke-tokens.html",
      defaultScopes: ["ZohoCRM.users.READ", "ZohoCRM.modules.ALL"],
      scopeSeparator: ",",
      authParams: { access_type: "offline", prompt: "consent" },
      tokenEndpointAuthMethod: "client_secret_post",
      pkce: false,
    },
  },
  {
    id: "pipedrive",
    name: "Pipedrive",
    category: "CRM",
    docsUrl: "https://developers.pipedrive.com/docs/api/v1",
    authTypes: ["OA2_AUTHORIZATION_CODE", "API_KEY"],
    baseUrl: "https://api.pipedrive.com/v1",
    apply: { API_KEY: { location: "query", queryName: "api_token", label: "API token" } },
    // Pipedrive's own advice: user ids are unique only together with the company id.
    dryRun: {
      kind: "http",
      method: "GET",
      url: "https://api.pipedrive.com/v1/users/me",
      accountId: ["data.company_id", "data.id"],
    },
    oauth: {
      authorizationUrl: "https://oauth.pipedrive.com/oauth/authorize",
      tokenUrl: "https://oauth.pipedrive.com/oauth/token",
      // RFC 7009 with Basic auth (Pipedrive's uninstall guide).
      revocationUrl: "https://oauth.pipedrive.com/oauth/revoke",
      oauthDocsUrl: "https://pipedrive.readme.io/docs/app-uninstallation",
      // Pipedrive apps declare their scopes at registration.
      defaultScopes: [],
      tokenEndpointAuthMethod: "client_secret_basic",
      pkce: false,
    },
  },
  {
    id: "close",
    name: "Close",
    category: "CRM",
    docsUrl: "https://developer.close.com/",
    authTypes: ["SIMPLE"],
    baseUrl: "https://api.close.com/api/v1",
    // The API key is the Basic-auth username; the password stays empty.
    apply: { SIMPLE: { usernameLabel: "API key", passphraseDefault: "" } },
    secretFields: { SIMPLE: ["username"] },
    dryRun: { kind: "http", method: "GET", url: "https://api.close.com/api/v1/me/" },
  },
  {
    id: "attio",
    name: "Attio",
    category: "CRM",
    docsUrl: "https://docs.attio.com/",
    authTypes: ["OA2_AUTHORIZATION_CODE", "BEARER"],
    baseUrl: "https://api.attio.com/v2",
    apply: { BEARER: { label: "Access token" } },
    dryRun: { kind: "http", method: "GET", url: "https://api.attio.com/v2/self" },
    oauth: {
      authorizationUrl: "https://app.attio.com/authorize",
      tokenUrl: "https://app.attio.com/oauth/token",
      // Attio takes no scope parameter (scopes are set on the app) and documents no PKCE; the
      // token request carries client_id and client_secret.
      defaultScopes: [],
      tokenEndpointAuthMethod: "client_secret_post",
      pkce: false,
      oauthDocsUrl: "https://docs.attio.com/docs/oauth/token",
    },
  },
];
