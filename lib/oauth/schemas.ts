import { z } from "zod";
import { tokenEndpointAuthMethods } from "@/db/schema/oauth";
import { dataOf, idFields, listOf, timestampSchema } from "@/lib/api/public";
import { recipeParts, SESSION_LOGIN_METHODS, SESSION_LOGIN_TYPES } from "./session-recipe";
import { RESERVED_OAUTH_PARAMS } from "@/lib/components/schema";

/*
 * Auth client (OAuth app) shapes, shared by the API, the dashboard form and the OpenAPI
 * document. No server-only imports: the form validates with these in the browser. The checks
 * that need the server (OUTBOUND_ALLOW_HOSTS, DNS, the catalogue's fields) are in clients.ts.
 */

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;

/**
 * An endpoint URL, optionally with `{{field}}` placeholders that a flow fills from the
 * connection's config (Zendesk's `https://{{subdomain}}.zendesk.com/oauth/tokens`). It must
 * start with a literal scheme, so a placeholder can never choose it, and may carry no
 * credentials or fragment. Whether http is allowed and where the host resolves is decided
 * on the server (`checkEndpoints`).
 */
export const endpointUrlSchema = z
  .string()
  .trim()
  .min(1)
  .max(2048)
  .superRefine((value, ctx) => {
    const bare = value.replace(PLACEHOLDER, "x");
    if (/[\s{}]/.test(bare)) {
      ctx.addIssue({ code: "custom", message: "URL has whitespace or a malformed {{placeholder}}" });
      return;
    }
    if (!/^https?:\/\//i.test(value)) {
      ctx.addIssue({ code: "custom", message: "URL must start with https://" });
      return;
    }
    let url: URL;
    try {
      url = new URL(bare);
    } catch {
      ctx.addIssue({ code: "custom", message: "Not a valid URL" });
      return;
    }
    if (url.username || url.password) ctx.addIssue({ code: "custom", message: "URL must not contain credentials" });
    if (url.hash) ctx.addIssue({ code: "custom", message: "URL must not have a #fragment" });
  });

// A form's empty input means "none"; in a PATCH, null removes an optional endpoint.
const emptyToNull = (v: unknown) => (typeof v === "string" && v.trim() === "" ? null : v);
const optionalUrl = z.preprocess(emptyToNull, endpointUrlSchema.nullable()).optional();

export const endpointsInputSchema = z.strictObject({
  auth: optionalUrl.describe("Authorization endpoint"),
  token: optionalUrl.describe("Token endpoint"),
  revocation: optionalUrl.describe("RFC 7009 revocation endpoint"),
  userinfo: optionalUrl.describe("Userinfo endpoint, to find the connected account"),
});
export type EndpointsInput = z.output<typeof endpointsInputSchema>;

const scopeSchema = z.string().regex(/^\S+$/, "Scopes have no whitespace").max(500);
/** A list, or one string separated by spaces or commas (what the form's input holds). */
export const scopesSchema = z.union([
  z.array(scopeSchema).max(100, "At most 100 scopes"),
  z
    .string()
    .max(10_000)
    .transform((s) => s.split(/[\s,]+/).filter(Boolean))
    .pipe(z.array(scopeSchema).max(100, "At most 100 scopes")),
]);

const paramName = z
  .string()
  .regex(/^[A-Za-z0-9_.~-]{1,100}$/, "Parameter names are letters, digits and _.~-")
  .refine((k) => !RESERVED_OAUTH_PARAMS.includes(k), {
    error: (iss) => `${String(iss.input)} is set by the OAuth client itself`,
  });
const paramRecord = z
  .record(paramName, z.string().max(2000))
  .refine((r) => Object.keys(r).length <= 30, "At most 30 parameters");
/** Parameters as an object, or as `key=value` lines (what the form's textarea holds). */
export const paramsSchema = z.union([
  paramRecord,
  z
    .string()
    .max(20_000)
    .transform((text, ctx) => {
      const out: Record<string, string> = {};
      for (const line of text
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean)) {
        const eq = line.indexOf("=");
        if (eq < 1) {
          ctx.addIssue({ code: "custom", message: `Write each parameter as key=value ("${line.slice(0, 40)}")` });
          return z.NEVER;
        }
        out[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
      }
      return out;
    })
    .pipe(paramRecord),
]);

const name = z.string().trim().min(1, "Give the auth client a name").max(200);
const componentId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, "Not a component id");
const clientId = z.string().trim().min(1, "Enter the client ID").max(500);
const clientSecret = z.string().trim().min(1, "Enter the client secret").max(4096);

const common = {
  endpoints: endpointsInputSchema.optional(),
  scopes: scopesSchema.optional(),
  scopeSeparator: z.enum([" ", ",", "+"]).optional().describe("How scopes are joined in the request (default a space)"),
  tokenEndpointAuthMethod: z.enum(tokenEndpointAuthMethods).optional(),
  pkce: z.boolean().optional().describe("Send PKCE S256 (default true)"),
  authParams: paramsSchema.optional().describe("Extra authorization-request parameters, e.g. access_type=offline"),
  tokenParams: paramsSchema.optional().describe("Extra token-request parameters, e.g. audience"),
  refreshWithScope: z.boolean().optional().describe("Send scope on refresh requests"),
  issuer: z.preprocess(emptyToNull, endpointUrlSchema.nullable()).optional().describe("Expected iss (RFC 9207)"),
};

/** The auth-client types that are OAuth apps (a client id and secret at a token endpoint). */
export const OAUTH_CLIENT_TYPES = ["OA2_AUTHORIZATION_CODE", "OA2_CLIENT_CREDENTIALS"] as const;

/**
 * POST /auth-clients for an OAuth app. With a catalogue `componentId` and no endpoints, the
 * endpoints, scopes, separator, parameters, auth method and PKCE come from the catalogue;
 * fields given here win. `custom-oauth2` (or no component) takes every endpoint by hand.
 * An `OA2_CLIENT_CREDENTIALS` client needs only the token endpoint; `tokenParams` carries an
 * `audience` or other extra token parameters.
 */
export const createOAuthClientSchema = z.strictObject({
  name,
  type: z.enum(OAUTH_CLIENT_TYPES).default("OA2_AUTHORIZATION_CODE"),
  componentId: componentId.optional(),
  clientId,
  clientSecret: z.preprocess((v) => (v === "" ? undefined : v), clientSecret.optional()).describe("Write-only"),
  ...common,
});
export type CreateOAuthClientInput = z.output<typeof createOAuthClientSchema>;

/**
 * POST /auth-clients for a session-auth login recipe (lib/oauth/session-recipe.ts). With a
 * catalogue `componentId` that has a recipe, each part left out comes from the catalogue;
 * `custom-session` takes the whole recipe.
 */
export const createSessionClientSchema = z.strictObject({
  name,
  type: z.literal("SESSION_AUTH"),
  componentId: componentId.optional(),
  fields: recipeParts.fields.optional(),
  endpoints: recipeParts.endpoints.optional(),
  tokenPath: recipeParts.tokenPath.optional(),
  expirationPath: recipeParts.expirationPath,
  expiresIn: recipeParts.expiresIn,
});
export type CreateSessionClientInput = z.output<typeof createSessionClientSchema>;

/** POST /auth-clients: an OAuth app (the default type) or a session-auth recipe, by `type`. */
export const createAuthClientSchema = z.discriminatedUnion("type", [
  createOAuthClientSchema,
  createSessionClientSchema,
]);
export type CreateAuthClientInput = z.output<typeof createAuthClientSchema>;

/**
 * PATCH /auth-clients/{id}. Endpoints merge key by key (null removes an optional one). A new
 * `clientSecret` replaces the stored one, null removes it; left out, it is kept. The type
 * and component are fixed at creation.
 */
export const patchAuthClientSchema = z.strictObject({
  name: name.optional(),
  clientId: clientId.optional(),
  clientSecret: z
    .preprocess((v) => (v === "" ? undefined : v), clientSecret.nullable().optional())
    .describe("Write-only; null removes it"),
  ...common,
});
export type PatchAuthClientInput = z.output<typeof patchAuthClientSchema>;

/** PATCH /auth-clients/{id} of a session-auth recipe: each part given replaces the stored one. */
export const patchSessionClientSchema = z.strictObject({
  name: name.optional(),
  fields: recipeParts.fields.optional(),
  endpoints: recipeParts.endpoints.optional(),
  tokenPath: recipeParts.tokenPath.optional(),
  expirationPath: recipeParts.expirationPath,
  expiresIn: recipeParts.expiresIn,
});
export type PatchSessionClientInput = z.output<typeof patchSessionClientSchema>;

/** The PATCH body for a client of `type` (the type is fixed at creation). */
export const patchSchemaFor = (type: string) =>
  type === "SESSION_AUTH" ? patchSessionClientSchema : patchAuthClientSchema;

/** PATCH /auth-clients/{id} as documented: the OAuth shape, or the recipe shape for a session-auth client. */
export const patchAnyAuthClientSchema = z.union([patchAuthClientSchema, patchSessionClientSchema]);

export const listAuthClientsQuery = z.object({
  component: componentId.optional().describe("Only clients made from this catalogue component"),
});

/**
 * What every auth client response carries: never the client secret or its ciphertext.
 * Strict, so a row field it does not name fails closed (lib/api/public.ts › present).
 */
export const oauthClientPublicSchema = z
  .strictObject({
    ...idFields,
    name: z.string(),
    type: z.enum(OAUTH_CLIENT_TYPES),
    componentId: z.string().nullable(),
    clientId: z.string(),
    clientSecretHint: z.string().nullable().describe("`****abcd`; null when the client has no secret"),
    endpoints: z.strictObject({
      auth: z.string().optional(),
      token: z.string().optional(),
      revocation: z.string().optional(),
      userinfo: z.string().optional(),
    }),
    scopes: z.array(z.string()),
    scopeSeparator: z.string(),
    tokenEndpointAuthMethod: z.enum(tokenEndpointAuthMethods),
    pkce: z.boolean(),
    authParams: z.record(z.string(), z.string()),
    tokenParams: z.record(z.string(), z.string()),
    refreshWithScope: z.boolean(),
    issuer: z.string().nullable(),
    redirectUri: z.string().describe("Register exactly this redirect URI at the provider"),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .meta({ id: "OAuthClient" });
export type PublicOAuthClient = z.output<typeof oauthClientPublicSchema>;

/** A session-auth recipe as every response shows it: all of it is configuration, nothing secret. */
export const sessionClientPublicSchema = z
  .strictObject({
    ...idFields,
    name: z.string(),
    type: z.literal("SESSION_AUTH"),
    componentId: z.string().nullable(),
    fields: z.array(
      z.strictObject({
        name: z.string(),
        label: z.string(),
        secret: z.boolean(),
        required: z.boolean(),
        help: z.string().optional(),
      }),
    ),
    endpoints: z.strictObject({
      auth: z.strictObject({
        url: z.string(),
        method: z.enum(SESSION_LOGIN_METHODS),
        authType: z.enum(SESSION_LOGIN_TYPES),
        requestFields: z.record(z.string(), z.string()),
        label: z.string().optional(),
      }),
    }),
    tokenPath: z.string(),
    expirationPath: z.string().nullable(),
    expiresIn: z.int().nullable(),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .meta({ id: "SessionAuthClient" });
export type PublicSessionClient = z.output<typeof sessionClientPublicSchema>;

/**
 * What every auth client response carries, by `type`: never the client secret or its
 * ciphertext. Strict, so a row field it does not name fails closed (lib/api/public.ts › present).
 */
export const authClientPublicSchema = z
  .discriminatedUnion("type", [oauthClientPublicSchema, sessionClientPublicSchema])
  .meta({ id: "AuthClient" });
export type PublicAuthClient = z.output<typeof authClientPublicSchema>;

export const authClientResponseSchema = dataOf(authClientPublicSchema);
export const authClientListResponseSchema = listOf(authClientPublicSchema);
