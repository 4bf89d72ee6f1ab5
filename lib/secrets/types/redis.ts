import { z } from "zod";
import { formFields, headerSafe, hint, hintSecretFields, required, type SecretTypeDef } from "./common";

/**
 * How a Redis or AMQP connection is secured, in libpq's words (the SQL types' `sslMode`):
 * plain TCP, TLS without a certificate check, or TLS with the certificate checked against the
 * host name. Neither protocol negotiates TLS in-band, so there is no "prefer".
 */
export const TLS_MODES = ["disable", "require", "verify-full"] as const;
export type TlsMode = (typeof TLS_MODES)[number];

export const TLS_HELP =
  "verify-full: TLS, the certificate checked against the host name (managed services); require: TLS without a certificate check; disable: plain TCP, the password in clear text.";

export const redisSchema = z.strictObject({
  host: required("Host").max(253),
  port: z.coerce.number().int().min(1).max(65535).default(6379),
  // Redis 6 ACL users; without one, AUTH takes the password alone (requirepass).
  username: headerSafe("Username", 128).optional(),
  password: required("Password").max(1024),
  database: z.coerce.number().int().min(0).max(9999).optional(),
  tls: z.enum(TLS_MODES).default("disable"),
});

export type RedisValue = z.output<typeof redisSchema>;

const bracketed = (host: string) => (host.includes(":") ? `[${host}]` : host);

/** Redis and Valkey (ioredis): AUTH with a password (and an ACL username), then PING. */
export const redis: SecretTypeDef<typeof redisSchema> = {
  type: "REDIS",
  label: "Redis",
  schema: redisSchema,
  fields: formFields(redisSchema, {
    host: { label: "Host" },
    port: { label: "Port" },
    username: {
      label: "Username",
      help: "Only for an ACL user (Redis 6 and later); leave empty for a password alone.",
    },
    password: { label: "Password", kind: "secret" },
    database: { label: "Database number", help: "0 when left empty." },
    tls: { label: "TLS", help: TLS_HELP },
  }),
  mask: (v, opts) =>
    hintSecretFields(
      {
        host: v.host,
        port: v.port,
        ...(v.username !== undefined && { username: v.username }),
        password: hint(v.password),
        ...(v.database !== undefined && { database: v.database }),
        tls: v.tls,
      },
      v,
      opts,
    ),
  apply: null,
  // The URL form ioredis, redis-py and redis-cli (-u) read; `rediss` is TLS.
  connection: (v) => {
    const auth = `${encodeURIComponent(v.username ?? "")}:${encodeURIComponent(v.password)}`;
    const scheme = v.tls === "disable" ? "redis" : "rediss";
    return {
      url: `${scheme}://${auth}@${bracketed(v.host)}:${v.port}/${v.database ?? 0}`,
      host: v.host,
      port: v.port,
      ...(v.username !== undefined && { username: v.username }),
      password: v.password,
      database: v.database ?? 0,
      tls: v.tls,
    };
  },
};
