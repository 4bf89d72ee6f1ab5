import { createServer as createHttpServer } from "node:http";
import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import {
  ContainerSASPermissions,
  generateBlobSASQueryParameters,
  StorageSharedKeyCredential,
} from "@azure/storage-blob";
import { beforeEach, describe, expect, it } from "vitest";
import { azureStorageSchema, type AzureStorageValue } from "@/lib/secrets/types/azure-storage";
import { connectHooks } from "../address-policy";
import { checkAzureStorage } from "./azure-storage";
import { nativeCheckHooks } from "./run";
import { setupAllowList, spyOnConsole } from "@/tests/support/native-checks";

// A real Azure Blob emulator, provided by the test runner (scripts/start-azurite.sh):
//   TEST_AZURITE_URL=http://127.0.0.1:PORT/devstoreaccount1/ictest
// in the emulator's well-known account (its key is published in the Azurite README).
// A missing variable fails the tests on purpose: a skipped check would hide a broken CI.
export const AZURITE_ACCOUNT = "devstoreaccount1";
export const AZURITE_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

function azurite(): { endpoint: string; container: string } {
  const raw = process.env.TEST_AZURITE_URL;
  if (!raw)
    throw new Error("TEST_AZURITE_URL is not set; the Azure Storage checks need Azurite (see azure-storage.test.ts)");
  const url = new URL(raw);
  const [account, container] = url.pathname.slice(1).split("/");
  return { endpoint: `${url.origin}/${account}`, container };
}

const keyValue = (over: Partial<AzureStorageValue> = {}): AzureStorageValue =>
  azureStorageSchema.parse({
    accountName: AZURITE_ACCOUNT,
    accountKey: AZURITE_KEY,
    container: azurite().container,
    ...over,
  });

/** A container SAS signed with the account key (as the portal makes one). */
function sas(permissions: string, container = azurite().container): string {
  return generateBlobSASQueryParameters(
    {
      containerName: container,
      permissions: ContainerSASPermissions.parse(permissions),
      expiresOn: new Date(Date.now() + 3600_000),
    },
    new StorageSharedKeyCredential(AZURITE_ACCOUNT, AZURITE_KEY),
  ).toString();
}

const allow = setupAllowList();

async function listening(server: Server | import("node:http").Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

const printed = spyOnConsole();
beforeEach(() => {
  allow("127.0.0.1");
  connectHooks.reset();
});

describe("Azure Storage check against Azurite", () => {
  it("accepts the account key", async () => {
    expect(await checkAzureStorage(keyValue(), { endpoint: azurite().endpoint })).toMatchObject({
      ok: true,
      class: "ok",
    });
  });

  it("reports a wrong account key as auth_failed without leaking it", async () => {
    const wrong = Buffer.from(`wrong-${Math.random()}`).toString("base64");
    const result = await checkAzureStorage(keyValue({ accountKey: wrong }), { endpoint: azurite().endpoint });
    expect(result).toMatchObject({ ok: false, class: "auth_failed", code: "AuthorizationFailure" });
    expect(JSON.stringify(result)).not.toContain(wrong);
    expect(JSON.stringify(printed.mock.calls)).not.toContain(wrong);
  });

  it("reports a missing container as not_found", async () => {
    const result = await checkAzureStorage(keyValue({ container: "ic-missing" }), { endpoint: azurite().endpoint });
    expect(result).toMatchObject({ ok: false, class: "not_found", code: "ContainerNotFound" });
  });

  it("accepts a SAS token with list permission", async () => {
    const value = keyValue({ accountKey: undefined, sasToken: `?${sas("rl")}` });
    expect(await checkAzureStorage(value, { endpoint: azurite().endpoint })).toMatchObject({ ok: true });
  });

  it("reports a SAS token without list permission as forbidden", async () => {
    const value = keyValue({ accountKey: undefined, sasToken: sas("r") });
    const result = await checkAzureStorage(value, { endpoint: azurite().endpoint });
    expect(result).toMatchObject({ ok: false, class: "forbidden", code: "AuthorizationPermissionMismatch" });
  });

  it("reports a tampered SAS signature as auth_failed without leaking it", async () => {
    const token = sas("rl").replace(/sig=[^&]+/, "sig=" + encodeURIComponent(Buffer.alloc(32, 7).toString("base64")));
    const result = await checkAzureStorage(keyValue({ accountKey: undefined, sasToken: token }), {
      endpoint: azurite().endpoint,
    });
    expect(result).toMatchObject({ ok: false, class: "auth_failed", code: "AuthorizationFailure" });
    expect(JSON.stringify(result)).not.toContain("sig=");
  });
});

describe("Azure Storage check: network, deadline and address policy", () => {
  const value = () =>
    azureStorageSchema.parse({ accountName: AZURITE_ACCOUNT, accountKey: AZURITE_KEY, container: "ictest" });

  it("reports a closed port as network", async () => {
    const server = createServer();
    const port = await listening(server);
    await new Promise((resolve) => server.close(resolve));
    const result = await checkAzureStorage(value(), { endpoint: `http://127.0.0.1:${port}/${AZURITE_ACCOUNT}` });
    expect(result).toMatchObject({ ok: false, class: "network" });
  });

  it("times out on a server that accepts and never answers, and kills the check process", async () => {
    const sockets: Socket[] = [];
    const server = createServer((s) => sockets.push(s));
    const port = await listening(server);
    try {
      const started = performance.now();
      const endpoint = `http://127.0.0.1:${port}/${AZURITE_ACCOUNT}`;
      const result = await checkAzureStorage(value(), { endpoint }, { timeoutMs: 2000 });
      expect(result).toMatchObject({ ok: false, class: "timeout" });
      expect(performance.now() - started).toBeLessThan(3500);
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
    const before = nativeCheckHooks.lastPid();
    for (const endpoint of ["http://127.0.0.2:10000/devstoreaccount1", "http://169.254.169.254", "https://10.1.2.3"]) {
      expect(await checkAzureStorage(value(), { endpoint }), endpoint).toMatchObject({ ok: false, class: "blocked" });
    }
    // Without an endpoint the account's own host is asked: a name that does not resolve is network.
    expect(nativeCheckHooks.lastPid()).toBe(before);
    expect(connectHooks.attempts()).toBe(0);
  });

  it("does not follow a redirect, not even to an allowed host", async () => {
    let redirected = 0;
    const target = createHttpServer((_, res) => {
      redirected++;
      res.end();
    });
    const targetPort = await listening(target);
    const server = createHttpServer((_, res) => {
      res.writeHead(307, { location: `http://localhost:${targetPort}/elsewhere` }).end();
    });
    const port = await listening(server);
    try {
      allow("127.0.0.1,localhost");
      const result = await checkAzureStorage(value(), { endpoint: `http://127.0.0.1:${port}/${AZURITE_ACCOUNT}` });
      expect(result).toMatchObject({ ok: false, class: "server_error", code: "HTTP_307" });
      expect(redirected).toBe(0);
    } finally {
      server.close();
      target.close();
    }
  });
});
