// AWS SigV4 (S3 and S3-compatible services): HeadBucket when a bucket is set, else STS
// GetCallerIdentity. Signed with aws4fetch's AwsV4Signer, sent with http.mjs to the pinned
// address only. The parent builds the URL (lib/verify/native/aws.ts); it names a pinned host.
import { AwsV4Signer } from "aws4fetch";
import { failureClass, pinFor, pinnedRequest, statusClass } from "./http.mjs";

// AWS error codes (S3 and STS) that say something about the credential or the bucket.
const CODES = {
  InvalidAccessKeyId: "auth_failed",
  SignatureDoesNotMatch: "auth_failed",
  InvalidClientTokenId: "auth_failed", // STS: unknown access key
  ExpiredToken: "auth_failed",
  InvalidToken: "auth_failed",
  TokenRefreshRequired: "auth_failed",
  AccessDenied: "forbidden",
  AllAccessDisabled: "forbidden",
  AccountProblem: "forbidden",
  NoSuchBucket: "not_found",
  // The bucket lives in another region than the one the request was signed for.
  PermanentRedirect: "not_found",
  AuthorizationHeaderMalformed: "not_found",
  SlowDown: "rate_limited",
  Throttling: "rate_limited",
};

/** The `<Code>` of an AWS error document, or an `HTTP_<status>` stand-in. Only a code leaves. */
function httpError(res, fallback) {
  const code = /<Code>([A-Za-z0-9.]{1,64})<\/Code>/.exec(res.body)?.[1] ?? fallback ?? `HTTP_${res.status}`;
  return Object.assign(new Error("AWS refused the request"), { code, status: res.status });
}

export async function check({ pins, params, timeoutMs }) {
  const { action, url, region, accessKeyId, secretAccessKey, sessionToken } = params;
  const end = Date.now() + timeoutMs;
  const service = action === "sts" ? "sts" : "s3";
  const send = async (method, target, { body, headers } = {}) => {
    const pin = pinFor(pins, target);
    const signed = await new AwsV4Signer({
      method,
      url: target,
      headers,
      body,
      accessKeyId,
      secretAccessKey,
      sessionToken: sessionToken || undefined,
      service,
      region,
    }).sign();
    return pinnedRequest(pin, {
      method,
      url: signed.url.toString(),
      headers: Object.fromEntries(signed.headers),
      body,
      timeoutMs: Math.max(1, end - Date.now()),
    });
  };

  if (action === "sts") {
    const res = await send("POST", url, {
      body: "Action=GetCallerIdentity&Version=2011-06-15",
      headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
    });
    if (res.status === 200) return;
    throw httpError(res);
  }

  const head = await send("HEAD", url);
  if (head.status === 200) return;
  if (head.status === 404) throw httpError(head, "NoSuchBucket");
  if (head.status === 301) throw httpError(head, "PermanentRedirect");
  // A HEAD answer has no body to say why; ListObjectsV2 needs the same permission
  // (s3:ListBucket), so its error document does.
  const list = await send("GET", `${url}?list-type=2&max-keys=1`);
  throw httpError(list.status >= 300 ? list : head);
}

export function classify(err) {
  if (typeof err?.status === "number") return CODES[err.code] ?? statusClass(err.status);
  return failureClass(err);
}
