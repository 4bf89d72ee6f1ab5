import { lookup } from "node:dns/promises";
import { createServer as createHttpsServer } from "node:https";
import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import type { TLSSocket } from "node:tls";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { awsSchema, type AwsValue } from "@/lib/secrets/types/aws";
import { SIGV4_KEYS, startFakeSigV4, type FakeSigV4 } from "@/tests/fakes/fake-sigv4";
import { connectHooks } from "../address-policy";
import { awsRequest, checkAws } from "./aws";
import { nativeCheckHooks } from "./run";
import { setupAllowList, spyOnConsole } from "@/tests/support/native-checks";
import { localhostCertificate } from "@/tests/support/tls";

// A real S3 server, provided by the test runner (scripts/start-s3rver.sh):
//   TEST_S3_URL=http://S3RVER:S3RVER@127.0.0.1:PORT/ictest
// A missing variable fails the tests on purpose: a skipped check would hide a broken CI.
// s3rver checks the access key and the bucket, not the signature: the signature is proved
// against tests/fakes/fake-sigv4.ts, which verifies SigV4 itself.
function s3rver(): { value: AwsValue; endpoint: string; bucket: string } {
  const raw = process.env.TEST_S3_URL;
  if (!raw) throw new Error("TEST_S3_URL is not set; the AWS checks need s3rver (see aws.test.ts)");
  const url = new URL(raw);
  return {
    value: awsSchema.parse({
      accessKeyId: decodeURIComponent(url.username),
      secretAccessKey: decodeURIComponent(url.password),
    }),
    endpoint: url.origin,
    bucket: url.pathname.slice(1),
  };
}

const allow = setupAllowList();

async function listening(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

const printed = spyOnConsole();
beforeEach(() => {
  allow("127.0.0.1");
  connectHooks.reset();
});

describe("AWS request", () => {
  const value = awsSchema.parse({ accessKeyId: "AKIAEXAMPLE", secretAccessKey: "s", region: "eu-west-1" });

  it.each([
    [{ bucket: "photos" }, "head-bucket", "https://photos.s3.eu-west-1.amazonaws.com/"],
    [{ bucket: "my.photos" }, "head-bucket", "https://s3.eu-west-1.amazonaws.com/my.photos"],
    [
      { bucket: "b", endpoint: "https://acc.r2.cloudflarestorage.com/" },
      "head-bucket",
      "https://acc.r2.cloudflarestorage.com/b",
    ],
    [{}, "sts", "https://sts.eu-west-1.amazonaws.com/"],
    [{ endpoint: "http://127.0.0.1:4566" }, "sts", "http://127.0.0.1:4566/"],
  ])("%j → %s %s", (config, action, url) => {
    expect(awsRequest(value, config)).toMatchObject({ action, url });
  });

  it("puts China regions under amazonaws.com.cn", () => {
    const cn = awsSchema.parse({ accessKeyId: "AKIAEXAMPLE", secretAccessKey: "s", region: "cn-north-1" });
    expect(awsRequest(cn, {})).toMatchObject({ target: { host: "sts.cn-north-1.amazonaws.com.cn", port: 443 } });
  });
});

describe("AWS check against s3rver", () => {
  it("accepts good credentials with HeadBucket", async () => {
    const { value, endpoint, bucket } = s3rver();
    expect(await checkAws(value, { endpoint, bucket })).toMatchObject({ ok: true, class: "ok" });
  });

  it("reports an unknown access key as auth_failed without leaking the secret", async () => {
    const { endpoint, bucket } = s3rver();
    const secret = `wrong-${Math.random().toString(36).slice(2)}`;
    const value = awsSchema.parse({ accessKeyId: "AKIAUNKNOWN", secretAccessKey: secret });
    const result = await checkAws(value, { endpoint, bucket });
    expect(result).toMatchObject({ ok: false, class: "auth_failed", code: "InvalidAccessKeyId" });
    expect(JSON.stringify(result)).not.toContain(secret);
    expect(JSON.stringify(printed.mock.calls)).not.toContain(secret);
  });

  it("reports a missing bucket as not_found", async () => {
    const { value, endpoint } = s3rver();
    const result = await checkAws(value, { endpoint, bucket: "ic-missing-bucket" });
    expect(result).toMatchObject({ ok: false, class: "not_found", code: "NoSuchBucket" });
  });
});

describe("AWS check against a SigV4-verifying fake", () => {
  let fake: FakeSigV4;
  beforeAll(async () => {
    fake = await startFakeSigV4();
  });
  afterAll(() => fake.close());

  it("signs HeadBucket so that the signature verifies, and sends it to the pinned host", async () => {
    const value = awsSchema.parse(SIGV4_KEYS.plain);
    expect(await checkAws(value, { endpoint: fake.url, bucket: "ictest" })).toMatchObject({ ok: true });
    expect(fake.hits.at(-1)).toMatchObject({
      method: "HEAD",
      path: "/ictest",
      host: new URL(fake.url).host,
      signed: true,
    });
  });

  it("asks STS GetCallerIdentity without a bucket, with the session token signed", async () => {
    const value = awsSchema.parse(SIGV4_KEYS.temporary);
    expect(await checkAws(value, { endpoint: fake.url })).toMatchObject({ ok: true, class: "ok" });
    expect(fake.hits.at(-1)).toMatchObject({
      method: "POST",
      path: "/",
      signed: true,
      token: SIGV4_KEYS.temporary.sessionToken,
    });
  });

  it("reports a wrong secret as auth_failed (SignatureDoesNotMatch), read from the listing after HEAD", async () => {
    const secret = `wrong-secret-${Math.random().toString(36).slice(2)}`;
    const value = awsSchema.parse({ ...SIGV4_KEYS.plain, secretAccessKey: secret });
    const result = await checkAws(value, { endpoint: fake.url, bucket: "ictest" });
    expect(result).toMatchObject({ ok: false, class: "auth_failed", code: "SignatureDoesNotMatch" });
    expect(fake.hits.slice(-2).map((h) => h.method)).toEqual(["HEAD", "GET"]);
    expect(JSON.stringify(result)).not.toContain(secret);
    expect(JSON.stringify(printed.mock.calls)).not.toContain(secret);
  });

  it("reports a wrong secret at STS as auth_failed", async () => {
    const value = awsSchema.parse({ ...SIGV4_KEYS.plain, secretAccessKey: "not-the-secret" });
    expect(await checkAws(value, { endpoint: fake.url })).toMatchObject({ class: "auth_failed" });
  });

  it("reports a temporary key without its session token as auth_failed", async () => {
    const { sessionToken: _, ...rest } = SIGV4_KEYS.temporary;
    const result = await checkAws(awsSchema.parse(rest), { endpoint: fake.url, bucket: "ictest" });
    expect(result).toMatchObject({ class: "auth_failed", code: "InvalidToken" });
  });

  it("reports AccessDenied as forbidden", async () => {
    const value = awsSchema.parse(SIGV4_KEYS.plain);
    const result = await checkAws(value, { endpoint: fake.url, bucket: "locked" });
    expect(result).toMatchObject({ ok: false, class: "forbidden", code: "AccessDenied" });
  });

  it("stops reading an oversized answer (server_error)", async () => {
    const value = awsSchema.parse(SIGV4_KEYS.plain);
    const result = await checkAws(value, { endpoint: fake.url, bucket: "huge" });
    expect(result).toMatchObject({ ok: false, class: "server_error", code: "CHECK_TOO_LARGE" });
  });
});

describe("AWS check: network, deadline and address policy", () => {
  const value = awsSchema.parse(SIGV4_KEYS.plain);

  it("reports a closed port as network", async () => {
    const server = createServer();
    const port = await listening(server);
    await new Promise((resolve) => server.close(resolve));
    const result = await checkAws(value, { endpoint: `http://127.0.0.1:${port}`, bucket: "ictest" });
    expect(result).toMatchObject({ ok: false, class: "network", code: "ECONNREFUSED" });
  });

  it("times out on a server that accepts and never answers, and kills the check process", async () => {
    const sockets: Socket[] = [];
    const server = createServer((s) => sockets.push(s));
    const port = await listening(server);
    try {
      const started = performance.now();
      const result = await checkAws(
        value,
        { endpoint: `http://127.0.0.1:${port}`, bucket: "ictest" },
        { timeoutMs: 1500 },
      );
      expect(result).toMatchObject({ ok: false, class: "timeout" });
      expect(performance.now() - started).toBeLessThan(3000);
      expect(sockets.length).toBe(1);
      const pid = nativeCheckHooks.lastPid()!;
      await expect.poll(() => nativeCheckHooks.live(), { timeout: 2000 }).toBe(0);
      expect(() => process.kill(pid, 0)).toThrow();
    } finally {
      sockets.forEach((s) => s.destroy());
      server.close();
    }
  });

  it("refuses a host the policy does not allow before any process starts or socket opens", async () => {
    let connections = 0;
    const server = createServer((s) => {
      connections++;
      s.destroy();
    });
    const port = await listening(server);
    try {
      const before = nativeCheckHooks.lastPid();
      for (const endpoint of [`http://127.0.0.2:${port}`, "http://169.254.169.254", "http://10.0.0.1"]) {
        const result = await checkAws(value, { endpoint, bucket: "ictest" });
        expect(result, endpoint).toMatchObject({ ok: false, class: "blocked" });
      }
      expect(nativeCheckHooks.lastPid()).toBe(before);
      expect(connectHooks.attempts()).toBe(0);
      expect(connections).toBe(0);
    } finally {
      server.close();
    }
  });
});

describe("AWS check over TLS", () => {
  // A certificate for the name `localhost` only (no IP SAN), trusted through
  // NODE_EXTRA_CA_CERTS, which is one of the few variables the check process inherits.
  let tls: ReturnType<typeof localhostCertificate>;
  const savedCa = process.env.NODE_EXTRA_CA_CERTS;
  const seen: { servername: string | false | null; host?: string }[] = [];
  let port = 0;
  let server: import("node:https").Server;
  beforeAll(async () => {
    tls = localhostCertificate();
    server = createHttpsServer({ key: tls.key, cert: tls.cert }, (req, res) => {
      seen.push({ servername: (req.socket as TLSSocket).servername, host: req.headers.host });
      res.writeHead(200).end();
    });
    // Where the address policy will pin `localhost`: its first address.
    const [first] = await lookup("localhost", { all: true, verbatim: true });
    await new Promise<void>((resolve) => server.listen(0, first.address, resolve));
    port = (server.address() as AddressInfo).port;
    process.env.NODE_EXTRA_CA_CERTS = tls.certPath;
  });
  afterAll(() => {
    server.close();
    tls.remove();
    if (savedCa === undefined) delete process.env.NODE_EXTRA_CA_CERTS;
    else process.env.NODE_EXTRA_CA_CERTS = savedCa;
  });
  const value = awsSchema.parse(SIGV4_KEYS.plain);

  it("dials the pinned IP with the name in SNI and Host, and verifies the certificate against it", async () => {
    allow("localhost");
    const result = await checkAws(value, { endpoint: `https://localhost:${port}`, bucket: "ictest" });
    expect(result).toMatchObject({ ok: true, class: "ok" });
    expect(seen.at(-1)).toEqual({ servername: "localhost", host: `localhost:${port}` });
  });

  it("refuses a certificate that does not name the host it was asked for (network)", async () => {
    allow("127.0.0.1,::1");
    const before = seen.length;
    const [first] = await lookup("localhost", { all: true, verbatim: true });
    const host = first.family === 6 ? `[${first.address}]` : first.address;
    const result = await checkAws(value, { endpoint: `https://${host}:${port}`, bucket: "ictest" });
    expect(result).toMatchObject({ ok: false, class: "network", code: "ERR_TLS_CERT_ALTNAME_INVALID" });
    expect(seen.length).toBe(before);
  });
});
