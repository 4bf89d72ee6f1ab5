import { z } from "zod";
import { formFields, headerSafe, hint, hintSecretFields, type SecretTypeDef } from "./common";

/*
 * An Azure Storage account's blob container, with the account key (Shared Key) or a SAS
 * token (docs/architecture.md › Native connectors). The blob service URL is the component's
 * config `endpoint` (the emulator, sovereign clouds), else https://<account>.blob.core.windows.net.
 */
export const azureStorageSchema = z
  .strictObject({
    accountName: z.string().regex(/^[a-z0-9]{3,24}$/, "An account name has 3 to 24 lower-case letters and digits"),
    accountKey: headerSafe("Account key", 256)
      .regex(/^(?:[A-Za-z0-9+/]+={0,2})?$/, "An account key is base64, as the portal shows it")
      .optional(),
    // As the portal shows it; a leading "?" is dropped.
    sasToken: headerSafe("SAS token", 4096)
      .transform((s) => s.trim().replace(/^\?/, ""))
      .refine((s) => s === "" || /(?:^|&)sig=/.test(s), "A SAS token has a sig= parameter")
      .optional(),
    container: z
      .string()
      .regex(
        /^(?:\$root|\$web|[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62})$/,
        "A container name has 3 to 63 lower-case letters, digits and single hyphens",
      ),
  })
  .superRefine((v, ctx) => {
    // With both, the account key is used (it can do everything the SAS can).
    if (!v.accountKey && !v.sasToken) {
      ctx.addIssue({ code: "custom", path: ["accountKey"], message: "Give the account key or a SAS token" });
    }
  });
export type AzureStorageValue = z.output<typeof azureStorageSchema>;

/** The blob service URL: the configured endpoint (no trailing slash), else Azure's public one. */
export function blobEndpoint(v: Pick<AzureStorageValue, "accountName">, config: Readonly<Record<string, string>>) {
  return (config.endpoint || `https://${v.accountName}.blob.core.windows.net`).replace(/\/+$/, "");
}

export const azureStorage: SecretTypeDef<typeof azureStorageSchema> = {
  type: "AZURE_STORAGE",
  label: "Azure Storage",
  schema: azureStorageSchema,
  fields: formFields(azureStorageSchema, {
    accountName: { label: "Storage account" },
    container: { label: "Container" },
    accountKey: { label: "Account key", kind: "secret", help: "Either the account key or a SAS token." },
    sasToken: { label: "SAS token", kind: "secret", help: "A container or account SAS with list permission." },
  }),
  mask: (v, opts) =>
    hintSecretFields(
      {
        accountName: v.accountName,
        container: v.container,
        ...(v.accountKey && { accountKey: hint(v.accountKey) }),
        ...(v.sasToken && { sasToken: hint(v.sasToken) }),
      },
      v,
      opts,
    ),
  apply: null,
  // The parts, and a connection string the SDKs take whole (BlobServiceClient.fromConnectionString).
  connection: (v, config) => {
    const endpoint = blobEndpoint(v, config);
    const connectionString = v.accountKey
      ? `DefaultEndpointsProtocol=${new URL(endpoint).protocol.slice(0, -1)};AccountName=${v.accountName};` +
        `AccountKey=${v.accountKey};BlobEndpoint=${endpoint};`
      : `BlobEndpoint=${endpoint};SharedAccessSignature=${v.sasToken};`;
    return {
      accountName: v.accountName,
      container: v.container,
      endpoint,
      containerUrl: `${endpoint}/${v.container}`,
      ...(v.accountKey ? { accountKey: v.accountKey } : { sasToken: v.sasToken! }),
      connectionString,
    };
  },
};
