import type { ComponentEntryInput } from "../schema";

/*
 * File servers (SFTP, FTP), MongoDB and Kafka: native connector types, each checked with
 * its protocol's own client in the isolated check process (lib/verify/native). Brand logos
 * come from lib/components/logos.ts; SFTP and FTP are protocols, with hand-drawn generic icons.
 */
export const filesAndStreamsComponents: ComponentEntryInput[] = [
  {
    id: "sftp",
    name: "SFTP",
    category: "File transfer",
    description: "A file server over SSH: a password or a private key, and optionally the host key to expect.",
    // OpenBSD's manual page for the OpenSSH client (not confirmed through search).
    docsUrl: "https://man.openbsd.org/sftp",
    logo: "/logos/file-transfer-secure.svg",
    authTypes: ["SFTP"],
    dryRun: { kind: "native" },
  },
  {
    id: "ftp",
    name: "FTP",
    category: "File transfer",
    description: "A file server over FTP, with explicit (AUTH TLS) or implicit TLS, or none.",
    // The protocol itself (RFC 959); FTP over TLS is RFC 4217 (not confirmed through search).
    docsUrl: "https://datatracker.ietf.org/doc/html/rfc959",
    logo: "/logos/file-transfer.svg",
    authTypes: ["FTP"],
    dryRun: { kind: "native" },
  },
  {
    id: "mongodb",
    name: "MongoDB",
    category: "Database",
    description: "A MongoDB server or replica set: a connection string, or host, port and credentials.",
    docsUrl: "https://www.mongodb.com/docs/manual/reference/connection-string/",
    authTypes: ["MONGODB"],
    dryRun: { kind: "native" },
  },
  {
    id: "mongodb-atlas",
    name: "MongoDB Atlas",
    category: "Database",
    description: "Paste the mongodb+srv:// string from Atlas (Connect › Drivers); TLS is on. Each SRV host is checked.",
    docsUrl: "https://www.mongodb.com/docs/manual/reference/connection-string-formats/",
    authTypes: ["MONGODB"],
    // Atlas accepts TLS connections only, also when the form's host fields are used.
    apply: { MONGODB: { defaults: { tls: "on" } } },
    dryRun: { kind: "native" },
  },
  {
    id: "kafka",
    name: "Apache Kafka",
    category: "Messaging",
    description: "Bootstrap servers with PLAINTEXT, SSL or SASL; the brokers the cluster advertises are checked too.",
    // The security section of Kafka's own documentation (not confirmed through search).
    docsUrl: "https://kafka.apache.org/documentation/#security",
    authTypes: ["KAFKA"],
    dryRun: { kind: "native" },
  },
  {
    id: "confluent-cloud",
    name: "Confluent Cloud",
    category: "Messaging",
    description: "SASL_SSL with PLAIN: the cluster API key as username, its secret as password.",
    docsUrl: "https://docs.confluent.io/current/cloud/using/config-client.html",
    authTypes: ["KAFKA"],
    dryRun: { kind: "native" },
  },
];
