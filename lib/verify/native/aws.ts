import "server-only";
import { awsServiceHost, sessionTokenOf, type AwsValue } from "@/lib/secrets/types/aws";
import type { VerifyResult } from "../classify";
import { runNativeCheck, type NativeTarget } from "./run";

/** Where an AWS check goes: the URL and the one host it names. */
export type AwsRequest = { action: "head-bucket" | "sts"; url: string; target: NativeTarget };

// A bucket that can be a DNS label under s3.<region>.amazonaws.com (virtual-hosted style);
// dotted names would break the certificate match, so they go path-style.
const VIRTUAL_HOSTABLE = /^[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])$/;

/**
 * The request that proves an AWS credential. With a bucket: HeadBucket, path-style at the
 * component's `endpoint` (S3-compatible services, emulators), else virtual-hosted at AWS.
 * Without one: STS GetCallerIdentity, at `endpoint` when set, else AWS's regional STS.
 */
export function awsRequest(value: AwsValue, config: Readonly<Record<string, string>>): AwsRequest {
  const endpoint = config.endpoint?.replace(/\/+$/, "");
  const bucket = config.bucket;
  let url: string;
  if (bucket) {
    const path = encodeURIComponent(bucket);
    if (endpoint) url = `${endpoint}/${path}`;
    else if (VIRTUAL_HOSTABLE.test(bucket)) url = `https://${bucket}.${awsServiceHost("s3", value.region)}/`;
    else url = `https://${awsServiceHost("s3", value.region)}/${path}`;
  } else {
    url = `${endpoint ?? `https://${awsServiceHost("sts", value.region)}`}/`;
  }
  const u = new URL(url);
  const port = Number(u.port) || (u.protocol === "https:" ? 443 : 80);
  return {
    action: bucket ? "head-bucket" : "sts",
    url,
    target: { host: u.hostname.replace(/^\[(.*)\]$/, "$1"), port },
  };
}

/**
 * Proves an AWS access key with a SigV4-signed request (see awsRequest) in the check process,
 * through the address policy. Never throws; the secret key never leaves the child's signer.
 */
export function checkAws(
  value: AwsValue,
  config: Readonly<Record<string, string>> = {},
  opts: { timeoutMs?: number } = {},
): Promise<VerifyResult> {
  const { action, url, target } = awsRequest(value, config);
  return runNativeCheck({
    engine: "aws",
    targets: [target],
    params: {
      action,
      url,
      region: value.region,
      accessKeyId: value.accessKeyId,
      secretAccessKey: value.secretAccessKey,
      sessionToken: sessionTokenOf(value),
    },
    timeoutMs: opts.timeoutMs,
  });
}
