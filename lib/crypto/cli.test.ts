import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { tenants } from "@/db/schema";
import { runKeysCommand } from "./cli";
import type { KeyStatus } from "./status";

describe("runKeysCommand", () => {
  it("rotates a tenant and reports status", async () => {
    const db = await getDb();
    const settings = { embedOrigins: [], returnUrlOrigins: [], branding: {}, userTokenTtl: 3600 };
    const [t] = await db
      .insert(tenants)
      .values({ name: `cli-${randomUUID()}`, settings })
      .returning();
    expect(await runKeysCommand(["rotate-tenant", "--tenant", t.id, "--batch-size", "10"])).toMatchObject({
      tenantId: t.id,
      version: 2,
      created: true,
    });
    const status = (await runKeysCommand(["status"])) as KeyStatus;
    const mine = status.dataKeys.filter((k) => k.tenantId === t.id);
    expect(mine.map((k) => [k.version, k.active])).toEqual([
      [1, false],
      [2, true],
    ]);
    // JSON-able and free of key material.
    expect(JSON.stringify(status)).not.toMatch(/ic1\./);
    expect(await runKeysCommand(["rotate-master"])).toMatchObject({ masterVersion: status.masterActive, rewrapped: 0 });
  });

  it.each([
    [[], /Missing command/],
    [["frobnicate"], /Unknown command/],
    [["rotate-tenant"], /needs --tenant/],
    [["rotate-tenant", "--tenant", "not-a-uuid"], /Bad option: tenant/],
    [["rotate-tenant", "--tenant", randomUUID(), "--batch-size", "0"], /Bad option: batch-size/],
    [["status", "--tenant", randomUUID()], /only apply to rotate-tenant/],
    [["rotate-master", "--force"], /Unknown option/],
    [["status", "extra"], /Unexpected argument/],
  ])("rejects %j with usage", async (args, problem) => {
    const err = await runKeysCommand(args).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(problem);
    expect((err as Error).message).toContain("Usage:");
  });
});
