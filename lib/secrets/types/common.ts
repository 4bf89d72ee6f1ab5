import { z } from "zod";

/** Headers, query parameters and cookies to add to an outgoing HTTP request. */
export type RequestAuth = {
  headers: Record<string, string>;
  query: Record<string, string>;
  cookies: Record<string, string>;
};

export const emptyAuth = (): RequestAuth => ({ headers: {}, query: {}, cookies: {} });

/** A component's defaults for applying a credential (catalogue `apply.<TYPE>`). */
export type ApplyDefaults = {
  location?: "header" | "query" | "cookie";
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
const FORBIDDEN_HEADERS = new Set(["host", "content-length", "transfer-encoding", "connection", "upgrade", "te", "trailer", "expect"]);

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
