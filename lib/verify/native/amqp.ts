import "server-only";
import type { AmqpValue } from "@/lib/secrets/types/amqp";
import type { VerifyResult } from "../classify";
import { runNativeCheck } from "./run";

/**
 * Proves an AMQP credential: open a connection to the checked address (log in, open the
 * virtual host) and a channel, then close both. In a child process under the native
 * deadline (run.ts). Never throws.
 */
export function checkAmqp(value: AmqpValue, timeoutMs?: number): Promise<VerifyResult> {
  return runNativeCheck({
    engine: "amqp",
    targets: [{ host: value.host, port: value.port }],
    params: { vhost: value.vhost, username: value.username, password: value.password, tls: value.tls },
    timeoutMs,
  });
}
