import { z } from "zod";
import { formFields, hint, hintSecretFields, required, type ConnectionOptions, type SecretTypeDef } from "./common";
import { sqlServerConnection } from "./mssql";

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
export const mssqlSchema = databaseSchema(1433);

type DatabaseValue = z.output<typeof postgresSchema>;

/** The parts, and a URL in the driver's own form (libpq `sslmode`, mysql2 `ssl-mode`). */
function connectionOf(scheme: "postgres" | "mysql", v: DatabaseValue): ConnectionOptions {
  const auth = `${encodeURIComponent(v.username)}:${encodeURIComponent(v.password)}`;
  const host = v.host.includes(":") ? `[${v.host}]` : v.host;
  const tls = scheme === "postgres" ? `sslmode=${v.sslMode}` : `ssl-mode=${MYSQL_SSL_MODES[v.sslMode]}`;
  return {
    url: `${scheme}://${auth}@${host}:${v.port}/${encodeURIComponent(v.database)}?${tls}`,
    host: v.host,
    port: v.port,
    database: v.database,
    username: v.username,
    password: v.password,
    sslMode: v.sslMode,
  };
}

// MySQL's --ssl-mode names for libpq's.
const MYSQL_SSL_MODES = {
  disable: "DISABLED",
  prefer: "PREFERRED",
  require: "REQUIRED",
  "verify-full": "VERIFY_IDENTITY",
};

function def(
  type: "POSTGRES" | "MYSQL" | "MSSQL",
  label: string,
  schema: typeof postgresSchema,
): SecretTypeDef<typeof postgresSchema> {
  return {
    type,
    label,
    schema,
    fields: formFields(schema, {
      host: { label: "Host" },
      port: { label: "Port" },
      database: { label: "Database" },
      username: { label: "Username" },
      password: { label: "Password", kind: "secret" },
      sslMode: { label: "TLS" },
    }),
    mask: (v, opts) =>
      hintSecretFields(
        {
          host: v.host,
          port: v.port,
          database: v.database,
          username: v.username,
          password: hint(v.password),
          sslMode: v.sslMode,
        },
        v,
        opts,
      ),
    apply: null,
    connection: (v) =>
      type === "MSSQL" ? sqlServerConnection(v) : connectionOf(type === "POSTGRES" ? "postgres" : "mysql", v),
  };
}

export const postgres = def("POSTGRES", "PostgreSQL", postgresSchema);
export const mysql = def("MYSQL", "MySQL / MariaDB", mysqlSchema);
export const mssql = def("MSSQL", "Microsoft SQL Server", mssqlSchema);
