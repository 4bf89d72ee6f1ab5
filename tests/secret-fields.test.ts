import { randomBytes } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { secrets } from "@/db/schema";
import { rebuildMasks } from "@/lib/secrets/remask";
import { api, memberCookie, newTenant, uniq, userToken } from "./api";

/*
 * Stripe, Close and Freshdesk put the secret key in the Basic-auth username. The
 * catalogue marks that field secret for the component, so it is masked like a password
 * everywhere a masked value goes: create and patch responses, lists, the stored column.
 */
const canaryKey = () => `sk_live_CANARY${randomBytes(12).toString("hex")}`;

async function storedMask(id: string) {
  const db = await getDb();
  const [row] = await db.select({ masked: secrets.maskedValue }).from(secrets).where(eq(secrets.id, id));
  return row.masked;
}

describe("component secret fields: a key in the Basic username", () => {
  it("a Stripe key used as the username never appears in create, list or masked_value", async () => {
    const t = await newTenant();
    const canary = canaryKey();
    const username = uniq("end-user");
    const body = {
      name: "Stripe live",
      type: "SIMPLE",
      componentId: "stripe",
      value: { username: canary, passphrase: "" },
      verify: false,
    };

    const created = await api("POST", `/api/v1/secrets?username=${username}`, { token: t.apiKey, body });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(JSON.stringify(created.body)).not.toContain(canary);
    expect(created.body.data.value.username).toBe(`****${canary.slice(-4)}`);
    const id = created.body.data.id;

    // The route that exists to return the value still returns it whole (positive control).
    const read = await api("GET", `/api/v1/secrets/${id}`, { token: t.apiKey });
    expect(read.body.data.value.username).toBe(canary);

    const viewer = await memberCookie(t.tenantId, "viewer");
    const developer = await memberCookie(t.tenantId, "developer");
    const user = await userToken(t.apiKey, username);
    const lists = [
      await api("GET", "/api/v1/secrets", { token: t.apiKey }),
      await api("GET", "/api/v1/secrets?component=stripe", { token: t.apiKey }),
      await api("GET", `/api/v1/secrets?username=${username}`, { token: t.apiKey }),
      await api("GET", "/api/v1/secrets?type=SIMPLE", { cookie: viewer }),
      await api("GET", "/api/v1/secrets", { cookie: developer }),
      await api("GET", "/api/v1/secrets", { token: user }),
    ];
    for (const list of lists) {
      expect(list.status).toBe(200);
      expect(list.body.data.map((s: { id: string }) => s.id)).toContain(id);
      expect(JSON.stringify(list.body)).not.toContain(canary);
    }
    expect(JSON.stringify(await storedMask(id))).not.toContain(canary);

    // A replaced value is masked the same way.
    const next = canaryKey();
    const patched = await api("PATCH", `/api/v1/secrets/${id}`, {
      token: t.apiKey,
      body: { value: { username: next, passphrase: "" }, verify: false },
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(JSON.stringify(patched.body)).not.toContain(next);
    expect(await storedMask(id)).toEqual({ username: `****${next.slice(-4)}`, passphrase: "********" });
  });

  it.each(["close", "freshdesk", "woocommerce"])("%s masks its Basic username", async (componentId) => {
    const t = await newTenant();
    const canary = canaryKey();
    const config =
      componentId === "freshdesk"
        ? { subdomain: "acme" }
        : componentId === "woocommerce"
          ? { storeDomain: "shop.example.com" }
          : {};
    const r = await api("POST", "/api/v1/secrets", {
      token: t.apiKey,
      body: {
        name: componentId,
        type: "SIMPLE",
        componentId,
        config,
        value: { username: canary, passphrase: "X" },
        verify: false,
      },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(JSON.stringify(r.body)).not.toContain(canary);
    expect(JSON.stringify(await storedMask(r.body.data.id))).not.toContain(canary);
  });

  it("a username that is only an identity stays readable (Mailgun's literal api, plain Basic auth)", async () => {
    const t = await newTenant();
    const mailgun = await api("POST", "/api/v1/secrets", {
      token: t.apiKey,
      body: {
        name: "mg",
        type: "SIMPLE",
        componentId: "mailgun",
        value: { username: "api", passphrase: "key-1234567890abcdef" },
        verify: false,
      },
    });
    expect(mailgun.body.data.value).toEqual({ username: "api", passphrase: "****cdef" });
    const plain = await api("POST", "/api/v1/secrets", {
      token: t.apiKey,
      body: { name: "plain", type: "SIMPLE", value: { username: "alice", passphrase: "pw" } },
    });
    expect(plain.body.data.value).toEqual({ username: "alice", passphrase: "********" });
  });

  it("GET /components says which fields are secret for the component", async () => {
    const t = await newTenant();
    const stripe = await api("GET", "/api/v1/components/stripe", { token: t.apiKey });
    expect(stripe.body.data.secretFields).toEqual({ SIMPLE: ["username"] });
    const mailgun = await api("GET", "/api/v1/components/mailgun", { token: t.apiKey });
    expect(mailgun.body.data.secretFields ?? {}).toEqual({});
  });
});

describe("rebuildMasks: rows stored before the catalogue marked the field", () => {
  it("hints the plaintext username kept in masked_value, without decrypting, once", async () => {
    const t = await newTenant();
    const db = await getDb();
    const canary = canaryKey();
    const short = "rk_short"; // under 16 characters: the hint gives nothing away
    const make = async (componentId: string, username: string) => {
      const r = await api("POST", "/api/v1/secrets", {
        token: t.apiKey,
        body: { name: componentId, type: "SIMPLE", componentId, value: { username, passphrase: "" }, verify: false },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body.data.id as string;
    };
    const stripe = await make("stripe", canary);
    const close = await make("close", short);
    const mailgun = await make("mailgun", "api");
    // What the old code stored: the username whole.
    const before = new Date("2024-01-01T00:00:00Z");
    for (const [id, username] of [
      [stripe, canary],
      [close, short],
      [mailgun, "api"],
    ]) {
      await db
        .update(secrets)
        .set({ maskedValue: { username, passphrase: "********" }, updatedAt: before })
        .where(and(eq(secrets.id, id), eq(secrets.tenantId, t.tenantId)));
    }
    expect(JSON.stringify(await storedMask(stripe))).toContain(canary);

    expect(await rebuildMasks(db)).toBeGreaterThanOrEqual(2);
    expect(await storedMask(stripe)).toEqual({ username: `****${canary.slice(-4)}`, passphrase: "********" });
    expect(await storedMask(close)).toEqual({ username: "********", passphrase: "********" });
    expect(await storedMask(mailgun)).toEqual({ username: "api", passphrase: "********" });
    const [{ updatedAt }] = await db
      .select({ updatedAt: secrets.updatedAt })
      .from(secrets)
      .where(eq(secrets.id, stripe));
    expect(new Date(updatedAt).toISOString()).toBe(before.toISOString());

    // Idempotent: a hint is not hinted again (`****abcd` would otherwise become `********`).
    expect(await rebuildMasks(db)).toBe(0);
    expect(await storedMask(stripe)).toEqual({ username: `****${canary.slice(-4)}`, passphrase: "********" });
    const list = await api("GET", "/api/v1/secrets?component=stripe", { token: t.apiKey });
    expect(JSON.stringify(list.body)).not.toContain(canary);
    // Nothing in the table holds the canary in the clear any more.
    const dump = JSON.stringify(
      await db.execute(sql`select masked_value from ${secrets} where tenant_id = ${t.tenantId}`),
    );
    expect(dump).not.toContain(canary);
  });
});
