import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { SIGV4_KEYS, startFakeSigV4, type FakeSigV4 } from "./fakes/fake-sigv4";
import { api, newTenant } from "./api";
import { testServerUrl } from "./support/test-servers";

// The AWS and AZURE_STORAGE types through the REST API, proved against the servers npm test
// starts (scripts/start-s3rver.sh, scripts/start-azurite.sh; see lib/verify/native/*.test.ts)
// and the SigV4-verifying fake. A missing variable fails, never skips.
const need = testServerUrl;
const s3 = () => {
  const u = need("TEST_S3_URL");
  return {
    value: { accessKeyId: decodeURIComponent(u.username), secretAccessKey: decodeURIComponent(u.password) },
    config: { endpoint: u.origin, bucket: u.pathname.slice(1) },
  };
};
// The emulator's well-known account key (published in the Azurite README).
const AZURITE_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
const azure = () => {
  const u = need("TEST_AZURITE_URL");
  const [accountName, container] = u.pathname.slice(1).split("/");
  return {
    value: { accountName, accountKey: AZURITE_KEY, container },
    config: { endpoint: `${u.origin}/${accountName}` },
  };
};

let fake: FakeSigV4;
const saved = process.env.OUTBOUND_ALLOW_HOSTS;
beforeAll(async () => {
  fake = await startFakeSigV4();
  process.env.OUTBOUND_ALLOW_HOSTS = "127.0.0.1";
  resetEnvCache();
});
afterAll(async () => {
  await fake.close();
  if (saved === undefined) delete process.env.OUTBOUND_ALLOW_HOSTS;
  else process.env.OUTBOUND_ALLOW_HOSTS = saved;
  resetEnvCache();
});

const find = (list: { data: { id: string }[] }, id: string) => list.data.find((s) => s.id === id);

describe("AWS through the API (Amazon S3 against s3rver)", () => {
  it("is created after HeadBucket, read whole, masked in lists, answered as SigV4 parts, patched and deleted", async () => {
    const t = await newTenant();
    const { value, config } = s3();
    const created = await api("POST", "/api/v1/secrets", {
      token: t.apiKey,
      body: { name: "Backups", type: "AWS", componentId: "amazon-s3", value, config },
    });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ status: "active", config });
    expect(created.body.data.lastVerifiedAt).not.toBeNull();
    const id = created.body.data.id;

    const read = await api("GET", `/api/v1/secrets/${id}`, { token: t.apiKey });
    expect(read.body.data.value).toEqual({ ...value, region: "us-east-1" });

    const list = await api("GET", "/api/v1/secrets", { token: t.apiKey });
    expect(find(list.body, id)).toMatchObject({
      value: { accessKeyId: value.accessKeyId, secretAccessKey: "********", region: "us-east-1" },
    });

    const auth = await api("GET", `/api/v1/secrets/${id}/request-auth`, { token: t.apiKey });
    expect(auth.status).toBe(200);
    expect(auth.body.data.connection).toEqual({
      ...value,
      region: "us-east-1",
      bucket: config.bucket,
      endpoint: config.endpoint,
      forcePathStyle: true,
    });

    // Another bucket is checked again with the stored key; a missing one is refused.
    const missing = await api("PATCH", `/api/v1/secrets/${id}`, {
      token: t.apiKey,
      body: { config: { ...config, bucket: "ic-missing-bucket" } },
    });
    expect(missing.status).toBe(422);
    expect(missing.body.error.verification).toMatchObject({ class: "not_found", code: "NoSuchBucket" });
    // Another endpoint sends the key elsewhere: only with the value entered again.
    const moved = await api("PATCH", `/api/v1/secrets/${id}`, {
      token: t.apiKey,
      body: { config: { ...config, endpoint: fake.url } },
    });
    expect(moved.status).toBe(400);
    expect(JSON.stringify(moved.body)).toContain("re-enter the secret value");
    const renamed = await api("PATCH", `/api/v1/secrets/${id}`, { token: t.apiKey, body: { name: "Backups 2" } });
    expect(renamed.status).toBe(200);

    expect((await api("DELETE", `/api/v1/secrets/${id}`, { token: t.apiKey })).status).toBe(204);
    expect((await api("GET", `/api/v1/secrets/${id}`, { token: t.apiKey })).status).toBe(404);
  });

  it("refuses an unknown access key with 422 auth_failed and stores nothing", async () => {
    const t = await newTenant();
    const { config } = s3();
    const secret = "wrong-secret-0123456789abcdef";
    const r = await api("POST", "/api/v1/secrets", {
      token: t.apiKey,
      body: {
        name: "x",
        type: "AWS",
        componentId: "amazon-s3",
        value: { accessKeyId: "AKIAUNKNOWN", secretAccessKey: secret },
        config,
      },
    });
    expect(r.status).toBe(422);
    expect(r.body.error.verification).toMatchObject({ ok: false, class: "auth_failed", code: "InvalidAccessKeyId" });
    expect(JSON.stringify(r.body)).not.toContain(secret);
    expect((await api("GET", "/api/v1/secrets", { token: t.apiKey })).body.meta.total).toBe(0);
  });
});

describe("AWS through the API (temporary key, STS at a SigV4-verifying endpoint)", () => {
  it("proves the key with GetCallerIdentity, masks the session token, and refuses a wrong secret", async () => {
    const t = await newTenant();
    const value = { ...SIGV4_KEYS.temporary, region: "eu-west-1" };
    const created = await api("POST", "/api/v1/secrets", {
      token: t.apiKey,
      body: { name: "STS", type: "AWS", componentId: "amazon-s3", value, config: { endpoint: fake.url } },
    });
    expect(created.status).toBe(201);
    expect(fake.hits.at(-1)).toMatchObject({ method: "POST", path: "/", signed: true });
    const list = JSON.stringify((await api("GET", "/api/v1/secrets", { token: t.apiKey })).body);
    expect(list).not.toContain(value.secretAccessKey);
    expect(list).not.toContain(value.sessionToken);
    expect(list).toContain(`****${value.sessionToken.slice(-4)}`);
    const auth = await api("GET", `/api/v1/secrets/${created.body.data.id}/request-auth`, { token: t.apiKey });
    expect(auth.body.data.connection).toMatchObject({ sessionToken: value.sessionToken, region: "eu-west-1" });

    const wrong = await api("PATCH", `/api/v1/secrets/${created.body.data.id}`, {
      token: t.apiKey,
      body: { value: { ...value, secretAccessKey: "not-the-secret" } },
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.verification).toMatchObject({ class: "auth_failed", code: "SignatureDoesNotMatch" });
  });

  it("requires a bucket and the provider's own endpoint form for S3-compatible services", async () => {
    const t = await newTenant();
    const body = (config: Record<string, string>) => ({
      name: "R2",
      type: "AWS",
      componentId: "cloudflare-r2",
      value: SIGV4_KEYS.plain,
      config,
    });
    const noBucket = await api("POST", "/api/v1/secrets", {
      token: t.apiKey,
      body: body({ endpoint: `https://${"a".repeat(32)}.r2.cloudflarestorage.com` }),
    });
    expect(noBucket.status).toBe(400);
    expect(JSON.stringify(noBucket.body)).toContain("config.bucket");
    const elsewhere = await api("POST", "/api/v1/secrets", {
      token: t.apiKey,
      body: body({ bucket: "b1", endpoint: "https://evil.example.com" }),
    });
    expect(elsewhere.status).toBe(400);
    expect(JSON.stringify(elsewhere.body)).toContain("config.endpoint");
  });
});

describe("AZURE_STORAGE through the API (Azure Blob Storage against Azurite)", () => {
  it("is created after a blob listing, read whole, masked in lists, answered with a connection string, patched and deleted", async () => {
    const t = await newTenant();
    const { value, config } = azure();
    const created = await api("POST", "/api/v1/secrets", {
      token: t.apiKey,
      body: { name: "Uploads", type: "AZURE_STORAGE", componentId: "azure-blob-storage", value, config },
    });
    expect(created.status).toBe(201);
    expect(created.body.data.status).toBe("active");
    const id = created.body.data.id;

    expect((await api("GET", `/api/v1/secrets/${id}`, { token: t.apiKey })).body.data.value).toEqual(value);
    const list = await api("GET", "/api/v1/secrets", { token: t.apiKey });
    expect(find(list.body, id)).toMatchObject({
      value: { accountName: value.accountName, container: value.container, accountKey: `****${AZURITE_KEY.slice(-4)}` },
    });
    expect(JSON.stringify(list.body)).not.toContain(AZURITE_KEY);

    const auth = await api("GET", `/api/v1/secrets/${id}/request-auth`, { token: t.apiKey });
    expect(auth.body.data.connection).toMatchObject({
      accountName: value.accountName,
      accountKey: AZURITE_KEY,
      endpoint: config.endpoint,
      containerUrl: `${config.endpoint}/${value.container}`,
      connectionString: `DefaultEndpointsProtocol=http;AccountName=${value.accountName};AccountKey=${AZURITE_KEY};BlobEndpoint=${config.endpoint};`,
    });

    const missing = await api("PATCH", `/api/v1/secrets/${id}`, {
      token: t.apiKey,
      body: { value: { ...value, container: "ic-missing" } },
    });
    expect(missing.status).toBe(422);
    expect(missing.body.error.verification).toMatchObject({ class: "not_found", code: "ContainerNotFound" });
    const wrongKey = Buffer.from("not-the-account-key").toString("base64");
    const refused = await api("PATCH", `/api/v1/secrets/${id}`, {
      token: t.apiKey,
      body: { value: { ...value, accountKey: wrongKey } },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error.verification.class).toBe("auth_failed");
    expect(JSON.stringify(refused.body)).not.toContain(wrongKey);
    // The stored value is unchanged by the refused patches.
    expect((await api("GET", `/api/v1/secrets/${id}`, { token: t.apiKey })).body.data.value).toEqual(value);

    expect((await api("DELETE", `/api/v1/secrets/${id}`, { token: t.apiKey })).status).toBe(204);
    expect((await api("GET", `/api/v1/secrets/${id}`, { token: t.apiKey })).status).toBe(404);
  });

  it("needs the account key or a SAS token", async () => {
    const t = await newTenant();
    const { value, config } = azure();
    const r = await api("POST", "/api/v1/secrets", {
      token: t.apiKey,
      body: {
        name: "x",
        type: "AZURE_STORAGE",
        componentId: "azure-blob-storage",
        value: { accountName: value.accountName, container: value.container },
        config,
      },
    });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toContain("Give the account key or a SAS token");
  });
});
