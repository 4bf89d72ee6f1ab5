import "server-only";
import { parseBootstrapServers, type KafkaValue } from "@/lib/secrets/types/kafka";
import type { VerifyResult } from "../classify";
import { runNativeCheck } from "./run";

/**
 * Kafka: describe the cluster through a bootstrap server (kafkajs admin). Every bootstrap
 * server goes through the address policy, one by one (one refused server refuses the
 * check); kafkajs then dials only through a socket factory confined to those pins. The
 * brokers the cluster advertises are put through the policy too and the check runs once
 * more with them pinned; one refused broker refuses the check (`blocked`). Never throws.
 */
export function checkKafka(value: KafkaValue, opts: { timeoutMs?: number } = {}): Promise<VerifyResult> {
  const servers = parseBootstrapServers(value.bootstrapServers);
  const { securityProtocol, saslMechanism, username, password } = value;
  return runNativeCheck({
    engine: "kafka",
    // The schema refused a bad list; an empty one here makes runNativeCheck answer CHECK_TARGETS.
    targets: typeof servers === "string" ? [] : servers,
    params: { securityProtocol, saslMechanism, username, password },
    timeoutMs: opts.timeoutMs,
    followAdvertised: true,
  });
}
