import type { StaticType } from "@/lib/secrets/types";

/**
 * One line per static credential type, saying what it holds: the dashboard's type picker
 * shows these, and the embed's messages (app/embed/messages.ts) start from them, replacing
 * the few an end user is better told in other words. Plain data, so both the server
 * picker and the client embed can import it.
 */
export const typeDescriptions: Readonly<Record<StaticType, string>> = {
  NO_AUTH: "No credential: requests go out as they are.",
  SIMPLE: "A username and password, sent as HTTP Basic auth.",
  API_KEY: "A key sent as a header, query parameter or cookie.",
  BEARER: "A static token, sent in the Authorization header.",
  HTTP_HEADERS: "Your own set of headers, each sent as given.",
  POSTGRES: "Host, database, username and password.",
  MYSQL: "Host, database, username and password.",
  AWS: "An access key (and session token) for S3 or an S3-compatible service, signed with SigV4.",
  AZURE_STORAGE: "A storage account and container, with the account key or a SAS token.",
  MSSQL: "Host, database, SQL Server login and password.",
  REDIS: "Host, password (and an ACL username), database number, TLS.",
  AMQP: "Broker host, virtual host, username and password, TLS.",
  SFTP: "SSH host, username, and a password or private key.",
  FTP: "Host, username and password, over plain FTP or TLS.",
  MONGODB: "A connection string, or host, database and credentials.",
  KAFKA: "Bootstrap servers, security protocol and SASL credentials.",
  HS256: "A shared secret that signs and verifies JWTs (HMAC-SHA256).",
  RS256: "An RSA key pair: signs JWTs others verify with its public key, and decrypts JWE.",
};
