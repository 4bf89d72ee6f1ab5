import { z } from "zod";
import { formFields, headerSafe, hint, hintSecretFields, required, type SecretTypeDef } from "./common";

/*
 * AWS access keys, SigV4 (docs/architecture.md › Native connectors). The value holds what
 * signs; where it is sent (an S3 bucket, an S3-compatible service's endpoint) is the
 * component's non-secret config (`bucket`, `endpoint`), so one key can serve several buckets.
 */
export const awsSchema = z.strictObject({
  // AWS ids are 16-128 upper-case characters; R2, Spaces and B2 issue lower-case hex or digits.
  accessKeyId: required("Access key ID")
    .max(128)
    .regex(/^[A-Za-z0-9]+$/, "An access key ID has only letters and digits"),
  secretAccessKey: required("Secret access key").max(256),
  // Temporary credentials from STS come with one; long-term keys do not.
  sessionToken: headerSafe("Session token", 8192).optional(),
  region: z
    .string()
    .regex(/^[a-z0-9-]{2,32}$/, "A region name such as us-east-1 (auto for Cloudflare R2)")
    .default("us-east-1"),
});
export type AwsValue = z.output<typeof awsSchema>;

/** The host of an AWS service's regional endpoint (China regions live under amazonaws.com.cn). */
export function awsServiceHost(service: "s3" | "sts", region: string): string {
  return `${service}.${region}.amazonaws.com${region.startsWith("cn-") ? ".cn" : ""}`;
}

/** A session token counts only when it has content (an optional form input may send ""). */
export const sessionTokenOf = (v: AwsValue): string | undefined => v.sessionToken || undefined;

export const aws: SecretTypeDef<typeof awsSchema> = {
  type: "AWS",
  label: "AWS access key",
  schema: awsSchema,
  fields: formFields(awsSchema, {
    accessKeyId: { label: "Access key ID" },
    secretAccessKey: { label: "Secret access key", kind: "secret" },
    sessionToken: { label: "Session token", kind: "secret", help: "Only for temporary credentials from STS." },
    region: { label: "Region", help: "The bucket's region; auto for Cloudflare R2." },
  }),
  mask: (v, opts) =>
    hintSecretFields(
      {
        accessKeyId: v.accessKeyId,
        secretAccessKey: hint(v.secretAccessKey),
        ...(sessionTokenOf(v) && { sessionToken: hint(v.sessionToken!) }),
        region: v.region,
      },
      v,
      opts,
    ),
  apply: null,
  // SigV4 parts, as the SDKs take them. `endpoint` is the S3 endpoint: the component's for an
  // S3-compatible service (path-style addressing), else AWS's regional one.
  connection: (v, config) => ({
    accessKeyId: v.accessKeyId,
    secretAccessKey: v.secretAccessKey,
    ...(sessionTokenOf(v) && { sessionToken: v.sessionToken! }),
    region: v.region,
    ...(config.bucket && { bucket: config.bucket }),
    endpoint: config.endpoint || `https://${awsServiceHost("s3", v.region)}`,
    forcePathStyle: !!config.endpoint,
  }),
};
