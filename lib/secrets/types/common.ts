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

/** One credential type: its value schema, form, masking and request rendering. */
export type SecretTypeDef<S extends z.ZodType = z.ZodType> = {
  type: string;
  label: string;
  schema: S;
  fields: FieldSpec[];
  /** A view of the value that is safe to list: secret fields become hints. */
  mask: (value: z.output<S>) => Record<string, unknown>;
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

export const required = (label: string) => headerSafe(label).min(1, `${label} is required`);
