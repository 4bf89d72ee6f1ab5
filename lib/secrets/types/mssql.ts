import type { ConnectionOptions } from "./common";

type SqlServerValue = {
  host: string;
  port: number;
  database: string;
  username: string;
  password: string;
  sslMode: "disable" | "prefer" | "require" | "verify-full";
};

/**
 * SQL Server's TLS switches for the form's `sslMode` (tedious / mssql `encrypt` and
 * `trustServerCertificate`). TDS has no "no TLS at all" from the client side: with
 * `encrypt: false` the login packet is still encrypted when the server can, and the
 * server may insist on more, so `disable` and `prefer` are the same request.
 */
export function sqlServerTls(sslMode: SqlServerValue["sslMode"]): {
  encrypt: boolean;
  trustServerCertificate: boolean;
} {
  if (sslMode === "verify-full") return { encrypt: true, trustServerCertificate: false };
  if (sslMode === "require") return { encrypt: true, trustServerCertificate: true };
  return { encrypt: false, trustServerCertificate: true };
}

/** An ADO.NET connection-string value: quoted when it holds a separator, a quote or edge spaces. */
function adoValue(value: string): string {
  if (!/[;'"=]|^\s|\s$/.test(value)) return value;
  return `"${value.replaceAll('"', '""')}"`;
}

/**
 * The options mssql (tedious) takes, and the ADO.NET connection string that mssql,
 * .NET's SqlClient and most ODBC tools read (`Server=tcp:host,port;…`). SQL Server has no URL.
 */
export function sqlServerConnection(v: SqlServerValue): ConnectionOptions {
  const { encrypt, trustServerCertificate } = sqlServerTls(v.sslMode);
  const parts = [
    `Server=${adoValue(`tcp:${v.host},${v.port}`)}`,
    `Database=${adoValue(v.database)}`,
    `User Id=${adoValue(v.username)}`,
    `Password=${adoValue(v.password)}`,
    `Encrypt=${encrypt}`,
    `TrustServerCertificate=${trustServerCertificate}`,
  ];
  return {
    connectionString: parts.join(";"),
    host: v.host,
    port: v.port,
    database: v.database,
    username: v.username,
    password: v.password,
    sslMode: v.sslMode,
    encrypt,
    trustServerCertificate,
  };
}
