import type { ComponentEntryInput, ComponentFieldInput, OAuthConfigInput } from "../schema";

/** Microsoft identity platform v2.0; `tenant` selects the directory. */
const TENANT_FIELD: ComponentFieldInput = {
  name: "tenant",
  label: "Directory (tenant)",
  default: "common",
  pattern:
    "^(?:common|organizations|consumers|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|(?:[A-Za-z0-9-]+\\.)+[A-Za-z]{2,63})$",
  help: "common, organizations, consumers, a tenant ID or a verified domain.",
};

// Checked against the identity platform's auth code flow reference: per-tenant v2.0 endpoints,
// space-separated scopes, client_secret in the form body (Basic is also accepted), and PKCE
// "recommended for all application types, both public and confidential clients". UserInfo is
// hosted by Graph (learn.microsoft.com/entra/identity-platform/userinfo). The identity
// platform has no RFC 7009 revocation endpoint, so nothing is revoked on delete.
const MICROSOFT_OAUTH = {
  authorizationUrl: "https://login.microsoftonline.com/{{tenant}}/oauth2/v2.0/authorize",
  tokenUrl: "https://login.microsoftonline.com/{{tenant}}/oauth2/v2.0/token",
  userinfoUrl: "https://graph.microsoft.com/oidc/userinfo",
  oauthDocsUrl: "https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow",
  scopeSeparator: " ",
  tokenEndpointAuthMethod: "client_secret_post",
  pkce: true,
} satisfies Omit<OAuthConfigInput, "defaultScopes">;

/**
 * offline_access yields a refresh token; openid + email feed the userinfo endpoint. Each
 * entry adds the least-privileged Graph permission its dry run needs, as listed on the Graph
 * reference page of that call (Mail.Read, Team.ReadBasic.All for joinedTeams, Files.Read for
 * /me/drive).
 */
const BASE_SCOPES = ["offline_access", "openid", "email", "User.Read"];
const GRAPH = "https://graph.microsoft.com/v1.0";

export const microsoftComponents: ComponentEntryInput[] = [
  {
    id: "microsoft-365",
    name: "Microsoft 365",
    category: "Productivity",
    description: "Microsoft Graph: users, mail, calendars, files and Teams.",
    docsUrl: "https://learn.microsoft.com/en-us/graph/overview",
    authTypes: ["OA2_AUTHORIZATION_CODE"],
    fields: [TENANT_FIELD],
    baseUrl: GRAPH,
    dryRun: { kind: "http", method: "GET", url: `${GRAPH}/me` },
    oauth: { ...MICROSOFT_OAUTH, defaultScopes: BASE_SCOPES },
  },
  {
    id: "outlook",
    name: "Outlook",
    category: "Communication",
    docsUrl: "https://learn.microsoft.com/en-us/graph/outlook-mail-concept-overview",
    authTypes: ["OA2_AUTHORIZATION_CODE"],
    fields: [TENANT_FIELD],
    baseUrl: GRAPH,
    dryRun: { kind: "http", method: "GET", url: `${GRAPH}/me/mailFolders/inbox` },
    oauth: { ...MICROSOFT_OAUTH, defaultScopes: [...BASE_SCOPES, "Mail.Read"] },
  },
  {
    id: "microsoft-teams",
    name: "Microsoft Teams",
    category: "Communication",
    docsUrl: "https://learn.microsoft.com/en-us/graph/teams-concept-overview",
    authTypes: ["OA2_AUTHORIZATION_CODE"],
    fields: [TENANT_FIELD],
    baseUrl: GRAPH,
    dryRun: { kind: "http", method: "GET", url: `${GRAPH}/me/joinedTeams` },
    oauth: { ...MICROSOFT_OAUTH, defaultScopes: [...BASE_SCOPES, "Team.ReadBasic.All"] },
  },
  {
    id: "onedrive",
    name: "OneDrive",
    category: "Storage",
    docsUrl: "https://learn.microsoft.com/en-us/onedrive/developer/rest-api/",
    authTypes: ["OA2_AUTHORIZATION_CODE"],
    fields: [TENANT_FIELD],
    baseUrl: GRAPH,
    dryRun: { kind: "http", method: "GET", url: `${GRAPH}/me/drive` },
    oauth: { ...MICROSOFT_OAUTH, defaultScopes: [...BASE_SCOPES, "Files.Read"] },
  },
];
