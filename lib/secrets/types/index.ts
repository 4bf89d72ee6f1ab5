import { apiKey } from "./api-key";
import { aws } from "./aws";
import { azureStorage } from "./azure-storage";
import { bearer } from "./bearer";
import type { SecretTypeDef } from "./common";
import { amqp } from "./amqp";
import { mssql, mysql, postgres } from "./database";
import { ftp } from "./ftp";
import { hs256 } from "./hs256";
import { httpHeaders } from "./http-headers";
import { kafka } from "./kafka";
import { mixed } from "./mixed";
import { mongodb } from "./mongodb";
import { staticTypeNames, type SecretType, type StaticType } from "./names";
import { noAuth } from "./no-auth";
import { oauth2ClientCredentials } from "./oauth2-client-credentials";
import { oauth2Code } from "./oauth2-code";
import { redis } from "./redis";
import { rs256 } from "./rs256";
import { sessionAuth } from "./session-auth";
import { sftp } from "./sftp";
import { simple } from "./simple";

export type { ApplyDefaults, FieldSpec, RequestAuth, SecretTypeDef } from "./common";
export {
  authTypeNames,
  nativeTypeNames,
  secretTypeNames,
  staticTypeNames,
  type AuthType,
  type NativeType,
  type SecretType,
  type StaticType,
} from "./names";

/**
 * Every credential type the vault stores, keyed by its API name: exactly the `stored`
 * ones of names.ts (`satisfies` refuses a missing one and an extra one alike).
 */
export const secretTypes = {
  NO_AUTH: noAuth,
  SIMPLE: simple,
  API_KEY: apiKey,
  BEARER: bearer,
  HTTP_HEADERS: httpHeaders,
  OA2_AUTHORIZATION_CODE: oauth2Code,
  OA2_CLIENT_CREDENTIALS: oauth2ClientCredentials,
  SESSION_AUTH: sessionAuth,
  POSTGRES: postgres,
  MYSQL: mysql,
  MSSQL: mssql,
  REDIS: redis,
  AMQP: amqp,
  AWS: aws,
  AZURE_STORAGE: azureStorage,
  SFTP: sftp,
  FTP: ftp,
  MONGODB: mongodb,
  KAFKA: kafka,
  HS256: hs256,
  RS256: rs256,
  MIXED: mixed,
} as const satisfies Record<SecretType, SecretTypeDef>;

export function typeDef(type: string): SecretTypeDef {
  const def = secretTypes[type as SecretType] as SecretTypeDef | undefined;
  if (!def) throw new Error(`Unknown secret type ${type}`);
  return def;
}

/** True for a type a person can enter in the dashboard form (the `form` ones of names.ts). */
export function isStaticType(type: string): type is StaticType {
  return (staticTypeNames as readonly string[]).includes(type);
}
