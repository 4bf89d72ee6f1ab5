import { z } from "zod";
import { hint, hintSecretFields, required, type SecretTypeDef } from "./common";

const databaseSchema = (defaultPort: number) =>
  z.strictObject({
    host: required("Host").max(253),
    port: z.coerce.number().int().min(1).max(65535).default(defaultPort),
    database: required("Database").max(128),
    username: required("Username").max(128),
    password: required("Password"),
    sslMode: z.enum(["disable", "prefer", "require", "verify-full"]).default("prefer"),
  });

export const postgresSchema = databaseSchema(5432);
export const mysqlSchema = databaseSchema(3306);

function def(type: "POSTGRES" | "MYSQL", label: string, schema: typeof postgresSchema, port: number): SecretTypeDef<typeof postgresSchema> {
  return {
    type,
    label,
    schema,
    fields: [
      { name: "host", label: "Host", kind: "text", required: true },
      { name: "port", label: "Port", kind: "number", required: true, default: port },
      { name: "database", label: "Database", kind: "text", required: true },
      { name: "username", label: "Username", kind: "text", required: true },
      { name: "password", label: "Password", kind: "secret", required: true },
      { name: "sslMode", label: "TLS", kind: "select", required: true, default: "prefer", choices: ["disable", "prefer", "require", "verify-full"] },
    ],
    mask: (v, opts) =>
      hintSecretFields({ host: v.host, port: v.port, database: v.database, username: v.username, password: hint(v.password), sslMode: v.sslMode }, v, opts),
    apply: null,
  };
}

export const postgres = def("POSTGRES", "PostgreSQL", postgresSchema, 5432);
export const mysql = def("MYSQL", "MySQL / MariaDB", mysqlSchema, 3306);
