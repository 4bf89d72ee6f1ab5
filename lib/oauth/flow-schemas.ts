import { z } from "zod";

/*
 * Shapes of the authorization-code flow's two routes, for the handlers, the route registry
 * and the OpenAPI document. No server-only imports: the Connect button builds its request
 * from the same schema.
 */

/** A credential's name, as POST /secrets checks it. */
const secretName = z.string().trim().min(1, "Give the credential a name").max(200, "At most 200 characters");

/** POST /auth-clients/{id}/start-flow. */
export const startFlowSchema = z.strictObject({
  scope: z
    .string()
    .max(2000)
    .refine((s) => !/[\r\n\0]/.test(s), "Scope must not contain control characters")
    .optional()
    .describe("Scopes to request, separated as the provider expects; default: the client's scopes"),
  secretName: secretName.optional().describe("Default: the component's name and the connected account"),
  successUrl: z
    .url({ protocol: /^https?$/ })
    .max(2048)
    .optional()
    .describe(
      "Where the browser goes afterwards (with ?secretId=…); its origin must be on the tenant's returnUrlOrigins",
    ),
  workspace: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, "Not a workspace slug")
    .optional(),
  secretId: z.uuid().optional().describe("Re-authorise this OAuth2 secret in place (keeps its id)"),
  config: z
    .record(z.string().max(100), z.string().max(2000))
    .refine((c) => Object.keys(c).length <= 30, "At most 30 config entries")
    .optional()
    .describe("The component's connection fields (e.g. a Zendesk subdomain) that fill the client's {{placeholders}}"),
});
export type StartFlowInput = z.output<typeof startFlowSchema>;

/** Acting as an end user: a user token is one; an API key names one. */
export const startFlowQuery = z.object({
  username: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe("API key (required) or dashboard member: the end user who will own the secret"),
});

export const startFlowResponseSchema = z.object({
  data: z.object({
    authUrl: z.url().describe("Send the user's browser here (a popup, or a redirect)"),
    expiresAt: z.string().describe("The flow must complete before this time (10 minutes)"),
  }),
});

/** What the provider sends back to GET /callback. */
export const callbackQuery = z.object({
  code: z.string().optional(),
  state: z.string().optional(),
  iss: z.string().optional().describe("RFC 9207 issuer identification"),
  error: z.string().optional(),
  error_description: z.string().optional(),
});

/** The message /oauth/result posts to `window.opener`, at this service's own origin only. */
export const OAUTH_MESSAGE_TYPE = "ic:oauth";
export type OAuthResultMessage =
  | { type: typeof OAUTH_MESSAGE_TYPE; ok: true; secretId: string }
  | { type: typeof OAUTH_MESSAGE_TYPE; ok: false; error: string; message?: string };
