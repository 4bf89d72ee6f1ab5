import "server-only";
import type { RedisValue } from "@/lib/secrets/types/redis";
import type { VerifyResult } from "../classify";
import { runNativeCheck } from "./run";

/**
 * Proves a REDIS credential: connect to the checked address (TLS with the credential's host
 * name for SNI and the certificate check), AUTH, SELECT the database when one is given, PING.
 * In a child process under the native deadline (run.ts). Never throws.
 */
export function checkRedis(value: RedisValue, timeoutMs?: number): Promise<VerifyResult> {
  return runNativeCheck({
    engine: "redis",
    targets: [{ host: value.host, port: value.port }],
    params: { username: value.username, password: value.password, database: value.database, tls: value.tls },
    timeoutMs,
  });
}
