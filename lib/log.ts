import pino, { type Logger } from "pino";
import { env } from "@/lib/env";

/**
 * Structured logger. Redaction is the second line of defence: code must never pass
 * secret values to the logger, but if a request or value object slips in, these paths
 * are censored.
 */
export const redactPaths = [
  "authorization",
  "*.authorization",
  "headers.authorization",
  "*.headers.authorization",
  "headers.cookie",
  "*.headers.cookie",
  "cookie",
  "password",
  "*.password",
  "passphrase",
  "*.passphrase",
  "secret",
  "*.secret",
  "clientSecret",
  "*.clientSecret",
  "token",
  "*.token",
  "accessToken",
  "*.accessToken",
  "refreshToken",
  "*.refreshToken",
  "apiKey",
  "*.apiKey",
  "key",
  "*.key",
  "privateKey",
  "*.privateKey",
  "value",
  "*.value",
];

const g = globalThis as unknown as { __icLogger?: Logger };

function create(): Logger {
  const e = env();
  const options = {
    level: e.LOG_LEVEL,
    base: undefined,
    redact: { paths: redactPaths, censor: "[redacted]" },
  };
  return e.LOG_FILE ? pino(options, pino.destination({ dest: e.LOG_FILE, sync: true, mkdir: true })) : pino(options);
}

/** The process logger; pass `{ requestId }` via `logger().child(...)` per request. */
export function logger(): Logger {
  g.__icLogger ??= create();
  return g.__icLogger;
}

/** Schema names a database error may carry (postgres.js spells them `*_name`, PGlite without). */
const DB_ERROR_FIELDS = [
  "code",
  "severity",
  "routine",
  "constraint_name",
  "constraint",
  "table_name",
  "table",
  "column_name",
  "column",
] as const;

const isSqlState = (v: unknown) => typeof v === "string" && /^[0-9A-Z]{5}$/.test(v);

/** A server error from postgres.js or PGlite: it has a SQLSTATE and no trustworthy message. */
function isDatabaseError(err: object): boolean {
  const e = err as Record<string, unknown>;
  return isSqlState(e.code) && (typeof e.severity === "string" || typeof e.routine === "string");
}

/** A drizzle `DrizzleQueryError`: its message (and so its stack) lists every bound parameter. */
function isQueryError(err: object): err is Error & { query: string; params: unknown } {
  return typeof (err as { query?: unknown }).query === "string" && "params" in err;
}

/** The stack's frames without its first line, which repeats the message. */
function framesOf(err: Error): string | undefined {
  const head = `${err.name}: ${err.message}`;
  return err.stack?.startsWith(head) ? err.stack.slice(head.length).replace(/^\n/, "") : undefined;
}

/**
 * What the log may hold about an unexpected error. Most errors keep their name and stack.
 * Database errors do not: drizzle's message embeds the bound parameters (secret names,
 * usernames, ciphertext), and Postgres' own messages and details echo input values
 * (`invalid input syntax for type uuid: "…"`, `Key (email)=(…) already exists`). For
 * those, only the SQL text (placeholders, no values), the SQLSTATE code, the routine and
 * schema names are kept.
 */
export function errorForLog(err: unknown): Record<string, unknown> | string {
  if (!(err instanceof Error)) return String(err);
  const e = err;
  const raw = (e as { query?: unknown }).query;
  const query = typeof raw === "string" ? raw : undefined;
  // First the server's own error (PGlite attaches `query` and `params` to it as well)…
  if (isDatabaseError(e)) return { ...databaseFields(e), query, frames: framesOf(e) };
  // …then drizzle's wrapper around one.
  if (isQueryError(e)) {
    const cause = e.cause && typeof e.cause === "object" ? databaseFields(e.cause) : undefined;
    return { name: e.constructor?.name || e.name, query, cause, frames: framesOf(e) };
  }
  return { name: e.name, stack: e.stack };
}

function databaseFields(err: object): Record<string, unknown> {
  const e = err as Record<string, unknown>;
  const out: Record<string, unknown> = { name: (err as Error).name };
  if (!isDatabaseError(err)) return out; // an unknown cause: its message is not safe either
  for (const k of DB_ERROR_FIELDS) if (typeof e[k] === "string") out[k] = e[k];
  return out;
}
