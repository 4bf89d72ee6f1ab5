import type { ComponentEntryInput } from "../schema";

/*
 * Object storage over its own protocol: S3 (SigV4, the AWS type) and Azure Blob Storage
 * (AZURE_STORAGE). Their dry runs are native checks (lib/verify/native/aws.ts,
 * azure-storage.ts): HeadBucket / GetCallerIdentity, or one blob listing page.
 *
 * `baseUrl: "{{endpoint}}"` is not for requests of ours: it marks the endpoint as a routing
 * field (lib/components/routing.ts), so moving a credential to another endpoint needs the
 * secret re-entered, as for any base URL.
 */

/** An S3 bucket name (path-style safe; AWS's own rules are stricter). */
const BUCKET = "^[A-Za-z0-9][A-Za-z0-9._-]{1,61}[A-Za-z0-9]$";
/** An http(s) origin, optionally with a path (the emulators put the account there). */
const ENDPOINT = "^https?://[^\\s/?#@]+(?:/[^\\s?#]*[^\\s/?#])?$";

const bucket = (required: boolean) => ({
  name: "bucket",
  label: "Bucket",
  required,
  pattern: BUCKET,
  help: required
    ? "The test asks this bucket (HeadBucket)."
    : "The test asks this bucket (HeadBucket); without one it calls STS GetCallerIdentity.",
});

export const objectStorageComponents: ComponentEntryInput[] = [
  {
    id: "amazon-s3",
    name: "Amazon S3",
    category: "Storage",
    description: "An AWS access key for S3 buckets, or any S3-compatible service at its own endpoint.",
    // Checked: the IAM user guide's "Manage access keys for IAM users".
    docsUrl: "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html",
    authTypes: ["AWS"],
    baseUrl: "{{endpoint}}",
    fields: [
      bucket(false),
      {
        name: "endpoint",
        label: "Endpoint",
        pattern: ENDPOINT,
        placeholder: "https://s3.example.com",
        help: "Only for S3-compatible services; leave empty for AWS. Requests go path-style to this URL.",
      },
    ],
    dryRun: { kind: "native" },
  },
  {
    id: "cloudflare-r2",
    name: "Cloudflare R2",
    category: "Storage",
    description: "An R2 API token's access key ID and secret. Region: auto.",
    // Checked: "Authentication" (R2 API tokens), with the endpoint forms below.
    docsUrl: "https://developers.cloudflare.com/r2/api/tokens/",
    authTypes: ["AWS"],
    baseUrl: "{{endpoint}}",
    fields: [
      bucket(true),
      {
        name: "endpoint",
        label: "S3 API endpoint",
        required: true,
        // The account's endpoint, or a jurisdiction's (EU, FedRAMP).
        pattern: "^https://[0-9a-f]{32}\\.(?:(?:eu|fedramp)\\.)?r2\\.cloudflarestorage\\.com$",
        placeholder: "https://<account-id>.r2.cloudflarestorage.com",
      },
    ],
    dryRun: { kind: "native" },
  },
  {
    id: "digitalocean-spaces",
    name: "DigitalOcean Spaces",
    category: "Storage",
    description: "A Spaces access key and secret, for one region's endpoint.",
    // Checked: "Use DigitalOcean Spaces with AWS S3 SDKs" (access keys, endpoint per region).
    docsUrl: "https://docs.digitalocean.com/products/spaces/reference/aws-sdks/",
    authTypes: ["AWS"],
    baseUrl: "{{endpoint}}",
    fields: [
      bucket(true),
      {
        name: "endpoint",
        label: "Region endpoint",
        required: true,
        pattern: "^https://[a-z0-9]+\\.digitaloceanspaces\\.com$",
        placeholder: "https://nyc3.digitaloceanspaces.com",
      },
    ],
    dryRun: { kind: "native" },
  },
  {
    // The B2 Native API (session auth) is `backblaze-b2` in storage.ts; this is its S3 API.
    id: "backblaze-b2-s3",
    name: "Backblaze B2 (S3-compatible API)",
    category: "Storage",
    description: "An application key (not the master key) for B2's S3-compatible API.",
    // Checked: "Call the S3-Compatible API" (endpoint form, HTTPS only, SigV4 only).
    docsUrl: "https://www.backblaze.com/docs/cloud-storage-call-the-s3-compatible-api",
    authTypes: ["AWS"],
    baseUrl: "{{endpoint}}",
    fields: [
      bucket(true),
      {
        name: "endpoint",
        label: "S3 endpoint",
        required: true,
        pattern: "^https://s3\\.[a-z0-9-]+\\.backblazeb2\\.com$",
        placeholder: "https://s3.us-west-004.backblazeb2.com",
      },
    ],
    dryRun: { kind: "native" },
  },
  {
    id: "azure-blob-storage",
    name: "Azure Blob Storage",
    category: "Storage",
    description: "A storage account's container, with the account key or a SAS token.",
    // Not confirmed with the search tool: Microsoft Learn's "Manage storage account access keys".
    docsUrl: "https://learn.microsoft.com/en-us/azure/storage/common/storage-account-keys-manage",
    authTypes: ["AZURE_STORAGE"],
    baseUrl: "{{endpoint}}",
    fields: [
      {
        name: "endpoint",
        label: "Blob service endpoint",
        pattern: ENDPOINT,
        placeholder: "https://<account>.blob.core.windows.net",
        help: "Leave empty for Azure's public cloud. For the emulator: http://127.0.0.1:10000/devstoreaccount1.",
      },
    ],
    dryRun: { kind: "native" },
  },
];
