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
  return e.LOG_FILE
    ? pino(options, pino.destination({ dest: e.LOG_FILE, sync: true, mkdir: true }))
    : pino(options);
}

/** The process logger; pass `{ requestId }` via `logger().child(...)` per request. */
export function logger(): Logger {
  g.__icLogger ??= create();
  return g.__icLogger;
}
