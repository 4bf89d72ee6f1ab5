// Types for the one export of kafka.mjs that its test calls directly.
import type { Socket } from "node:net";

export type Pin = { hostname: string; address: string; port: number };

/** A kafkajs socketFactory confined to the pins. */
export function pinnedSocketFactory(
  pins: Pin[],
): (opts: { host: string; port: number; ssl: boolean | object; onConnect: () => void }) => Socket;
