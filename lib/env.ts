import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

/**
 * Configuration, validated once with zod. Every env var the service reads is here.
 * The embedded default (no DATABASE_URL) generates its own secrets under DATA_DIR so
 * that `npm install && npm start` needs no set-up; a Postgres deployment must set them.
 */
const base64Key = z.string().refine((v) => Buffer.from(v, "base64").length === 32, "must be 32 bytes, base64-encoded");

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL")
    .optional(),
  DATA_DIR: z.string().default(".data"),
  PGLITE_DIR: z.string().optional(),
  // PGlite's buffer pool, inside this process's memory (Postgres' default is 128MB). The data
  // files stay in the OS page cache too, so a small pool costs little and keeps RSS down.
  PGLITE_SHARED_BUFFERS: z
    .string()
    .regex(/^[1-9]\d{0,5}(kB|MB|GB)$/, "must look like 32MB")
    .default("32MB"),
  // The V8 old-space limit of the server process that `npm start` runs, in MB (0: Node's own,
  // which is a quarter of the machine's memory or more). Without a limit V8 lets request garbage
  // pile up to hundreds of MB before it collects; the live heap under load is about 70 MB.
  // An explicit --max-old-space-size in NODE_OPTIONS wins. See lib/node-options.ts.
  SERVER_HEAP_MB: z.coerce
    .number()
    .int()
    .refine((n) => n === 0 || (n >= 128 && n <= 65_536), "must be 0 or 128 to 65536")
    .default(256),
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  ENCRYPTION_KEY: base64Key.optional(),
  ENCRYPTION_KEYS: z
    .string()
    .regex(/^v\d+:[A-Za-z0-9+/=]+(,v\d+:[A-Za-z0-9+/=]+)*$/, "must look like v2:<base64>,v1:<base64>")
    .optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  LOG_FILE: z.string().optional(),
  OUTBOUND_ALLOW_HOSTS: z.string().default(""),
  // How many reverse proxies in front append to X-Forwarded-For; the per-IP rate limits
  // read the client address from there (lib/rate-limit/client-ip.ts explains the rule).
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  // Rate limits (lib/rate-limit/policies.ts): password checks (logins and the current-password
  // check) per IP per 15 minutes, sign-ups per IP per hour, impersonations per API key per minute,
  // OAuth launches and callbacks per IP per minute.
  RATE_LIMIT_PASSWORD_PER_IP: z.coerce.number().int().min(1).default(100),
  RATE_LIMIT_SIGNUP_PER_IP: z.coerce.number().int().min(1).default(50),
  RATE_LIMIT_IMPERSONATE_PER_KEY: z.coerce.number().int().min(1).default(600),
  RATE_LIMIT_OAUTH_PER_IP: z.coerce.number().int().min(1).default(300),
  // Dry runs (credential checks) in flight per process: per tenant, and in total.
  DRY_RUNS_PER_TENANT: z.coerce.number().int().min(1).max(1000).default(4),
  DRY_RUNS_TOTAL: z.coerce.number().int().min(1).max(10_000).default(32),
  // API requests in flight per process; the excess is answered at once with 503 and Retry-After
  // (lib/api/with-api.ts). /api/health is never counted or shed.
  MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(100_000).default(256),
  // How long an instance may hold a secret's refresh lease (lib/oauth/refresh.ts). The token
  // request's timeout is derived from it (at most half of it, at most 10 s), so a hanging
  // provider always gives up before another instance may take the lease over.
  REFRESH_LEASE_SECONDS: z.coerce.number().int().min(2).max(300).default(30),
  // The background runner (lib/jobs): on in every app process unless turned off here, for
  // example on instances that should only serve requests. Any number of instances may run it.
  BACKGROUND_JOBS: z.enum(["on", "off"]).default("on"),
  // Seconds between two ticks of a job kind (a kind may ask for a shorter period of its own).
  BACKGROUND_INTERVAL_SECONDS: z.coerce.number().min(0.05).max(3600).default(60),
  // How often each credential with a dry run is re-checked (spread by ±10 % jitter).
  VERIFY_INTERVAL_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(30 * 86_400)
    .default(86_400),
  // The service's own origin (plus any path prefix) as browsers and OAuth providers reach it.
  // The OAuth redirect URI is built from it and must match what is registered at the provider
  // exactly, so it is validated here rather than guessed from request headers, which a client
  // controls. Defaults to http://localhost:$PORT (or 3000).
  PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
    .refine((v) => {
      // Zod runs this even when the URL check above failed, so a non-URL must not throw here.
      const u = URL.parse(v);
      return !u || (!u.username && !u.password && !u.search && !u.hash);
    }, "must have no credentials, query or fragment")
    .transform((v) => v.replace(/\/+$/, ""))
    .optional(),
});

/** Every variable the schema reads (the README's Configuration table lists each: tests/readme.test.ts). */
export const ENV_VARS = Object.keys(envSchema.shape);

export type Env = z.infer<typeof envSchema> & {
  AUTH_SECRET: string;
  PUBLIC_URL: string;
  dbKind: "pglite" | "postgres";
  pgliteDir: string;
};

let cached: Env | undefined;

/** Reads a secret from `file`, creating it with `make()` (mode 0600) when missing. */
export function readOrCreateSecretFile(file: string, make: () => string): string {
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(path.dirname(file), { recursive: true });
  const value = make();
  writeFileSync(file, value + "\n", { mode: 0o600, flag: "wx" });
  chmodSync(file, 0o600);
  return value;
}

/** Validated configuration. Throws one readable error listing every bad variable. */
export function env(): Env {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  const embedded = !e.DATABASE_URL;
  let authSecret = e.AUTH_SECRET;
  if (!authSecret) {
    if (!embedded && e.NODE_ENV === "production") {
      throw new Error("Invalid configuration:\n  AUTH_SECRET: required in production with DATABASE_URL");
    }
    authSecret = readOrCreateSecretFile(path.join(e.DATA_DIR, "auth-secret"), () =>
      randomBytes(32).toString("base64url"),
    );
  }
  cached = {
    ...e,
    AUTH_SECRET: authSecret,
    dbKind: embedded ? "pglite" : "postgres",
    pgliteDir: e.PGLITE_DIR ?? path.join(e.DATA_DIR, "pglite"),
    PUBLIC_URL: e.PUBLIC_URL ?? `http://localhost:${process.env.PORT || 3000}`,
  };
  return cached;
}

/** For tests that change process.env between cases. */
export function resetEnvCache(): void {
  cached = undefined;
}
