import { z } from "zod";

import { API_KEY_LOCATIONS, forbiddenHeaderMessage, isForbiddenHeader } from "@/lib/secrets/types/common";
import { authTypeNames, nativeTypeNames, secretTypes } from "@/lib/secrets/types";
import { placeholders, templatesOf, urlTemplateSchema } from "./templates";
import { sessionRecipeSchema } from "@/lib/oauth/session-recipe";

export { monogram, type Monogram } from "./monogram";
export { fillTemplate, placeholders, templatesOf, urlTemplateSchema } from "./templates";

/*
 * The component catalogue is data (docs/architecture.md › Data model). Every entry is validated by
 * `componentEntrySchema` when the catalogue module loads and again in
 * `catalogue.test.ts`. No server-only imports: the client UI renders from it too.
 *
 * Templates. URLs, dry-run headers/body, OAuth parameters and request defaults may
 * contain `{{field}}` placeholders. Each one names an entry of that component's
 * `fields`, whose value the end user supplies and which is stored in the secret's
 * non-secret `config` (docs/architecture.md › Data model). Credential values are never
 * interpolated into templates: they are applied through `apply` only.
 */

/** Every credential type an entry may accept, stored by the vault yet or not (lib/secrets/types/names.ts). */
export const AUTH_TYPES = authTypeNames;
export const authTypeSchema = z.enum(AUTH_TYPES);
export type AuthType = z.infer<typeof authTypeSchema>;

export const OAUTH_TYPES = ["OA2_AUTHORIZATION_CODE", "OA2_CLIENT_CREDENTIALS"] as const satisfies readonly AuthType[];
/** Native connector types: their dry run is the protocol's own check (lib/verify/native). */
export const NATIVE_TYPES: readonly AuthType[] = nativeTypeNames;

export const CATEGORIES = [
  "Communication",
  "Developer tools",
  "CRM",
  "Productivity",
  "Storage",
  "Support",
  "E-commerce",
  "Payments",
  "Accounting",
  "Marketing",
  "Analytics",
  "AI",
  "Identity",
  "Database",
  "Messaging",
  "File transfer",
  "Generic",
] as const;
export const categorySchema = z.enum(CATEGORIES);
export type Category = z.infer<typeof categorySchema>;

/**
 * RFC 9110 token: a valid HTTP header name, and not one a credential may never set
 * (Host, Content-Length, Proxy-*, …: lib/secrets/types/common.ts), since the catalogue's
 * headers go out on the same requests as the credential.
 */
const headerNameSchema = z
  .string()
  .regex(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/, "Invalid header name")
  .refine((n) => !isForbiddenHeader(n), { error: (iss) => forbiddenHeaderMessage(String(iss.input)) });
const templateRecordSchema = z.record(z.string().min(1), z.string());
const headerRecordSchema = z.record(headerNameSchema, z.string());

const patternSchema = z.string().refine((p) => {
  try {
    new RegExp(p, "u");
    return true;
  } catch {
    return false;
  }
}, "Invalid regular expression");

/** A non-secret connection input, stored in the secret's `config`. */
export const fieldSchema = z
  .strictObject({
    name: z.string().regex(/^[a-z][A-Za-z0-9]*$/, "Field names are camelCase"),
    label: z.string().min(1),
    required: z.boolean().default(false),
    default: z.string().optional(),
    choices: z
      .array(z.strictObject({ value: z.string().min(1), label: z.string().min(1) }))
      .min(1)
      .optional(),
    help: z.string().optional(),
    placeholder: z.string().optional(),
    /** Anchored regular expression (unicode mode) the value must match. */
    pattern: patternSchema.optional(),
  })
  .superRefine((field, ctx) => {
    if (field.default === undefined) return;
    if (field.choices && !field.choices.some((c) => c.value === field.default)) {
      ctx.addIssue({ code: "custom", path: ["default"], message: "Default is not one of the choices" });
    }
    if (field.pattern && !new RegExp(field.pattern, "u").test(field.default)) {
      ctx.addIssue({ code: "custom", path: ["default"], message: "Default does not match the pattern" });
    }
  });
export type ComponentField = z.output<typeof fieldSchema>;
export type ComponentFieldInput = z.input<typeof fieldSchema>;

/*
 * `apply`: how a credential is put on an outgoing request where the component
 * differs from the type default (docs/architecture.md › Data model). Labels are what the
 * connect form shows for the secret inputs.
 */
const apiKeyApplySchema = z
  .strictObject({
    location: z.enum(API_KEY_LOCATIONS),
    headerName: headerNameSchema.optional(),
    queryName: z.string().min(1).optional(),
    cookieName: z.string().min(1).optional(),
    /** Put before the key, e.g. `"SSWS "` or `"Token token="`. */
    prefix: z.string().optional(),
    label: z.string().optional(),
  })
  .superRefine((a, ctx) => {
    const needed = { header: "headerName", query: "queryName", cookie: "cookieName" } as const;
    const key = needed[a.location];
    if (!a[key])
      ctx.addIssue({ code: "custom", path: [key], message: `${key} is required for location ${a.location}` });
  });

/** Defaults: header `Authorization`, prefix `"Bearer "`. */
const tokenApplySchema = z.strictObject({
  headerName: headerNameSchema.optional(),
  prefix: z.string().optional(),
  label: z.string().optional(),
});

const simpleApplySchema = z.strictObject({
  usernameLabel: z.string().optional(),
  passphraseLabel: z.string().optional(),
  /** Pre-filled username, e.g. Mailgun's literal `api`. */
  usernameDefault: z.string().optional(),
  /** Pre-filled passphrase, e.g. `X` where the API key goes in the username. */
  passphraseDefault: z.string().optional(),
});

const httpHeadersApplySchema = z.strictObject({
  /** Header names the form suggests. */
  headerNames: z.array(headerNameSchema).min(1),
});

/**
 * A native connector's form, where the provider differs from the protocol's defaults (a
 * managed service with TLS on, a fixed username): the inputs start with `defaults`. The form
 * only; a value passed through the API is taken as it is. Checked against the type's own
 * schema below, and never a secret field.
 */
const connectionApplySchema = z.strictObject({
  defaults: z.record(z.string().min(1), z.union([z.string(), z.number()])),
});

export const applySchema = z.strictObject({
  API_KEY: apiKeyApplySchema.optional(),
  BEARER: tokenApplySchema.optional(),
  SIMPLE: simpleApplySchema.optional(),
  HTTP_HEADERS: httpHeadersApplySchema.optional(),
  OA2_AUTHORIZATION_CODE: tokenApplySchema.optional(),
  OA2_CLIENT_CREDENTIALS: tokenApplySchema.optional(),
  SESSION_AUTH: tokenApplySchema.optional(),
  REDIS: connectionApplySchema.optional(),
  AMQP: connectionApplySchema.optional(),
  MONGODB: connectionApplySchema.optional(),
});
export type ApplyConfig = z.output<typeof applySchema>;

/**
 * Value fields that carry secret material for this component although the type treats
 * them as public, keyed by credential type: Stripe, Close and Freshdesk put the API key
 * in the Basic-auth username, so `{SIMPLE: ["username"]}`. Such a field is masked like a
 * password in lists, rendered as a password input and never pre-filled.
 */
export const secretFieldsSchema = z.partialRecord(authTypeSchema, z.array(z.string().min(1)).min(1));
export type SecretFields = z.output<typeof secretFieldsSchema>;

/** A type's value fields a component may mark secret: the ones the type shows in clear. */
function publicTextFields(type: AuthType): string[] | undefined {
  const def = (secretTypes as Record<string, (typeof secretTypes)[keyof typeof secretTypes] | undefined>)[type];
  return def?.fields.filter((f) => f.kind === "text" || f.kind === "textarea").map((f) => f.name);
}

/** The fields `entry` marks secret for credentials of `type` (none when it has no entry). */
export function secretFieldsFor(entry: { secretFields?: SecretFields } | undefined, type: string): readonly string[] {
  return entry?.secretFields?.[type as AuthType] ?? [];
}

/**
 * Non-secret headers and query parameters every request to the component needs
 * (API version headers, a public app key). Sent with the dry run as well.
 */
export const requestDefaultsSchema = z.strictObject({
  headers: headerRecordSchema.optional(),
  query: templateRecordSchema.optional(),
});

/**
 * A dot path into a JSON answer: object keys, and array indexes as digits (`data.0.id`).
 * Names only, no expressions, so reading it can never do more than walk the parsed value.
 */
export const jsonPathSchema = z
  .string()
  .max(200)
  .regex(/^[A-Za-z0-9_$@-]+(?:\.[A-Za-z0-9_$@-]+)*$/, "A dot path of keys and array indexes, e.g. data.viewer.id");

/**
 * The request that proves a credential works. Only the status code is judged: an API
 * that answers 200 with `{"ok": false}` (Slack) still counts as a pass here. The
 * credential is applied as for any request (`apply`, `requestDefaults`).
 */
export const httpDryRunSchema = z
  .strictObject({
    kind: z.literal("http"),
    method: z.enum(["GET", "POST"]),
    url: urlTemplateSchema,
    headers: headerRecordSchema.optional(),
    /** Raw request body; set `Content-Type` in `headers` with it. */
    body: z.string().optional(),
    successStatuses: z.array(z.number().int().min(200).max(299)).min(1).default([200]),
    /**
     * Where the provider account is in a successful answer: one JSON path (GitHub `GET /user`
     * → `id`), or several whose values are joined with ":" (Slack `auth.test` → `team_id`,
     * `user_id`). After an OAuth connection it becomes the secret's `externalId` when neither
     * an id_token nor userinfo named the account, so re-connecting that account is recognised.
     * Only that value is read from the body (lib/verify/dry-run.ts).
     */
    accountId: z.union([jsonPathSchema, z.array(jsonPathSchema).min(1).max(4)]).optional(),
  })
  .superRefine((d, ctx) => {
    const hasType = Object.keys(d.headers ?? {}).some((h) => h.toLowerCase() === "content-type");
    if (d.body !== undefined && !hasType) {
      ctx.addIssue({ code: "custom", path: ["headers"], message: "A dry-run body needs a Content-Type header" });
    }
  });
/** The native connector check of the secret's type (a database `SELECT 1`, a Redis `PING`, …). */
export const nativeDryRunSchema = z.strictObject({ kind: z.literal("native") });
export const dryRunSchema = z.discriminatedUnion("kind", [httpDryRunSchema, nativeDryRunSchema]);
export type DryRun = z.output<typeof dryRunSchema>;

/** Protocol parameters the OAuth client sets itself; a catalogue entry or an auth client must not override them. */
export const RESERVED_OAUTH_PARAMS: readonly string[] = [
  "client_id",
  "client_secret",
  "redirect_uri",
  "response_type",
  "state",
  "scope",
  "code",
  "code_challenge",
  "code_challenge_method",
  "code_verifier",
  "grant_type",
  "refresh_token",
];
const oauthParamsSchema = templateRecordSchema.refine(
  (params) => Object.keys(params).every((k) => !RESERVED_OAUTH_PARAMS.includes(k)),
  "OAuth parameters must not override protocol parameters",
);

/**
 * How a provider's revocation endpoint (`revocationUrl`) is called, as data: the default is
 * RFC 7009 (a form body `token=…&token_type_hint=…`, the client authenticated as at its token
 * endpoint). Providers that revoke differently say so here, not in code: Intuit takes a JSON
 * body, Zoho the token in the query string, Slack and Dropbox the token as the bearer.
 */
const paramNameSchema = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "A parameter name");
export const revocationSchema = z
  .strictObject({
    /**
     * Where the token goes: `rfc7009` a form body, `json` a JSON body, `query` the query string,
     * `bearer` the `Authorization: Bearer` header (no body).
     */
    style: z.enum(["rfc7009", "json", "query", "bearer"]).default("rfc7009"),
    /** HTTP method; `DELETE` for providers that revoke the calling token (Zendesk's `tokens/current`). */
    method: z.enum(["POST", "DELETE"]).default("POST"),
    /**
     * Name of the token parameter in the body or query: one name (`token`), or one per kind
     * of token (Linear takes `refresh_token=…` or `access_token=…`).
     */
    tokenParam: z
      .union([paramNameSchema, z.strictObject({ refresh: paramNameSchema, access: paramNameSchema })])
      .default("token"),
    /** Send `token_type_hint` (`refresh_token` or `access_token`) next to the token. */
    tokenTypeHint: z.boolean().default(true),
    /**
     * Client authentication: `client` as the auth client authenticates at the token endpoint,
     * `basic` always HTTP Basic, `post` always `client_id` and `client_secret` as parameters,
     * `none` the token alone.
     */
    clientAuth: z.enum(["client", "basic", "post", "none"]).default("client"),
    /**
     * Which token to send: `refresh` (the refresh token, or the access token when none is
     * stored; RFC 7009 revokes the grant's access tokens with it), `access`, or `both` in turn.
     */
    tokens: z.enum(["refresh", "access", "both"]).default("refresh"),
    /** A 2xx counts only when this field of the JSON answer is `true` (Slack answers 200 `{"ok": false}`). */
    successField: z.string().min(1).optional(),
  })
  .superRefine((r, ctx) => {
    // A client secret never goes in a URL (logs, proxies), and a bearer token leaves no room for Basic.
    if (r.style === "query" && (r.clientAuth === "post" || r.clientAuth === "client")) {
      ctx.addIssue({
        code: "custom",
        path: ["clientAuth"],
        message: "A query-style revocation takes clientAuth basic or none",
      });
    }
    if (r.style === "bearer" && r.clientAuth !== "none") {
      ctx.addIssue({
        code: "custom",
        path: ["clientAuth"],
        message: "A bearer-style revocation takes clientAuth none",
      });
    }
  });
export type RevocationConfig = z.output<typeof revocationSchema>;

export const oauthSchema = z.strictObject({
  /** Required for OA2_AUTHORIZATION_CODE. */
  authorizationUrl: urlTemplateSchema.optional(),
  tokenUrl: urlTemplateSchema,
  /** Where refresh_token grants go when not the token URL (Figma). */
  refreshUrl: urlTemplateSchema.optional(),
  /** Where tokens are revoked when their secret is deleted; called as `revocation` describes. */
  revocationUrl: urlTemplateSchema.optional(),
  /** How `revocationUrl` is called; omitted means RFC 7009 with the client's token auth method. */
  revocation: revocationSchema.optional(),
  /** The provider's own OAuth documentation, where the endpoints and flags were checked. */
  oauthDocsUrl: z.url({ protocol: /^https$/ }).optional(),
  /** Resolves the connected account (`externalId`) after the flow. */
  userinfoUrl: urlTemplateSchema.optional(),
  defaultScopes: z.array(z.string().regex(/^\S+$/, "Scopes have no whitespace")).default([]),
  scopeSeparator: z.enum([" ", ",", "+"]).default(" "),
  /** Extra authorization-request parameters, e.g. Google `access_type=offline`. */
  authParams: oauthParamsSchema.optional(),
  /** Extra token-request parameters, e.g. Auth0 `audience`. */
  tokenParams: oauthParamsSchema.optional(),
  tokenEndpointAuthMethod: z.enum(["client_secret_basic", "client_secret_post"]),
  /** Send PKCE (S256). False where the provider is known to reject or ignore it. */
  pkce: z.boolean(),
});
export type OAuthConfig = z.output<typeof oauthSchema>;
export type OAuthConfigInput = z.input<typeof oauthSchema>;

export const componentEntrySchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "Component ids are kebab-case"),
    name: z.string().min(1),
    category: categorySchema,
    description: z.string().max(160).optional(),
    /** A file in public/logos; omitted → the UI renders `monogram(name)`. */
    logo: z
      .string()
      .regex(/^\/logos\/[a-z0-9-]+\.svg$/, "Logos are /logos/<name>.svg")
      .optional(),
    docsUrl: z.url({ protocol: /^https$/ }),
    authTypes: z.array(authTypeSchema).min(1),
    fields: z.array(fieldSchema).default([]),
    baseUrl: urlTemplateSchema.optional(),
    apply: applySchema.default({}),
    secretFields: secretFieldsSchema.default({}),
    requestDefaults: requestDefaultsSchema.optional(),
    dryRun: dryRunSchema.optional(),
    oauth: oauthSchema.optional(),
    /**
     * The product's session-auth login recipe (lib/oauth/session-recipe.ts), from its own API
     * documentation: an auth client made for this component is pre-filled with it.
     */
    session: sessionRecipeSchema.optional(),
  })
  .superRefine((entry, ctx) => {
    const issue = (path: PropertyKey[], message: string) => ctx.addIssue({ code: "custom", path, message });
    const types = new Set(entry.authTypes);
    if (types.size !== entry.authTypes.length) issue(["authTypes"], "Duplicate credential type");

    const fields = new Map(entry.fields.map((f) => [f.name, f]));
    if (fields.size !== entry.fields.length) issue(["fields"], "Duplicate field name");

    for (const key of Object.keys(entry.apply) as AuthType[]) {
      if (!types.has(key)) issue(["apply", key], `apply.${key} but the component does not accept ${key}`);
      const block = (entry.apply as Record<string, { defaults?: Record<string, string | number> } | undefined>)[key];
      const defaults = block?.defaults;
      const def = (secretTypes as Record<string, (typeof secretTypes)[keyof typeof secretTypes] | undefined>)[key];
      for (const [name, value] of Object.entries(defaults ?? {})) {
        const field = def?.fields.find((f) => f.name === name);
        const fieldSchema = (def?.schema as z.ZodObject | undefined)?.shape[name] as z.ZodType | undefined;
        if (!field || field.kind === "secret") {
          issue(["apply", key, "defaults", name], `${name} is not a ${key} value field a form may pre-fill`);
        } else if (!fieldSchema?.safeParse(value).success) {
          issue(["apply", key, "defaults", name], `${JSON.stringify(value)} is not a valid ${key} ${name}`);
        }
      }
    }

    for (const [type, names] of Object.entries(entry.secretFields) as Array<[AuthType, string[]]>) {
      if (!types.has(type))
        issue(["secretFields", type], `secretFields.${type} but the component does not accept ${type}`);
      const allowed = publicTextFields(type);
      if (!allowed || allowed.length === 0) {
        issue(["secretFields", type], `${type} has no value fields a component can mark secret`);
        continue;
      }
      names.forEach((name, i) => {
        if (!allowed.includes(name)) {
          issue(
            ["secretFields", type, i],
            `${name} is not a ${type} value field shown in clear (${allowed.join(", ")})`,
          );
        }
      });
      if (new Set(names).size !== names.length) issue(["secretFields", type], "Duplicate field name");
    }

    const hasOAuth = OAUTH_TYPES.some((t) => types.has(t));
    if (hasOAuth && !entry.oauth) issue(["oauth"], "OAuth credential types need an oauth block");
    if (!hasOAuth && entry.oauth) issue(["oauth"], "oauth block without an OAuth credential type");
    if (types.has("OA2_AUTHORIZATION_CODE") && entry.oauth && !entry.oauth.authorizationUrl) {
      issue(["oauth", "authorizationUrl"], "OA2_AUTHORIZATION_CODE needs an authorizationUrl");
    }
    if (entry.session && !types.has("SESSION_AUTH")) issue(["session"], "session recipe without SESSION_AUTH");
    if (entry.oauth?.revocation && !entry.oauth.revocationUrl) {
      issue(["oauth", "revocation"], "revocation describes a call but there is no revocationUrl");
    }

    // A native dry run checks whichever native type the secret has, so an entry is all
    // native types (with that dry run) or none.
    const native = [...types].filter((t) => NATIVE_TYPES.includes(t));
    if (native.length > 0 && entry.dryRun?.kind !== "native") {
      issue(["dryRun"], `Native connector components need the native dry run (${native.join(", ")})`);
    }
    if (native.length > 0 && native.length < types.size) {
      issue(["authTypes"], "A native connector component accepts native connector types only");
    }
    if (entry.dryRun?.kind === "native" && native.length === 0) {
      issue(["dryRun"], "A native dry run needs a native connector credential type (POSTGRES, MYSQL, …)");
    }

    for (const { path, value, url } of templatesOf(entry)) {
      for (const name of placeholders(value)) {
        if (!fields.has(name)) issue(path, `{{${name}}} is not a field of this component`);
      }
      const lead = url ? /^\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/.exec(value)?.[1] : undefined;
      const pattern = lead ? fields.get(lead)?.pattern : undefined;
      if (lead && !pattern?.startsWith("^https://") && !pattern?.startsWith("^https?://")) {
        issue(path, `{{${lead}}} starts a URL, so its pattern must pin the scheme (^https://)`);
      }
    }
  });

export type ComponentEntry = z.output<typeof componentEntrySchema>;
/** What the entry files are written as: defaults (`fields`, `required`, …) may be left out. */
export type ComponentEntryInput = z.input<typeof componentEntrySchema>;
