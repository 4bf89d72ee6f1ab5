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
 * `trustServerCertificate`; ADO.NET `Encrypt` and `TrustServerCertificate`): `disable` asks for
 * no TLS (a server that requires it refuses), `prefer` and `require` TLS without a
 * certificate check, `verify-full` TLS with the certificate checked against the host name.
 * A client given `Encrypt=true` may still go on in clear with a server that has no TLS; the
 * dry run refuses that for `require` and `verify-full` before the login is sent.
 */
export function sqlServerTls(sslMode: SqlServerValue["sslMode"]): {
  encrypt: boolean;
  trustServerCertificate: boolean;
} {
  if (sslMode === "verify-full") return { encrypt: true, trustServerCertificate: false };
  if (sslMode === "disable") return { encrypt: false, trustServerCertificate: true };
  return { encrypt: true, trustServerCertificate: true };
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
