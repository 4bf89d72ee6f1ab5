import { z } from "zod";
import { formFields, hint, hintSecretFields, required, type SecretTypeDef } from "./common";

export const KAFKA_SECURITY_PROTOCOLS = ["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] as const;
export const KAFKA_SASL_MECHANISMS = ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] as const;

/** At most this many bootstrap servers (lib/verify/native/run.ts MAX_TARGETS). */
const MAX_BOOTSTRAP = 10;

/**
 * `host:port` pairs, comma-separated, as Kafka clients take `bootstrap.servers`; the port
 * defaults to 9092. An error message for anything else.
 */
export function parseBootstrapServers(list: string): { host: string; port: number }[] | string {
  const parts = list
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (parts.length === 0) return "Bootstrap servers is required";
  if (parts.length > MAX_BOOTSTRAP) return `At most ${MAX_BOOTSTRAP} bootstrap servers`;
  const servers = [];
  for (const part of parts) {
    // A client may paste `SASL_SSL://host:9092`, as broker listeners are written.
    const m = /^(?:[A-Z_]+:\/\/)?(?:\[([0-9a-fA-F:.]+)\]|([A-Za-z0-9.-]+))(?::(\d{1,5}))?$/.exec(part);
    const port = m?.[3] ? Number(m[3]) : 9092;
    if (!m || port < 1 || port > 65535) return `Not a host:port: ${part.slice(0, 60)}`;
    servers.push({ host: m[1] ?? m[2], port });
  }
  return servers;
}

export const kafkaSchema = z
  .strictObject({
    bootstrapServers: required("Bootstrap servers")
      .max(2048)
      .superRefine((s, ctx) => {
        const parsed = parseBootstrapServers(s);
        if (typeof parsed === "string") ctx.addIssue({ code: "custom", message: parsed });
      }),
    securityProtocol: z.enum(KAFKA_SECURITY_PROTOCOLS).default("SASL_SSL"),
    saslMechanism: z.enum(KAFKA_SASL_MECHANISMS).default("PLAIN"),
    username: z.string().min(1).max(256).optional(),
    password: z.string().min(1).max(1024).optional(),
  })
  .superRefine((v, ctx) => {
    if (!v.securityProtocol.startsWith("SASL_")) return;
    for (const [field, label] of [
      ["username", "Username"],
      ["password", "Password"],
    ] as const) {
      if (!v[field]) ctx.addIssue({ code: "custom", path: [field], message: `${label} is required for SASL` });
    }
  });

export type KafkaValue = z.output<typeof kafkaSchema>;

/** Apache Kafka (kafkajs): bootstrap servers, the security protocol and SASL credentials. */
export const kafka: SecretTypeDef<typeof kafkaSchema> = {
  type: "KAFKA",
  label: "Apache Kafka",
  schema: kafkaSchema,
  fields: formFields(kafkaSchema, {
    bootstrapServers: { label: "Bootstrap servers", help: "host:port, comma-separated (at most 10)." },
    securityProtocol: { label: "Security protocol", help: "SSL and SASL_SSL verify the brokers' certificates." },
    saslMechanism: { label: "SASL mechanism", help: "Only for SASL_PLAINTEXT and SASL_SSL." },
    username: { label: "Username", help: "The SASL username (Confluent Cloud: the API key)." },
    password: { label: "Password", kind: "secret", help: "The SASL password (Confluent Cloud: the API secret)." },
  }),
  mask: (v, opts) =>
    hintSecretFields(
      {
        bootstrapServers: v.bootstrapServers,
        securityProtocol: v.securityProtocol,
        saslMechanism: v.saslMechanism,
        ...(v.username !== undefined && { username: v.username }),
        ...(v.password !== undefined && { password: hint(v.password) }),
      },
      v,
      opts,
    ),
  apply: null,
  // The librdkafka / Java client property names, flat (kafkajs: brokers = bootstrapServers.split(",")).
  connection: (v) => {
    const sasl = v.securityProtocol.startsWith("SASL_");
    return {
      bootstrapServers: (parseBootstrapServers(v.bootstrapServers) as { host: string; port: number }[])
        .map((s) => `${s.host.includes(":") ? `[${s.host}]` : s.host}:${s.port}`)
        .join(","),
      securityProtocol: v.securityProtocol,
      ssl: v.securityProtocol.endsWith("SSL"),
      ...(sasl && { saslMechanism: v.saslMechanism }),
      ...(sasl && v.username !== undefined && { username: v.username }),
      ...(sasl && v.password !== undefined && { password: v.password }),
    };
  },
};
