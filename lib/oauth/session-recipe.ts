import { z } from "zod";

/*
 * Session-auth login recipes (Open Integration Hub's SESSION_AUTH auth clients): the form an
 * end user fills in (`fields`), the login request made with it (`endpoints.auth`), and where
 * the token and its expiry are in the answer (`tokenPath`, `expirationPath`, `expiresIn`).
 * No server-only imports: the dashboard's recipe form and the generated login form validate
 * with these in the browser, and catalogue entries (lib/components/schema.ts) carry recipes.
 *
 * The placeholder rule: a request field may hold `{{fields.<name>}}` placeholders and literal
 * text, nothing else. They are filled from the end user's own input fields only, never from a
 * request, the connection's config or the environment (lib/oauth/session-login.ts).
 */

/** How the login request carries its request fields (OIH's `authType`). */
export const SESSION_LOGIN_TYPES = ["HEADER_AUTH", "BODY_AUTH", "FORM_AUTH", "PARAMS_AUTH"] as const;
export type SessionLoginType = (typeof SESSION_LOGIN_TYPES)[number];

export const SESSION_LOGIN_METHODS = ["POST", "GET", "PUT"] as const;

/** `{{fields.name}}`, the only placeholder a recipe may use. */
const FIELD_PLACEHOLDER = /\{\{\s*fields\.([A-Za-z][A-Za-z0-9_]{0,63})\s*\}\}/g;
const ANY_PLACEHOLDER = /\{\{[^]*?\}\}/g;

/** The input field names a template refers to, in order. */
export function fieldPlaceholders(template: string): string[] {
  return Array.from(template.matchAll(FIELD_PLACEHOLDER), (m) => m[1]);
}

/**
 * Fills `{{fields.x}}` from `inputFields` in one pass: a value that itself contains
 * `{{fields.y}}` is sent as the literal text it is, never expanded again. Missing values
 * are empty strings (see `omitted`).
 */
export function fillFields(template: string, inputFields: Readonly<Record<string, string>>): string {
  return template.replace(FIELD_PLACEHOLDER, (_, name: string) =>
    Object.hasOwn(inputFields, name) ? inputFields[name] : "",
  );
}

/**
 * True when a request field refers only to input fields the end user left empty: it is left
 * out of the login request, as APIs with optional parameters (TheTVDB's `pin`) ask.
 */
export function omitted(template: string, inputFields: Readonly<Record<string, string>>): boolean {
  const names = fieldPlaceholders(template);
  return (
    names.length > 0 && template.replace(FIELD_PLACEHOLDER, "").trim() === "" && names.every((n) => !inputFields[n])
  );
}

const fieldName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, "Field names are letters, digits and _");

/** One input of the generated form. `secret` ones are password inputs; every value is stored encrypted. */
export const sessionFieldSchema = z.strictObject({
  name: fieldName,
  label: z.string().trim().min(1, "Give the field a label").max(100),
  secret: z.boolean().default(false),
  required: z.boolean().default(true),
  help: z.string().max(300).optional(),
});
export type SessionField = z.output<typeof sessionFieldSchema>;

/** A request field's value: literal text and `{{fields.x}}` placeholders only. */
const templateSchema = z
  .string()
  .max(2000)
  .superRefine((value, ctx) => {
    const rest = value.replace(FIELD_PLACEHOLDER, "");
    const stray = rest.match(ANY_PLACEHOLDER)?.[0];
    if (stray) {
      ctx.addIssue({
        code: "custom",
        message: `${stray.slice(0, 60)} is not allowed: placeholders are {{fields.<name>}}, filled from the end user's fields only`,
      });
    } else if (/[\r\n\0]/.test(value)) {
      ctx.addIssue({ code: "custom", message: "Must not contain CR, LF or NUL characters" });
    }
  });

const requestFieldName = z.string().regex(/^[A-Za-z0-9_.~\-[\]]{1,100}$/, "Names are letters, digits and _.~-[]");
const requestFieldRecord = z
  .record(requestFieldName, templateSchema)
  .refine((r) => Object.keys(r).length <= 30, "At most 30 request fields");

/** `{"user": "{{fields.username}}"}`, or OIH's list form `[{"key": "user", "value": "{{fields.username}}"}]`. */
export const requestFieldsSchema = z.union([
  requestFieldRecord,
  z
    .array(z.strictObject({ key: requestFieldName, value: templateSchema }))
    .max(30, "At most 30 request fields")
    .transform((list) => Object.fromEntries(list.map((f) => [f.key, f.value]))),
]);

/**
 * The login URL: an absolute http(s) URL with no placeholders, credentials or fragment.
 * It is literal so that an end user's input can never choose where their own or anyone
 * else's credentials go; whether http and the host are allowed is decided on the server.
 */
export const loginUrlSchema = z
  .string()
  .trim()
  .min(1, "Enter the login URL")
  .max(2048)
  .superRefine((value, ctx) => {
    if (/[\s{}]/.test(value)) {
      ctx.addIssue({ code: "custom", message: "The login URL is literal: no whitespace or {{placeholders}}" });
      return;
    }
    if (!/^https?:\/\//i.test(value)) {
      ctx.addIssue({ code: "custom", message: "URL must start with https://" });
      return;
    }
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: "custom", message: "Not a valid URL" });
      return;
    }
    if (url.username || url.password) ctx.addIssue({ code: "custom", message: "URL must not contain credentials" });
    if (url.hash) ctx.addIssue({ code: "custom", message: "URL must not have a #fragment" });
  });

/** The login request (`endpoints.auth`). */
export const loginRequestSchema = z
  .strictObject({
    url: loginUrlSchema,
    method: z.enum(SESSION_LOGIN_METHODS).default("POST"),
    authType: z
      .enum(SESSION_LOGIN_TYPES)
      .describe(
        "HEADER_AUTH: Basic auth from the request fields username and password; BODY_AUTH: a JSON body; FORM_AUTH: a urlencoded body; PARAMS_AUTH: the query string",
      ),
    requestFields: requestFieldsSchema,
    label: z.string().max(100).optional().describe("For documentation only"),
  })
  .superRefine((r, ctx) => {
    const keys = Object.keys(r.requestFields);
    if (r.authType === "HEADER_AUTH") {
      const extra = keys.filter((k) => k !== "username" && k !== "password");
      if (extra.length > 0 || !keys.includes("username")) {
        ctx.addIssue({
          code: "custom",
          path: ["requestFields"],
          message: "HEADER_AUTH sends Basic auth: give exactly the request fields username and password",
        });
      }
    } else if (keys.length === 0) {
      ctx.addIssue({ code: "custom", path: ["requestFields"], message: "Give at least one request field" });
    }
    if (r.method === "GET" && (r.authType === "BODY_AUTH" || r.authType === "FORM_AUTH")) {
      ctx.addIssue({ code: "custom", path: ["method"], message: `A GET request has no body for ${r.authType}` });
    }
  });
export type LoginRequest = z.output<typeof loginRequestSchema>;

/** A dot path into the login answer: keys, and array indexes as digits (`data.token`, `items.0.jwt`). */
export const answerPathSchema = z
  .string()
  .trim()
  .max(200)
  .regex(/^[A-Za-z0-9_$@-]+(?:\.[A-Za-z0-9_$@-]+)*$/, "A dot path of keys and array indexes, e.g. data.token");

/** The recipe's parts, each checked alone (a form's partial input, a catalogue default). */
export const recipeParts = {
  fields: z
    .array(sessionFieldSchema)
    .min(1, "Give the end user at least one field")
    .max(30, "At most 30 fields")
    .refine((f) => new Set(f.map((x) => x.name)).size === f.length, "Field names must be unique"),
  endpoints: z.strictObject({ auth: loginRequestSchema }),
  tokenPath: answerPathSchema.describe("Where the token is in the JSON answer, e.g. data.token"),
  // A form's empty input means "none".
  expirationPath: z
    .preprocess((v) => (typeof v === "string" && v.trim() === "" ? null : v), answerPathSchema.nullable())
    .optional()
    .describe(
      "Where the expiry is: seconds from now, or a date (ISO-8601 or epoch seconds); null or left out: use expiresIn",
    ),
  expiresIn: z
    .int()
    .min(60)
    .max(366 * 86_400)
    .nullable()
    .optional()
    .describe("Lifetime in seconds when the answer carries none; with neither, the token is reused until a refresh"),
};

/** Every placeholder of the login request names a declared field. */
export function checkRecipePlaceholders(
  recipe: { fields: SessionField[]; endpoints: { auth: LoginRequest } },
  ctx: z.RefinementCtx,
): void {
  const declared = new Set(recipe.fields.map((f) => f.name));
  for (const [key, template] of Object.entries(recipe.endpoints.auth.requestFields)) {
    for (const name of fieldPlaceholders(template)) {
      if (!declared.has(name)) {
        ctx.addIssue({
          code: "custom",
          path: ["endpoints", "auth", "requestFields", key],
          message: `{{fields.${name}}} is not one of the recipe's fields`,
        });
      }
    }
  }
}

/** A whole recipe: the shape of a session-auth auth client's settings and of a catalogue `session` block. */
export const sessionRecipeSchema = z
  .strictObject({
    fields: recipeParts.fields,
    endpoints: recipeParts.endpoints,
    tokenPath: recipeParts.tokenPath,
    expirationPath: recipeParts.expirationPath,
    expiresIn: recipeParts.expiresIn,
  })
  .superRefine(checkRecipePlaceholders);
export type SessionRecipe = z.output<typeof sessionRecipeSchema>;
export type SessionRecipeInput = z.input<typeof sessionRecipeSchema>;

/**
 * The end user's input for a recipe, checked against its fields: only declared names,
 * required ones filled, strings of at most 8 KiB without CR, LF or NUL. Issues are keyed
 * by field name, so `value.inputFields.<name>` points at the input.
 */
export function inputFieldsSchema(fields: readonly SessionField[]) {
  const shape = Object.fromEntries(
    fields.map((f) => {
      const base = z
        .string()
        .max(8192)
        .refine((v) => !/[\r\n\0]/.test(v), "Must not contain CR, LF or NUL characters");
      return [f.name, f.required ? base.min(1, `Enter ${f.label}`) : base.optional()];
    }),
  );
  return z.strictObject(shape as Record<string, z.ZodType<string | undefined>>);
}
