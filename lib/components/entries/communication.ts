import type { ComponentEntryInput } from "../schema";

export const communicationComponents: ComponentEntryInput[] = [
  {
    id: "slack",
    name: "Slack",
    category: "Communication",
    docsUrl: "https://api.slack.com/web",
    authTypes: ["OA2_AUTHORIZATION_CODE", "BEARER"],
    baseUrl: "https://slack.com/api",
    apply: { BEARER: { label: "Bot or user token (xoxb-…, xoxp-…)" } },
    // auth.test answers 200 with {"ok": false} for a bad token; only the status counts.
    // auth.test names the workspace and the user (or bot user) the token acts as.
    dryRun: { kind: "http", method: "POST", url: "https://slack.com/api/auth.test", accountId: ["team_id", "user_id"] },
    oauth: {
      authorizationUrl: "https://slack.com/oauth/v2/authorize",
      tokenUrl: "https://slack.com/api/oauth.v2.access",
      // auth.revoke revokes the access token it is called with (Authorization header) and
      // answers 200 {"ok": false} when it refuses.
      revocationUrl: "https://slack.com/api/auth.revoke",
      revocation: { style: "bearer", clientAuth: "none", tokens: "access", successField: "ok" },
      // Checked against Slack's docs: the revocation. The authorize/token URLs and scopes were
      // not re-checked in this pass.
      oauthDocsUrl: "https://api.slack.com/methods/auth.revoke",
      defaultScopes: ["channels:read", "chat:write"],
      scopeSeparator: ",",
      tokenEndpointAuthMethod: "client_secret_post",
      pkce: false,
    },
  },
  {
    id: "discord",
    name: "Discord",
    category: "Communication",
    docsUrl: "https://discord.com/developers/docs/reference",
    authTypes: ["OA2_AUTHORIZATION_CODE", "BEARER"],
    baseUrl: "https://discord.com/api/v10",
    apply: { BEARER: { prefix: "Bot ", label: "Bot token" } },
    dryRun: { kind: "http", method: "GET", url: "https://discord.com/api/v10/users/@me", accountId: "id" },
    oauth: {
      authorizationUrl: "https://discord.com/oauth2/authorize",
      tokenUrl: "https://discord.com/api/oauth2/token",
      revocationUrl: "https://discord.com/api/oauth2/token/revoke",
      defaultScopes: ["identify"],
      scopeSeparator: " ",
      // Discord's server metadata lists client_secret_basic and _post for the token and
      // revocation endpoints, and S256 PKCE.
      tokenEndpointAuthMethod: "client_secret_post",
      pkce: true,
      oauthDocsUrl: "https://discord.com/.well-known/oauth-authorization-server",
    },
  },
  {
    id: "zoom",
    name: "Zoom",
    category: "Communication",
    docsUrl: "https://developers.zoom.us/docs/api/",
    authTypes: ["OA2_AUTHORIZATION_CODE"],
    baseUrl: "https://api.zoom.us/v2",
    dryRun: { kind: "http", method: "GET", url: "https://api.zoom.us/v2/users/me", accountId: "id" },
    oauth: {
      authorizationUrl: "https://zoom.us/oauth/authorize",
      tokenUrl: "https://zoom.us/oauth/token",
      // Zoom revokes the access token (form `token=`) with Basic auth.
      revocationUrl: "https://zoom.us/oauth/revoke",
      revocation: { tokens: "access", tokenTypeHint: false },
      oauthDocsUrl: "https://developers.zoom.us/docs/rooms/oauth/",
      // Zoom apps declare their scopes in the Marketplace; none are requested here.
      defaultScopes: [],
      tokenEndpointAuthMethod: "client_secret_basic",
      pkce: true,
    },
  },
  {
    id: "twilio",
    name: "Twilio",
    category: "Communication",
    docsUrl: "https://www.twilio.com/docs/usage/api",
    authTypes: ["SIMPLE"],
    fields: [
      {
        name: "accountSid",
        label: "Account SID",
        required: true,
        placeholder: "AC…",
        pattern: "^AC[0-9a-fA-F]{32}$",
      },
    ],
    baseUrl: "https://api.twilio.com/2010-04-01/Accounts/{{accountSid}}",
    // A SID (AC…, SK…) is an identifier that Twilio prints in URLs and consoles; the
    // auth token or API key secret is the secret, so the username stays readable.
    apply: {
      SIMPLE: { usernameLabel: "Account SID or API key SID", passphraseLabel: "Auth token or API key secret" },
    },
    dryRun: { kind: "http", method: "GET", url: "https://api.twilio.com/2010-04-01/Accounts/{{accountSid}}.json" },
  },
  {
    id: "sendgrid",
    name: "SendGrid",
    category: "Communication",
    docsUrl: "https://www.twilio.com/docs/sendgrid/api-reference",
    authTypes: ["BEARER"],
    baseUrl: "https://api.sendgrid.com/v3",
    apply: { BEARER: { label: "API key (SG.…)" } },
    // Lists the key's own scopes, so it passes for every valid key.
    dryRun: { kind: "http", method: "GET", url: "https://api.sendgrid.com/v3/scopes" },
  },
  {
    id: "mailgun",
    name: "Mailgun",
    category: "Communication",
    docsUrl: "https://documentation.mailgun.com/docs/mailgun/api-reference/",
    authTypes: ["SIMPLE"],
    fields: [
      {
        name: "apiHost",
        label: "Region",
        required: true,
        default: "api.mailgun.net",
        choices: [
          { value: "api.mailgun.net", label: "US (api.mailgun.net)" },
          { value: "api.eu.mailgun.net", label: "EU (api.eu.mailgun.net)" },
        ],
      },
    ],
    baseUrl: "https://{{apiHost}}",
    apply: { SIMPLE: { usernameDefault: "api", passphraseLabel: "API key" } },
    dryRun: { kind: "http", method: "GET", url: "https://{{apiHost}}/v4/domains" },
  },
  {
    id: "postmark",
    name: "Postmark",
    category: "Communication",
    docsUrl: "https://postmarkapp.com/developer",
    authTypes: ["API_KEY"],
    baseUrl: "https://api.postmarkapp.com",
    apply: { API_KEY: { location: "header", headerName: "X-Postmark-Server-Token", label: "Server API token" } },
    requestDefaults: { headers: { Accept: "application/json" } },
    dryRun: { kind: "http", method: "GET", url: "https://api.postmarkapp.com/server" },
  },
];
