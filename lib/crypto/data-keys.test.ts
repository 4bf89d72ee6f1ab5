import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb, type Db } from "@/db/client";
import { dataKeys, tenants } from "@/db/schema";
import { DecryptionError, envelopeKeyVersion } from "./aead";
import { createTenant } from "@/lib/tenants/create";
import {
  createDataKey,
  decryptField,
  encryptField,
  ensureEveryTenantDataKey,
  ensureTenantDataKey,
  resetDataKeyCache,
} from "./data-keys";

let db: Db;
beforeAll(async () => {
  db = await getDb();
});
afterEach(() => vi.useRealTimers());

async function newTenant(): Promise<string> {
  const settings = { embedOrigins: [], returnUrlOrigins: [], branding: {}, userTokenTtl: 3600 };
  const [t] = await db
    .insert(tenants)
    .values({ name: `crypto-${randomUUID()}`, settings })
    .returning();
  return t.id;
}

const keysOf = (tenantId: string) => db.select().from(dataKeys).where(eq(dataKeys.tenantId, tenantId));

describe("tenant data keys", () => {
  it("ensureTenantDataKey creates version 1 once, wrapped (not raw)", async () => {
    const tenantId = await newTenant();
    await ensureTenantDataKey(db, tenantId);
    await ensureTenantDataKey(db, tenantId);
    const rows = await keysOf(tenantId);
    expect(rows.map((r) => r.version)).toEqual([1]);
    expect(rows[0].wrappedKey).toMatch(/^ic1\./);
  });

  it("concurrent first encryptions of a new tenant all succeed, under one key", async () => {
    // Staggered arrivals, as concurrent creates reach the server: a load that started before
    // the first key existed must not fail a caller that created the key meanwhile.
    for (let round = 0; round < 20; round++) {
      const tenantId = await newTenant();
      const calls = Array.from({ length: 8 }, async (_, i) => {
        for (let hop = 0; hop < i; hop++) await Promise.resolve();
        if (i % 2) await new Promise((r) => setImmediate(r));
        const rowId = randomUUID();
        const envelope = await encryptField({ db, tenantId, rowId, field: "value", plaintext: `p${i}` });
        return decryptField({ db, tenantId, rowId, field: "value", envelope });
      });
      expect(await Promise.all(calls)).toEqual(Array.from({ length: 8 }, (_, i) => `p${i}`));
      expect((await keysOf(tenantId)).map((r) => r.version)).toEqual([1]);
    }
  });

  it("a new tenant gets data key version 1 in its creating transaction", async () => {
    const { tenant } = await createTenant(db, {
      name: "Keys at birth",
      adminEmail: `keys-${randomUUID()}@example.test`,
      adminPassword: "a-long-enough-password",
    });
    expect((await keysOf(tenant.id)).map((r) => r.version)).toEqual([1]);
  });

  it("start-up gives a tenant made without a key its first one", async () => {
    const tenantId = await newTenant();
    expect(await ensureEveryTenantDataKey(db)).toBeGreaterThanOrEqual(1);
    expect((await keysOf(tenantId)).map((r) => r.version)).toEqual([1]);
    await ensureEveryTenantDataKey(db);
    expect(await keysOf(tenantId)).toHaveLength(1);
  });

  it("a first key made inside a transaction that rolls back is not kept by the process", async () => {
    // Until a tenant's first key is committed, no process may cache it: a cached key whose row
    // was rolled back would seal values that no other process (nor this one, restarted) can open.
    const tenantId = await newTenant();
    await expect(
      db.transaction(async (tx) => {
        await encryptField({ db: tx as unknown as Db, tenantId, rowId: randomUUID(), field: "value", plaintext: "a" });
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    const rowId = randomUUID();
    const envelope = await encryptField({ db, tenantId, rowId, field: "value", plaintext: "kept" });
    resetDataKeyCache(); // another process, or this one after a restart
    expect(await decryptField({ db, tenantId, rowId, field: "value", envelope })).toBe("kept");
  });

  it("encrypts fields round-trip, creating the first key lazily", async () => {
    const tenantId = await newTenant();
    const rowId = randomUUID();
    const envelope = await encryptField({ db, tenantId, rowId, field: "value", plaintext: '{"token":"canary"}' });
    expect(envelopeKeyVersion(envelope)).toBe(1);
    expect(envelope).not.toContain("canary");
    expect(await keysOf(tenantId)).toHaveLength(1);
    expect(await decryptField({ db, tenantId, rowId, field: "value", envelope })).toBe('{"token":"canary"}');
  });

  it("rejects a value moved to another row, field or tenant", async () => {
    const [tenantId, other] = [await newTenant(), await newTenant()];
    const rowId = randomUUID();
    await encryptField({ db, tenantId: other, rowId, field: "value", plaintext: "x" });
    const envelope = await encryptField({ db, tenantId, rowId, field: "value", plaintext: "secret" });
    const moves = [
      { tenantId, rowId: randomUUID(), field: "value" },
      { tenantId, rowId, field: "clientSecret" },
      { tenantId: other, rowId, field: "value" },
    ];
    for (const m of moves) {
      await expect(decryptField({ db, ...m, envelope })).rejects.toBeInstanceOf(DecryptionError);
    }
  });

  it("reads keys from memory after first use", async () => {
    const tenantId = await newTenant();
    const rowId = randomUUID();
    const envelope = await encryptField({ db, tenantId, rowId, field: "value", plaintext: "cached" });
    // With the stored key gone, only the cache can still decrypt.
    await db.delete(dataKeys).where(eq(dataKeys.tenantId, tenantId));
    expect(await decryptField({ db, tenantId, rowId, field: "value", envelope })).toBe("cached");
    resetDataKeyCache();
    const err = await decryptField({ db, tenantId, rowId, field: "value", envelope }).catch((e) => e);
    expect(err).toBeInstanceOf(DecryptionError);
    expect(err.reason).toBe("unknown_key");
  });

  it("picks up a rotation made elsewhere once the active-version cache expires", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const tenantId = await newTenant();
    const field = { db, tenantId, rowId: randomUUID(), field: "value" };
    const v1 = await encryptField({ ...field, plaintext: "a" });
    // Another instance rotates: new key, new active version, straight in the database.
    await createDataKey(db, tenantId, 2);
    await db.update(tenants).set({ activeKeyVersion: 2 }).where(eq(tenants.id, tenantId));
    expect(envelopeKeyVersion(await encryptField({ ...field, plaintext: "b" }))).toBe(1);
    vi.setSystemTime(Date.now() + 31_000);
    const v2 = await encryptField({ ...field, plaintext: "c" });
    expect(envelopeKeyVersion(v2)).toBe(2);
    expect(await decryptField({ ...field, envelope: v1 })).toBe("a");
    expect(await decryptField({ ...field, envelope: v2 })).toBe("c");
  });

  it("fails clearly for an unknown tenant", async () => {
    await expect(
      encryptField({ db, tenantId: randomUUID(), rowId: randomUUID(), field: "value", plaintext: "x" }),
    ).rejects.toThrow("Tenant not found");
  });
});
