import { createHash, createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/*
 * A small S3 + STS endpoint on 127.0.0.1 that verifies AWS Signature Version 4 itself,
 * written from the specification (docs.aws.amazon.com › "Create a signed AWS API request"),
 * not with the signer under test. s3rver checks only that an access key exists, so the
 * signature (a wrong secret, a session token) is proved here.
 *
 * - POST / `Action=GetCallerIdentity` (STS): 200, or an STS error document.
 * - HEAD /<bucket> (HeadBucket): 200 for `ictest`, 403 for `locked`, 404 otherwise; no body.
 * - GET /<bucket>?list-type=2 (ListObjectsV2): 200, or the S3 error document.
 * - GET /huge?list-type=2: a 403 whose body is 1 MiB (the engine must stop reading).
 */
export const SIGV4_KEYS = {
  plain: { accessKeyId: "AKIAICFAKE0000000001", secretAccessKey: "fake-secret-key-0123456789abcdef" },
  temporary: {
    accessKeyId: "ASIAICFAKE0000000002",
    secretAccessKey: "fake-temporary-secret-9876543210",
    sessionToken: "fake-session-token-abcdefghijklmnopqrstuvwxyz",
  },
} as const;

type Key = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
const keys = new Map<string, Key>(Object.values(SIGV4_KEYS).map((k) => [k.accessKeyId, k]));

const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");
const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data).digest();
// RFC 3986 unreserved characters stay; everything else is percent-encoded (SigV4's UriEncode).
const uriEncode = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** Why the request's signature is wrong (an AWS error code), or null when it is right. */
function verify(req: IncomingMessage, url: URL, body: Buffer): { code: string | null; key?: Key } {
  const auth = req.headers.authorization ?? "";
  const m =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/.exec(
      auth,
    );
  if (!m) return { code: "MissingAuthenticationToken" };
  const [, accessKeyId, date, region, service, signedHeaders, signature] = m;
  const key = keys.get(accessKeyId);
  if (!key) return { code: service === "sts" ? "InvalidClientTokenId" : "InvalidAccessKeyId" };
  const amzDate = String(req.headers["x-amz-date"] ?? "");
  if (!amzDate.startsWith(date)) return { code: "SignatureDoesNotMatch", key };
  const names = signedHeaders.split(";");
  if (!names.includes("host")) return { code: "SignatureDoesNotMatch", key };
  const query = [...url.searchParams]
    .map(([k, v]) => [uriEncode(k), uriEncode(v)])
    .sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : 1) : a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  const headerLines = names
    .map(
      (n) =>
        `${n}:${String(req.headers[n] ?? "")
          .trim()
          .replace(/\s+/g, " ")}\n`,
    )
    .join("");
  const payload = String(req.headers["x-amz-content-sha256"] ?? sha256(body));
  const canonical = [req.method, url.pathname, query, headerLines, signedHeaders, payload].join("\n");
  const scope = `${date}/${region}/${service}/aws4_request`;
  const toSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256(canonical)].join("\n");
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${key.secretAccessKey}`, date), region), service), "aws4_request");
  if (hmac(signingKey, toSign).toString("hex") !== signature) return { code: "SignatureDoesNotMatch", key };
  // A temporary key is valid only with its own token, and the token must be signed too.
  if (key.sessionToken) {
    const token = req.headers["x-amz-security-token"];
    if (token !== key.sessionToken || !names.includes("x-amz-security-token")) {
      return { code: service === "sts" ? "InvalidClientTokenId" : "InvalidToken", key };
    }
  }
  return { code: null, key };
}

const s3Error = (code: string) => `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code></Error>`;
const stsError = (code: string) =>
  `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code></Error></ErrorResponse>`;

/** One request as the fake saw it: enough to assert what was sent where. */
export type SigV4Hit = { method: string; path: string; host: string; signed: boolean; token?: string };
export type FakeSigV4 = { url: string; hits: SigV4Hit[]; close: () => Promise<void> };

export async function startFakeSigV4(): Promise<FakeSigV4> {
  const hits: SigV4Hit[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://fake");
      const body = Buffer.concat(chunks);
      const { code } = verify(req, url, body);
      const token = req.headers["x-amz-security-token"];
      hits.push({
        method: req.method ?? "",
        path: url.pathname,
        host: req.headers.host ?? "",
        signed: code === null,
        ...(typeof token === "string" && { token }),
      });
      const sts = req.method === "POST" && url.pathname === "/";
      const reply = (status: number, xml?: string) => {
        res.writeHead(status, { "content-type": "application/xml" });
        res.end(req.method === "HEAD" ? undefined : xml);
      };
      if (sts) {
        if (code) return reply(403, stsError(code));
        if (!new URLSearchParams(body.toString()).get("Action")?.startsWith("GetCallerIdentity")) {
          return reply(400, stsError("InvalidAction"));
        }
        return reply(
          200,
          "<GetCallerIdentityResponse><GetCallerIdentityResult><Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>",
        );
      }
      if (code) return reply(403, s3Error(code));
      const bucket = url.pathname.slice(1);
      if (bucket === "huge" && req.method === "GET") {
        res.writeHead(403, { "content-type": "application/xml" });
        return res.end(`<Error><Message>${"x".repeat(1024 * 1024)}</Message><Code>AccessDenied</Code></Error>`);
      }
      if (bucket === "ictest") return reply(200, "<ListBucketResult><KeyCount>0</KeyCount></ListBucketResult>");
      if (bucket === "locked" || bucket === "huge") return reply(403, s3Error("AccessDenied"));
      return reply(404, s3Error("NoSuchBucket"));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
