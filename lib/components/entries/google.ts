import type { ComponentEntryInput, OAuthConfigInput } from "../schema";

/** One Google OAuth client serves every Google API; the scopes differ per component. */
const GOOGLE_OAUTH = {
  authorizationUrl: "https://accounts.google.com/o/oauth2/v2/auth",
  tokenUrl: "https://oauth2.googleapis.com/token",
  // Google revokes a form `token=` (access or refresh) without client authentication.
  revocationUrl: "https://oauth2.googleapis.com/revoke",
  revocation: { clientAuth: "none", tokenTypeHint: false },
  oauthDocsUrl: "https://developers.google.com/identity/protocols/oauth2/web-server",
  userinfoUrl: "https://openidconnect.googleapis.com/v1/userinfo",
  scopeSeparator: " ",
  // Without offline access and a fresh consent Google issues no refresh token.
  authParams: { access_type: "offline", prompt: "consent" },
  tokenEndpointAuthMethod: "client_secret_post",
  pkce: true,
} satisfies Omit<OAuthConfigInput, "defaultScopes">;

/** openid + email let the flow resolve the account through the userinfo endpoint. */
const IDENTITY_SCOPES = ["openid", "email"];

export const googleComponents: ComponentEntryInput[] = [
  {
    id: "google-drive",
    name: "Google Drive",
    category: "Storage",
    docsUrl: "https://developers.google.com/workspace/drive/api/reference/rest/v3",
    authTypes: ["OA2_AUTHORIZATION_CODE"],
    baseUrl: "https://www.googleapis.com/drive/v3",
    dryRun: { kind: "http", method: "GET", url: "https://www.googleapis.com/drive/v3/about?fields=user" },
    oauth: { ...GOOGLE_OAUTH, defaultScopes: [...IDENTITY_SCOPES, "https://www.googleapis.com/auth/drive.file"] },
  },
  {
    id: "google-sheets",
    name: "Google Sheets",
    category: "Productivity",
    docsUrl: "https://developers.google.com/workspace/sheets/api/reference/rest",
    authTypes: ["OA2_AUTHORIZATION_CODE"],
    baseUrl: "https://sheets.googleapis.com/v4",
    // The Sheets API has no "who am I"; the OpenID userinfo endpoint proves the token.
    dryRun: { kind: "http", method: "GET", url: "https://openidconnect.googleapis.com/v1/userinfo" },
    oauth: { ...GOOGLE_OAUTH, defaultScopes: [...IDENTITY_SCOPES, "https://www.googleapis.com/auth/spreadsheets"] },
  },
  {
    id: "gmail",
    name: "Gmail",
    category: "Communication",
    docsUrl: "https://developers.google.com/workspace/gmail/api/reference/rest",
    authTypes: ["OA2_AUTHORIZATION_CODE"],
    baseUrl: "https://gmail.googleapis.com/gmail/v1",
    dryRun: { kind: "http", method: "GET", url: "https://gmail.googleapis.com/gmail/v1/users/me/profile" },
    oauth: { ...GOOGLE_OAUTH, defaultScopes: [...IDENTITY_SCOPES, "https://www.googleapis.com/auth/gmail.readonly"] },
  },
  {
    id: "google-calendar",
    name: "Google Calendar",
    category: "Productivity",
    docsUrl: "https://developers.google.com/workspace/calendar/api/v3/reference",
    authTypes: ["OA2_AUTHORIZATION_CODE"],
    baseUrl: "https://www.googleapis.com/calendar/v3",
    dryRun: {
      kind: "http",
      method: "GET",
      url: "https://www.googleapis.com/calendar/v3/users/me/calendarList?maxResults=1",
    },
    oauth: {
      ...GOOGLE_OAUTH,
      defaultScopes: [...IDENTITY_SCOPES, "https://www.googleapis.com/auth/calendar.readonly"],
    },
  },
];
