import type { ComponentEntryInput } from "../schema";

/*
 * Caches, message brokers and SQL Server: native connector types (lib/verify/native), so
 * each entry only names its type and says `dryRun: { kind: "native" }`. Managed flavours
 * start their forms with the provider's settings (`apply.<TYPE>.defaults`: TLS on, a fixed
 * username, the TLS port); what the API is given is taken as it is.
 */
export const cacheBrokerComponents: ComponentEntryInput[] = [
  {
    id: "redis",
    name: "Redis",
    category: "Database",
    description: "Redis or Valkey: a password (and an ACL user), proved with AUTH and PING.",
    docsUrl: "https://redis.io/docs/latest/commands/auth/",
    authTypes: ["REDIS"],
    dryRun: { kind: "native" },
  },
  {
    id: "amazon-elasticache",
    name: "Amazon ElastiCache",
    category: "Database",
    description: "ElastiCache for Valkey or Redis OSS with in-transit encryption and an AUTH token or RBAC user.",
    docsUrl: "https://docs.aws.amazon.com/AmazonElastiCache/latest/red-ug/auth.html",
    authTypes: ["REDIS"],
    apply: { REDIS: { defaults: { tls: "verify-full" } } },
    dryRun: { kind: "native" },
  },
  {
    id: "upstash-redis",
    name: "Upstash Redis",
    category: "Database",
    description: "Upstash's Redis endpoint over TCP: TLS always on, user default, the database token as password.",
    docsUrl: "https://upstash.com/docs/redis/howto/connectclient",
    authTypes: ["REDIS"],
    apply: { REDIS: { defaults: { tls: "verify-full", username: "default" } } },
    dryRun: { kind: "native" },
  },
  {
    id: "rabbitmq",
    name: "RabbitMQ",
    category: "Messaging",
    description: "An AMQP 0-9-1 broker: a user and virtual host, proved by opening a connection and a channel.",
    docsUrl: "https://rabbitmq.com/uri-spec.html",
    authTypes: ["AMQP"],
    dryRun: { kind: "native" },
  },
  {
    id: "cloudamqp",
    name: "CloudAMQP",
    category: "Messaging",
    description: "Hosted RabbitMQ: the user name is also the virtual host; AMQPS on port 5671.",
    // Not confirmed against a stored copy of the page: CloudAMQP's documentation index.
    docsUrl: "https://www.cloudamqp.com/docs/index.html",
    authTypes: ["AMQP"],
    apply: { AMQP: { defaults: { tls: "verify-full", port: 5671 } } },
    dryRun: { kind: "native" },
  },
  {
    id: "sql-server",
    name: "Microsoft SQL Server",
    category: "Database",
    description: "SQL Server or Azure SQL with a SQL login, proved with SELECT 1.",
    docsUrl: "https://learn.microsoft.com/en-us/sql/connect/ado-net/connection-string-syntax",
    authTypes: ["MSSQL"],
    dryRun: { kind: "native" },
  },
];
