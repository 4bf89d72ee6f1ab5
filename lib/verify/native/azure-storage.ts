import "server-only";
import { blobEndpoint, type AzureStorageValue } from "@/lib/secrets/types/azure-storage";
import type { VerifyResult } from "../classify";
import { runNativeCheck } from "./run";

/**
 * Proves an Azure Storage credential by listing one blob page of its container
 * (@azure/storage-blob in the check process), at the component's `endpoint` or
 * https://<account>.blob.core.windows.net, through the address policy. Never throws.
 */
export function checkAzureStorage(
  value: AzureStorageValue,
  config: Readonly<Record<string, string>> = {},
  opts: { timeoutMs?: number } = {},
): Promise<VerifyResult> {
  const url = `${blobEndpoint(value, config)}/${encodeURIComponent(value.container)}`;
  const u = new URL(url);
  return runNativeCheck({
    engine: "azure-storage",
    targets: [
      { host: u.hostname.replace(/^\[(.*)\]$/, "$1"), port: Number(u.port) || (u.protocol === "https:" ? 443 : 80) },
    ],
    params: {
      url,
      accountName: value.accountName,
      ...(value.accountKey ? { accountKey: value.accountKey } : { sasToken: value.sasToken }),
    },
    timeoutMs: opts.timeoutMs,
  });
}
