import { beforeEach, describe, expect, it } from "vitest";
import { createServer, type Server } from "node:net";
import type { AddressInfo } from "node:net";
import { connectHooks } from "../address-policy";
import { MAX_TARGETS, nativeCheckHooks, runNativeCheck } from "./run";
import { setupAllowList } from "@/tests/support/native-checks";

const allow = setupAllowList();

async function listening(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

describe("runNativeCheck", () => {
  beforeEach(() => {
    allow("127.0.0.1");
    connectHooks.reset();
  });

  it("checks every host: one refused host blocks the check before any process starts or socket opens", async () => {
    let connections = 0;
    const server = createServer((s) => {
      connections++;
      s.destroy();
    });
    const port = await listening(server);
    try {
      const before = nativeCheckHooks.lastPid();
      const result = await runNativeCheck({
        engine: "postgres",
        targets: [
          { host: "127.0.0.1", port },
          { host: "127.0.0.2", port }, // loopback, and not on the allow list
        ],
        params: { database: "d", username: "u", password: "p" },
      });
      expect(result).toMatchObject({ ok: false, class: "blocked" });
      expect(nativeCheckHooks.lastPid()).toBe(before);
      expect(connectHooks.attempts()).toBe(0);
      expect(connections).toBe(0);
    } finally {
      server.close();
    }
  });

  it(`refuses no host and more than ${MAX_TARGETS} hosts without dialling`, async () => {
    const none = await runNativeCheck({ engine: "postgres", targets: [], params: {} });
    const many = await runNativeCheck({
      engine: "postgres",
      targets: Array.from({ length: MAX_TARGETS + 1 }, (_, i) => ({ host: "127.0.0.1", port: 1000 + i })),
      params: {},
    });
    for (const r of [none, many]) expect(r).toMatchObject({ ok: false, code: "CHECK_TARGETS" });
    expect(connectHooks.attempts()).toBe(0);
  });

  it("answers network, with the engine's code only, for a server that closes at once", async () => {
    const server = createServer((s) => s.destroy());
    const port = await listening(server);
    try {
      const result = await runNativeCheck({
        engine: "mysql",
        targets: [{ host: "127.0.0.1", port }],
        params: { database: "d", username: "u", password: "secret-password-123" },
        timeoutMs: 3000,
      });
      expect(result.ok).toBe(false);
      expect(result.class).toBe("network");
      expect(JSON.stringify(result)).not.toContain("secret-password-123");
      await expect.poll(() => nativeCheckHooks.live(), { timeout: 2000 }).toBe(0);
    } finally {
      server.close();
    }
  });
});
