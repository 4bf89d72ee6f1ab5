import Link from "next/link";
import type { StaticType } from "../labels";
import { typeLabel } from "../labels";

const descriptions: Record<StaticType, string> = {
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

/** Step 2: one link per static credential type the component accepts (`?component=…&type=…`). */
export function AuthTypePicker({ componentId, types }: { componentId: string; types: StaticType[] }) {
  return (
    <ul aria-label="Credential types" className="grid gap-3 sm:grid-cols-2">
      {types.map((type) => (
        <li key={type}>
          <Link
            href={`/credentials/new?component=${encodeURIComponent(componentId)}&type=${type}`}
            aria-describedby={`type-${type}`}
            className="block rounded-lg bg-white px-4 py-3 shadow-sm ring-1 ring-slate-200 hover:ring-brand-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
          >
            <span className="block text-sm font-medium text-slate-900">{typeLabel(type)}</span>
            <span id={`type-${type}`} aria-hidden="true" className="mt-0.5 block text-xs text-slate-600">
              {descriptions[type]}
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
