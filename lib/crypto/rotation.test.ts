import { randomBytes, randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb, type Db } from "@/db/client";
import { authClients, dataKeys, oauthFlows, pendingRevocations, secrets, tenants, workspaces } from "@/db/schema";
import { resetEnvCache } from "@/lib/env";
import { aadFor, envelopeKeyVersion, seal } from "./aead";
import { createDataKey, dataKey, decryptField, encryptField, resetDataKeyCache } from "./data-keys";
import { masterKeyring, resetMasterKeyring } from "./master";
import { keyStatus, reencryptSecret, rotateMaster, rotateTenant } from "./rotation";

let db: Db;
beforeAll(async () => {
  db = await getDb();
});

/** A tenant with `n` secrets, each value encrypted under its current data key. */
async function seed(n: number) {
  const settings = { embedOrigins: [], returnUrlOrigins: [], branding: {}, userTokenTtl: 3600 };
  const [t] = await db
    .insert(tenants)
    .values({ name: `rot-${randomUUID()}`, settings })
    .returning();
  const [w] = await db.insert(workspaces).values({ tenantId: t.id, slug: "main", name: "Main" }).returning();
  const values = new Map<string, string>();
  for (let i = 0; i < n; i++) {
    const id = randomUUID();
    const plaintext = JSON.stringify({ apiKey: `key-${i}-${randomUUID()}` });
    const valueCiphertext = await encryptField({ db, tenantId: t.id, rowId: id, field: "value", plaintext });
    await db.insert(secrets).values({
      id,
      tenantId: t.id,
      workspaceId: w.id,
      name: `s${i}`,
      type: "apiKey",
      valueCiphertext,
      maskedValue: {},
    });
    values.set(id, plaintext);
  }
  return { tenantId: t.id, values };
}

async function rowsOf(tenantId: string) {
  return db.select().from(secrets).where(eq(secrets.tenantId, tenantId));
}

/** Every row decrypts to its original value; returns the set of envelope versions seen. */
async function checkAll(tenantId: string, values: Map<string, string>): Promise<Set<number>> {
  const versions = new Set<number>();
  for (const row of await rowsOf(tenantId)) {
    const envelope = row.valueCiphertext;
    expect(await decryptField({ db, tenantId, rowId: row.id, field: "value", envelope })).toBe(values.get(row.id));
    versions.add(envelopeKeyVersion(envelope));
  }
  return versions;
}

const activeVersion = async (tenantId: string) =>
  (await db.select().from(tenants).where(eq(tenants.id, tenantId)))[0].activeKeyVersion;

describe("rotateTenant", () => {
  it("creates the next version, keeps the old readable and re-encrypts every row", async () => {
    const { tenantId, values } = await seed(5);
    const [oldRow] = await rowsOf(tenantId);
    const progress: number[] = [];
    const result = await rotateTenant(db, tenantId, { batchSize: 2, onProgress: (p) => void progress.push(p.done) });
    expect(result).toMatchObject({ version: 2, created: true, reencrypted: 5, failed: [] });
    expect(progress).toEqual([2, 4, 5]);
    expect(await activeVersion(tenantId)).toBe(2);
    expect(await checkAll(tenantId, values)).toEqual(new Set([2]));
    // A copy of an old value (a backup, a reader mid-request) still decrypts.
    const env = { db, tenantId, rowId: oldRow.id, field: "value" };
    expect(await decryptField({ ...env, envelope: oldRow.valueCiphertext })).toBe(values.get(oldRow.id));
    expect(envelopeKeyVersion(await encryptField({ ...env, plaintext: "new" }))).toBe(2);
    // Rotation is not an edit.
    const [after] = (await rowsOf(tenantId)).filter((r) => r.id === oldRow.id);
    expect(after.updatedAt.getTime()).toBe(oldRow.updatedAt.getTime());

    expect(await rotateTenant(db, tenantId)).toMatchObject({ version: 3, created: true, reencrypted: 5 });
    expect(await checkAll(tenantId, values)).toEqual(new Set([3]));
  });

  it("resumes an interrupted rotation instead of starting another", async () => {
    const { tenantId, values } = await seed(5);
    const interrupted = rotateTenant(db, tenantId, {
      batchSize: 2,
      onProgress: () => {
        throw new Error("crash");
      },
    });
    await expect(interrupted).rejects.toThrow("crash");
    // Mid-rotation both versions are in use and both are readable.
    expect(await checkAll(tenantId, values)).toEqual(new Set([1, 2]));

    const result = await rotateTenant(db, tenantId, { batchSize: 2 });
    expect(result).toMatchObject({ version: 2, created: false, reencrypted: 3 });
    expect(await checkAll(tenantId, values)).toEqual(new Set([2]));
    expect(
      (await db.select().from(dataKeys).where(eq(dataKeys.tenantId, tenantId))).map((k) => k.version).sort(),
    ).toEqual([1, 2]);
  });

  it("resumes when the new key was stored but never activated", async () => {
    const { tenantId, values } = await seed(2);
    await createDataKey(db, tenantId, 2);
    expect(await rotateTenant(db, tenantId)).toMatchObject({ version: 2, created: false, reencrypted: 2 });
    expect(await activeVersion(tenantId)).toBe(2);
    expect(await checkAll(tenantId, values)).toEqual(new Set([2]));
  });

  it("never overwrites a concurrent write (compare-and-swap)", async () => {
    const { tenantId, values } = await seed(1);
    const [stale] = await rowsOf(tenantId);
    // A writer on an instance that has not seen the rotation yet stores a new value under v1.
    const fresh = JSON.stringify({ apiKey: "written-during-rotation" });
    const aad = aadFor(tenantId, stale.id, "value");
    await db
      .update(secrets)
      .set({ valueCiphertext: seal(await dataKey(db, tenantId, 1), 1, fresh, aad) })
      .where(eq(secrets.id, stale.id));
    await createDataKey(db, tenantId, 2);
    expect(await reencryptSecret(db, tenantId, stale, 2)).toBe(true);
    values.set(stale.id, fresh);
    expect(await checkAll(tenantId, values)).toEqual(new Set([2]));
  });

  it("reports rows that cannot be decrypted and moves the rest", async () => {
    const { tenantId, values } = await seed(3);
    const [victim] = await rowsOf(tenantId);
    const moved = seal(randomBytes(32), 1, "x", aadFor(tenantId, victim.id, "value"));
    await db.update(secrets).set({ valueCiphertext: moved }).where(eq(secrets.id, victim.id));
    values.delete(victim.id);
    expect(await rotateTenant(db, tenantId)).toMatchObject({ reencrypted: 2, failed: [victim.id] });
    await db.delete(secrets).where(and(eq(secrets.id, victim.id), eq(secrets.tenantId, tenantId)));
    expect(await checkAll(tenantId, values)).toEqual(new Set([2]));
  });
});

/** An auth client (sealed client secret) and a pending flow (sealed PKCE verifier) in `tenantId`. */
async function seedOAuth(tenantId: string) {
  const [w] = await db.select().from(workspaces).where(eq(workspaces.tenantId, tenantId)).limit(1);
  const clientId = randomUUID();
  const clientSecret = `client-secret-${randomUUID()}`;
  const clientSecretCiphertext = await encryptField({
    db,
    tenantId,
    rowId: clientId,
    field: "client_secret",
    plaintext: clientSecret,
  });
  await db.insert(authClients).values({
    id: clientId,
    tenantId,
    name: "app",
    type: "OA2_AUTHORIZATION_CODE",
    clientId: "c",
    clientSecretCiphertext,
    clientSecretHint: "****",
  });
  const flowId = randomUUID();
  const verifier = `verifier-${randomUUID()}`;
  const codeVerifierCiphertext = await encryptField({
    db,
    tenantId,
    rowId: flowId,
    field: "code_verifier",
    plaintext: verifier,
  });
  const pinned = {
    clientId: "c",
    endpoints: { auth: "https://a.example/auth", token: "https://a.example/token" },
    tokenEndpointAuthMethod: "client_secret_basic" as const,
    pkce: true,
    scope: "",
    redirectUri: "https://vault.example/api/v1/callback",
  };
  await db.insert(oauthFlows).values({
    id: flowId,
    tenantId,
    authClientId: clientId,
    stateHash: randomUUID(),
    codeVerifierCiphertext,
    pinned,
    workspaceId: w.id,
    startedBy: { actorType: "system" },
    expiresAt: new Date(Date.now() + 600_000),
  });
  const read = async () => {
    const [c] = await db.select().from(authClients).where(eq(authClients.id, clientId));
    const [f] = await db.select().from(oauthFlows).where(eq(oauthFlows.id, flowId));
    return { client: c.clientSecretCiphertext!, flow: f?.codeVerifierCiphertext ?? "", clientUpdatedAt: c.updatedAt };
  };
  return { clientId, clientSecret, flowId, verifier, read };
}

describe("rotateTenant: OAuth client secrets and PKCE verifiers", () => {
  it("re-encrypts auth_clients.client_secret and oauth_flows.code_verifier with the secret values", async () => {
    const { tenantId, values } = await seed(2);
    const o = await seedOAuth(tenantId);
    const before = await o.read();
    expect([envelopeKeyVersion(before.client), envelopeKeyVersion(before.flow)]).toEqual([1, 1]);

    const result = await rotateTenant(db, tenantId, { batchSize: 1 });
    expect(result).toMatchObject({ version: 2, created: true, reencrypted: 4, failed: [] });
    expect(await checkAll(tenantId, values)).toEqual(new Set([2]));
    const after = await o.read();
    expect([envelopeKeyVersion(after.client), envelopeKeyVersion(after.flow)]).toEqual([2, 2]);
    expect(
      await decryptField({ db, tenantId, rowId: o.clientId, field: "client_secret", envelope: after.client }),
    ).toBe(o.clientSecret);
    expect(await decryptField({ db, tenantId, rowId: o.flowId, field: "code_verifier", envelope: after.flow })).toBe(
      o.verifier,
    );
    expect(after.clientUpdatedAt.getTime()).toBe(before.clientUpdatedAt.getTime());
    const mine = (await keyStatus(db)).dataKeys.filter((k) => k.tenantId === tenantId);
    expect(mine.map(({ version, rows }) => ({ version, rows }))).toEqual([
      { version: 1, rows: 0 },
      { version: 2, rows: 4 },
    ]);
  });

  it("resumes while only a client secret is behind, and counts it in keyStatus", async () => {
    const { tenantId } = await seed(0);
    const o = await seedOAuth(tenantId);
    await db.delete(oauthFlows).where(eq(oauthFlows.id, o.flowId));
    await createDataKey(db, tenantId, 2);
    await db.update(tenants).set({ activeKeyVersion: 2 }).where(eq(tenants.id, tenantId));
    resetDataKeyCache();
    const behind = (await keyStatus(db)).dataKeys.filter((k) => k.tenantId === tenantId);
    expect(behind.map(({ version, rows }) => ({ version, rows }))).toEqual([
      { version: 1, rows: 1 },
      { version: 2, rows: 0 },
    ]);
    // The secret is behind the active version, so this run finishes v2 rather than making v3.
    expect(await rotateTenant(db, tenantId)).toMatchObject({ version: 2, created: false, reencrypted: 1 });
    expect(envelopeKeyVersion((await o.read()).client)).toBe(2);
  });

  it("reports a client secret that will not decrypt by table and id", async () => {
    const { tenantId } = await seed(1);
    const o = await seedOAuth(tenantId);
    // A secret value's envelope copied onto the client: same tenant and key, wrong row and field.
    const [secret] = await rowsOf(tenantId);
    await db
      .update(authClients)
      .set({ clientSecretCiphertext: secret.valueCiphertext })
      .where(eq(authClients.id, o.clientId));
    expect(await rotateTenant(db, tenantId)).toMatchObject({ reencrypted: 2, failed: [`auth_client:${o.clientId}`] });
  });
});

describe("rotateTenant: pending revocations", () => {
  it("re-encrypts a pending revocation's tokens, which still decrypt, and counts them in keyStatus", async () => {
    const { tenantId } = await seed(1);
    const id = randomUUID();
    const tokens = JSON.stringify({ accessToken: `at-${randomUUID()}`, refreshToken: `rt-${randomUUID()}` });
    const tokensCiphertext = await encryptField({ db, tenantId, rowId: id, field: "tokens", plaintext: tokens });
    await db.insert(pendingRevocations).values({
      id,
      tenantId,
      secretId: randomUUID(),
      tokensCiphertext,
      nextAttemptAt: new Date(Date.now() + 60_000),
      giveUpAt: new Date(Date.now() + 86_400_000),
    });
    const read = async () =>
      (await db.select().from(pendingRevocations).where(eq(pendingRevocations.id, id)))[0].tokensCiphertext;

    expect(await rotateTenant(db, tenantId)).toMatchObject({ version: 2, reencrypted: 2, failed: [] });
    const after = await read();
    expect(envelopeKeyVersion(after)).toBe(2);
    expect(await decryptField({ db, tenantId, rowId: id, field: "tokens", envelope: after })).toBe(tokens);
    const mine = (await keyStatus(db)).dataKeys.filter((k) => k.tenantId === tenantId);
    expect(mine.map(({ version, rows }) => ({ version, rows }))).toEqual([
      { version: 1, rows: 0 },
      { version: 2, rows: 2 },
    ]);
  });
});

describe("rotateMaster and keyStatus", () => {
  const original = masterKeyring();
  const others = [...original.keys].filter(([name]) => name !== original.active);
  const list = (entries: [string, Buffer][]) => entries.map(([n, k]) => `${n}:${k.toString("base64")}`).join(",");
  const newName = `v${Math.max(...[...original.keys.keys()].map((n) => Number(n.slice(1)))) + 1}`;
  const newKey = randomBytes(32);
  const saved = process.env.ENCRYPTION_KEYS;
  const useKeys = (value: string | undefined) => {
    if (value === undefined) delete process.env.ENCRYPTION_KEYS;
    else process.env.ENCRYPTION_KEYS = value;
    resetEnvCache();
    resetMasterKeyring();
    resetDataKeyCache();
  };

  // rotateMaster touches every tenant in the shared database: move them all back afterwards.
  afterAll(async () => {
    useKeys(list([[original.active, original.keys.get(original.active)!], ...others, [newName, newKey]]));
    await rotateMaster(db);
    useKeys(saved);
    expect((await keyStatus(db)).dataKeys.every((k) => k.masterVersion === original.active)).toBe(true);
  });

  it("re-wraps every data key; old and new master versions read throughout", async () => {
    const { tenantId, values } = await seed(3);
    useKeys(list([[newName, newKey], [original.active, original.keys.get(original.active)!], ...others]));
    expect(await checkAll(tenantId, values)).toEqual(new Set([1]));
    expect(
      envelopeKeyVersion(await encryptField({ db, tenantId, rowId: randomUUID(), field: "value", plaintext: "x" })),
    ).toBe(1);

    const first = await rotateMaster(db);
    expect(first.masterVersion).toBe(newName);
    expect(first.rewrapped).toBeGreaterThanOrEqual(1);
    expect(await rotateMaster(db)).toEqual({ masterVersion: newName, rewrapped: 0 });
    const status = await keyStatus(db);
    expect(status.masterActive).toBe(newName);
    expect(status.dataKeys.every((k) => k.masterVersion === newName)).toBe(true);

    // Only the new master key is needed now.
    useKeys(list([[newName, newKey]]));
    expect(await checkAll(tenantId, values)).toEqual(new Set([1]));
  });

  it("keyStatus counts rows per data-key version", async () => {
    const { tenantId } = await seed(3);
    await rotateTenant(db, tenantId, {
      batchSize: 1,
      onProgress: (p) => {
        if (p.done === 2) throw new Error("stop");
      },
    }).catch(() => {});
    const mine = (await keyStatus(db)).dataKeys.filter((k) => k.tenantId === tenantId);
    expect(mine.map(({ version, active, rows }) => ({ version, active, rows }))).toEqual([
      { version: 1, active: false, rows: 1 },
      { version: 2, active: true, rows: 2 },
    ]);
  });
});
