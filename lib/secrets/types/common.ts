import { z } from "zod";

/** Headers, query parameters and cookies to add to an outgoing HTTP request. */
export type RequestAuth = {
  headers: Record<string, string>;
  query: Record<string, string>;
  cookies: Record<string, string>;
};

/**
 * What a client library needs to open a connection with a native connector credential
 * (`GET /secrets/{id}/request-auth` → `connection`): a URL where the protocol has one, and
 * the parts. Flat, so every client can read it.
 */
export type ConnectionOptions = Record<string, string | number | boolean>;

export const emptyAuth = (): RequestAuth => ({ headers: {}, query: {}, cookies: {} });

/** Where an API key can go on a request. */
export const API_KEY_LOCATIONS = ["header", "query", "cookie"] as const;
export type ApiKeyLocation = (typeof API_KEY_LOCATIONS)[number];

/** A component's defaults for applying a credential (catalogue `apply.<TYPE>`). */
export type ApplyDefaults = {
  location?: ApiKeyLocation;
  headerName?: string;
  queryName?: string;
  cookieName?: string;
  prefix?: string;
};

/** How the dashboard form renders one value field. */
export type FieldSpec = {
  name: string;
  label: string;
  kind: "text" | "secret" | "number" | "select" | "textarea" | "headers";
  required: boolean;
  default?: string | number;
  choices?: readonly string[];
  help?: string;
};

/** How one value field looks in the form; what it accepts is read from the type's schema. */
export type FieldLook = {
  label: string;
  /** Left out: an enum is a select, a number a number input, a record the header rows, anything else text. */
  kind?: FieldSpec["kind"];
  help?: string;
  /**
   * What the input starts with where the schema has no default because the request
   * rendering supplies one (a bearer token's `Authorization`): pass the rendering's constant.
   */
  initial?: string;
};

/**
 * A type's form fields, in the order of `looks`, with `required`, `default` and `choices`
 * read from its zod schema, so the form cannot drift from what the API accepts.
 * `required` means an empty input is not a valid value: a field with a default is
 * required (its input starts filled), an optional one is not, and neither is a string that
 * may be empty (the Basic-auth password some APIs leave blank).
 */
export function formFields<S extends z.ZodObject>(
  schema: S,
  looks: { [K in keyof S["shape"]]?: FieldLook },
): FieldSpec[] {
  return Object.entries(looks as Record<string, FieldLook>).map(([name, look]) => {
    const field = schema.shape[name] as z.ZodType | undefined;
    if (!field) throw new Error(`formFields: ${name} is not a field of the schema`);
    let inner = field;
    let optional = false;
    let schemaDefault: unknown;
    for (;;) {
      if (inner instanceof z.ZodOptional) {
        optional = true;
        inner = inner.unwrap() as z.ZodType;
      } else if (inner instanceof z.ZodNullable) {
        inner = inner.unwrap() as z.ZodType;
      } else if (inner instanceof z.ZodDefault) {
        schemaDefault = inner.def.defaultValue;
        inner = inner.unwrap() as z.ZodType;
      } else break;
    }
    if (schemaDefault !== undefined && look.initial !== undefined) {
      throw new Error(`formFields: ${name} has a schema default; an initial value would say it twice`);
    }
    const initial = schemaDefault ?? look.initial;
    if (initial !== undefined && typeof initial !== "string" && typeof initial !== "number") {
      throw new Error(`formFields: ${name} has a default an input cannot show`);
    }
    const choices = inner instanceof z.ZodEnum ? (inner.options as string[]) : undefined;
    const kind =
      look.kind ??
      (choices
        ? "select"
        : inner instanceof z.ZodNumber
          ? "number"
          : inner instanceof z.ZodRecord
            ? "headers"
            : "text");
    return {
      name,
      label: look.label,
      kind,
      required: schemaDefault !== undefined || (!optional && !inner.safeParse("").success),
      ...(initial !== undefined && { default: initial }),
      ...(choices && { choices }),
      ...(look.help !== undefined && { help: look.help }),
    };
  });
}

/** What `mask` needs to know about the component besides the value. */
export type MaskOptions = { secretFields?: readonly string[] };

/** One credential type: its value schema, form, masking and request rendering. */
export type SecretTypeDef<S extends z.ZodType = z.ZodType> = {
  type: string;
  label: string;
  schema: S;
  fields: FieldSpec[];
  /**
   * A view of the value that is safe to list: secret fields become hints. `secretFields`
   * are the fields the component marks secret on top of the type's own (catalogue
   * `secretFields`, e.g. Stripe's Basic username is the key); they are hinted too.
   */
  mask: (value: z.output<S>, opts?: MaskOptions) => Record<string, unknown>;
  /**
   * How the value is applied to an HTTP request; null when it is not an HTTP credential.
   * `defaults` are the component's rules (catalogue `apply`); the value's own fields win.
   */
  apply: ((value: z.output<S>, defaults?: ApplyDefaults) => RequestAuth) | null;
  /**
   * The connection options of a native connector credential (a Redis URL, SigV4 parts, …),
   * with the secret's non-secret `config` (an S3 bucket or endpoint). Absent for HTTP types.
   */
  connection?: (value: z.output<S>, config: Readonly<Record<string, string>>) => ConnectionOptions;
};

const CTL = /[\r\n\0]/;
/** A string that is safe inside an HTTP header: no CR, LF or NUL (header injection). */
export const headerSafe = (label: string, max = 8192) =>
  z
    .string()
    .max(max)
    .refine((v) => !CTL.test(v), `${label} must not contain CR, LF or NUL characters`);

/** An RFC 9110 header field name. */
export const headerName = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "Not a valid header name");

/** `****abcd` for long values, `********` for short ones, so short secrets leak nothing. */
export function hint(secret: string): string {
  return secret.length >= 16 ? `****${secret.slice(-4)}` : "********";
}

/** True for what `hint` returns, so a stored mask is never hinted twice. */
export function isHint(value: string): boolean {
  return /^\*{4}[\s\S]{4}$/u.test(value);
}

/**
 * `masked` with the component's secret fields replaced by hints of their values. Every
 * type's `mask` ends with it, so a field the catalogue marks secret can never be listed.
 */
export function hintSecretFields(
  masked: Record<string, unknown>,
  value: Readonly<Record<string, unknown>>,
  opts: MaskOptions = {},
): Record<string, unknown> {
  for (const name of opts.secretFields ?? []) {
    const v = value[name];
    if (typeof v === "string") masked[name] = hint(v);
    else if (v !== undefined && v !== null) masked[name] = "********";
  }
  return masked;
}

/*
 * Headers a credential may never set (docs/architecture.md › Security model). Host would pick the
 * virtual host behind the public address the dry run checked; the framing and hop-by-hop
 * headers could smuggle a second request or change how the proxy or server reads this one.
 */
const FORBIDDEN_HEADERS = new Set([
  "host",
  "content-length",
  "transfer-encoding",
  "connection",
  "upgrade",
  "te",
  "trailer",
  "expect",
]);

/** True for a header name no credential may set: the set above and any `Proxy-*`. */
export function isForbiddenHeader(name: string): boolean {
  const lower = name.trim().toLowerCase();
  return FORBIDDEN_HEADERS.has(lower) || lower.startsWith("proxy-");
}

export const forbiddenHeaderMessage = (name: string) => `The ${name} header may not be set by a credential`;

/** `headerName` that a credential may send: a valid name, not one of the forbidden ones. */
export const credentialHeaderName = headerName.refine((n) => !isForbiddenHeader(n), {
  error: (iss) => forbiddenHeaderMessage(String(iss.input)),
});

/** `headers` without the forbidden ones: a defence for values stored before the rule. */
export function withoutForbidden(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([k]) => !isForbiddenHeader(k)));
}

export const required = (label: string) => headerSafe(label).min(1, `${label} is required`);

/** Where a token goes when neither the value nor the component says: `Authorization: Bearer …`. */
export const TOKEN_DEFAULTS = { headerName: "Authorization", prefix: "Bearer " } as const;

/** A token as one header; a forbidden header name (a value stored before the rule) is dropped. */
export function tokenAuth(
  token: string,
  headerName: string = TOKEN_DEFAULTS.headerName,
  prefix: string = TOKEN_DEFAULTS.prefix,
): RequestAuth {
  return { ...emptyAuth(), headers: withoutForbidden({ [headerName]: `${prefix}${token}` }) };
}
