import "server-only";
import type { NativeType } from "@/lib/secrets/types";
import type { FtpValue } from "@/lib/secrets/types/ftp";
import type { KafkaValue } from "@/lib/secrets/types/kafka";
import type { MongodbValue } from "@/lib/secrets/types/mongodb";
import type { SftpValue } from "@/lib/secrets/types/sftp";
import type { AwsValue } from "@/lib/secrets/types/aws";
import type { AzureStorageValue } from "@/lib/secrets/types/azure-storage";
import type { AmqpValue } from "@/lib/secrets/types/amqp";
import type { RedisValue } from "@/lib/secrets/types/redis";
import type { VerifyResult } from "../classify";
import { checkMysql, checkPostgres, type DatabaseCheckOptions } from "../database";
import { checkAws } from "./aws";
import { checkAzureStorage } from "./azure-storage";
import { checkAmqp } from "./amqp";
import { checkMssql } from "./mssql";
import { checkRedis } from "./redis";
import { checkFtp } from "./ftp";
import { checkKafka } from "./kafka";
import { checkMongodb } from "./mongodb";
import { checkSftp } from "./sftp";

/**
 * The dry run of each native connector type (names.ts `native`), from its stored value and
 * the secret's config: the type picks the check, so a catalogue entry only says
 * `dryRun: { kind: "native" }`. Each check takes only the connection fields it needs; the
 * deadline is ours, never the value's. Adding a type: its check module here (mapping the
 * value to `runNativeCheck` targets and params, run.ts) and an engine in engines/.
 */
const CHECKS: Record<
  NativeType,
  (value: Record<string, unknown>, config: Record<string, string>) => Promise<VerifyResult>
> = {
  POSTGRES: (v) => checkPostgres(sqlOptions(v)),
  MYSQL: (v) => checkMysql(sqlOptions(v)),
  MSSQL: (v) => checkMssql(sqlOptions(v)),
  REDIS: (v) => checkRedis(v as RedisValue),
  AMQP: (v) => checkAmqp(v as AmqpValue),
  AWS: (v, config) => checkAws(v as AwsValue, config),
  AZURE_STORAGE: (v, config) => checkAzureStorage(v as AzureStorageValue, config),
  SFTP: (v) => checkSftp(v as SftpValue),
  FTP: (v) => checkFtp(v as FtpValue),
  MONGODB: (v) => checkMongodb(v as MongodbValue),
  KAFKA: (v) => checkKafka(v as KafkaValue),
};

function sqlOptions(value: Record<string, unknown>): DatabaseCheckOptions {
  const { host, port, database, username, password, sslMode } = value as unknown as DatabaseCheckOptions;
  return { host, port, database, username, password, sslMode };
}

/** True when `type` is a native connector type with a check here. */
export function isNativeType(type: string): type is NativeType {
  return Object.hasOwn(CHECKS, type);
}

/** Runs the native check for a stored value of `type`. Never throws for a native type. */
export function nativeDryRun(
  type: NativeType,
  value: Record<string, unknown>,
  config: Record<string, string> = {},
): Promise<VerifyResult> {
  return CHECKS[type](value, config);
}
