import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { apiKeys } from "@/db/schema";
import { hashToken, KEY_CACHE_TTL_MS } from "@/lib/auth/api-keys";
import { api, newTenant, uniq, userToken } from "./api";

// API keys found once are answered from memory for KEY_CACHE_TTL_MS (lib/auth/api-keys.ts).
// Revocation must still win: at once in the process that revoked, within the TTL elsewhere.
describe("cached API keys still stop working when revoked", () => {
  const second = async () => {
    const { apiKey } = await newTenant();
    const created = await api("POST", "/api/v1/api-keys", { token: apiKey, body: { name: uniq("second") } });
    return { admin: apiKey, key: created.body.data.key as string, id: created.body.data.id as string };
  };

  it("a key revoked through the API is refused at once, even right after it was used", async () => {
    const { admin, key, id } = await second();
    for (let i = 0; i < 3; i++) expect((await api("GET", "/api/v1/workspaces", { token: key })).status).toBe(200);
    expect((await api("DELETE", `/api/v1/api-keys/${id}`, { token: admin })).status).toBe(204);
    expect((await api("GET", "/api/v1/workspaces", { token: key })).status).toBe(401);
  });

  it(`a key revoked by another instance is refused within ${KEY_CACHE_TTL_MS} ms`, { timeout: 30_000 }, async () => {
    const { key, id } = await second();
    // The key is cached during this request, so its entry runs out by `filled + TTL`.
    expect((await api("GET", "/api/v1/workspaces", { token: key })).status).toBe(200);
    const filled = Date.now();
    // What another instance's revoke leaves in the shared database; this process never saw it.
    await (await getDb()).update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, id));
    // Poll until refused. What is asserted is when each request started, not how long the
    // answers took (a busy machine makes those slow, not wrong): no request that started after
    // the entry ran out may pass, and the refusal must come.
    let status = 200;
    let lastAcceptedAt = 0;
    while (status === 200 && Date.now() - filled < KEY_CACHE_TTL_MS + 5_000) {
      const sentAt = Date.now();
      status = (await api("GET", "/api/v1/workspaces", { token: key })).status;
      if (status === 200) {
        lastAcceptedAt = sentAt;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    expect(status).toBe(401);
    expect(lastAcceptedAt - filled).toBeLessThanOrEqual(KEY_CACHE_TTL_MS);
    // And it stays refused (nothing re-caches a revoked key).
    expect((await api("GET", "/api/v1/workspaces", { token: key })).status).toBe(401);
  });

  it("an unknown key is not remembered: once it exists, it works", async () => {
    const { tenantId } = await newTenant();
    const key = `ick_${randomBytes(32).toString("base64url")}`;
    expect((await api("GET", "/api/v1/workspaces", { token: key })).status).toBe(401);
    await (
      await getDb()
    )
      .insert(apiKeys)
      .values({ tenantId, name: "late", prefix: key.slice(0, 10), hash: hashToken(key) });
    expect((await api("GET", "/api/v1/workspaces", { token: key })).status).toBe(200);
  });
});

describe("a deleted end user's token stops working at once", () => {
  it("on the read path (checked in its one statement) and everywhere else", async () => {
    const { apiKey } = await newTenant();
    const username = uniq("gone");
    const token = await userToken(apiKey, username);
    const made = await api("POST", `/api/v1/secrets?username=${username}`, {
      token: apiKey,
      body: { name: "n", type: "SIMPLE", value: { username: "u", passphrase: "p" }, verify: false },
    });
    expect(made.status).toBe(201);
    const id = made.body.data.id as string;
    for (let i = 0; i < 2; i++) {
      expect((await api("GET", `/api/v1/secrets/${id}`, { token })).status).toBe(200);
      expect((await api("GET", "/api/v1/secrets", { token })).status).toBe(200);
    }
    expect((await api("DELETE", `/api/v1/end-users/${username}`, { token: apiKey })).status).toBe(204);
    expect((await api("GET", `/api/v1/secrets/${id}`, { token })).status).toBe(401);
    expect((await api("GET", "/api/v1/secrets", { token })).status).toBe(401);
  });
});
