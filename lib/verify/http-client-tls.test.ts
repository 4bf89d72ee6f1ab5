import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localhostCertificate } from "@/tests/support/tls";
import { resetEnvCache } from "../env";
import { classifyError, errorCode } from "./classify";
import { connectHooks, safeFetch } from "./http-client";

// Pinning dials an IP, but TLS must still be about the name: SNI carries the hostname and
// the certificate is verified, so a self-signed local server is refused, not trusted.
let server: Server;
let port: number;
const seenNames: (string | undefined)[] = [];
let served = 0;
const savedAllow = process.env.OUTBOUND_ALLOW_HOSTS;
let tls: ReturnType<typeof localhostCertificate>;

beforeAll(async () => {
  tls = localhostCertificate();
  const { key, cert } = tls;
  // SNICallback runs on the ClientHello, before the client gets to reject the certificate.
  const SNICallback = (name: string, cb: (err: Error | null) => void) => {
    seenNames.push(name);
    cb(null);
  };
  server = createServer({ key, cert, SNICallback }, (_req, res) => {
    served++;
    res.end("secure");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
  process.env.OUTBOUND_ALLOW_HOSTS = "127.0.0.1,localhost";
  resetEnvCache();
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  tls.remove();
  if (savedAllow === undefined) delete process.env.OUTBOUND_ALLOW_HOSTS;
  else process.env.OUTBOUND_ALLOW_HOSTS = savedAllow;
  resetEnvCache();
});

describe("safeFetch over https", () => {
  it("sends the hostname as SNI and refuses an untrusted certificate", async () => {
    connectHooks.reset();
    const err = await safeFetch(`https://localhost:${port}/`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(classifyError(err)).toBe("network");
    expect(errorCode(err)).toMatch(/SELF_SIGNED|CERT/);
    expect(connectHooks.attempts()).toBe(1);
    expect(seenNames).toContain("localhost");
    expect(served).toBe(0);
  });
});
