import { z } from "zod";
import { formFields, hint, hintSecretFields, required, type SecretTypeDef } from "./common";
import { TLS_HELP, TLS_MODES } from "./redis";

export const amqpSchema = z.strictObject({
  host: required("Host").max(253),
  port: z.coerce.number().int().min(1).max(65535).default(5672),
  vhost: required("Virtual host").max(255).default("/"),
  username: required("Username").max(128),
  password: required("Password").max(1024),
  tls: z.enum(TLS_MODES).default("disable"),
});

export type AmqpValue = z.output<typeof amqpSchema>;

/** AMQP 0-9-1 (RabbitMQ and compatible brokers, amqplib): open a connection and a channel. */
export const amqp: SecretTypeDef<typeof amqpSchema> = {
  type: "AMQP",
  label: "AMQP (RabbitMQ)",
  schema: amqpSchema,
  fields: formFields(amqpSchema, {
    host: { label: "Host" },
    port: { label: "Port", help: "5672 for plain AMQP, usually 5671 with TLS." },
    vhost: { label: "Virtual host" },
    username: { label: "Username" },
    password: { label: "Password", kind: "secret" },
    tls: { label: "TLS", help: TLS_HELP },
  }),
  mask: (v, opts) =>
    hintSecretFields(
      { host: v.host, port: v.port, vhost: v.vhost, username: v.username, password: hint(v.password), tls: v.tls },
      v,
      opts,
    ),
  apply: null,
  // The AMQP URI (RabbitMQ's URI spec): the vhost is the whole path, percent-encoded, so "/" is "%2F".
  connection: (v) => ({
    url: `${v.tls === "disable" ? "amqp" : "amqps"}://${encodeURIComponent(v.username)}:${encodeURIComponent(
      v.password,
    )}@${v.host.includes(":") ? `[${v.host}]` : v.host}:${v.port}/${encodeURIComponent(v.vhost)}`,
    host: v.host,
    port: v.port,
    vhost: v.vhost,
    username: v.username,
    password: v.password,
    tls: v.tls,
  }),
};
