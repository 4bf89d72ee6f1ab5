import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull, lt, or } from "drizzle-orm";
import type { Db } from "@/db/client";
import { apiKeys, type ApiKey } from "@/db/schema";
import { notFound } from "@/lib/api/errors";
import { recordAudit, type AuditContext } from "@/lib/audit";
import { isUuid } from "@/lib/ids";

export const API_KEY_PREFIX = "ick_";
const KEY_FORMAT = /^ick_[A-Za-z0-9_-]{43}$/;

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** Public view of a key, never the hash: built through its schema in lib/tenants/public.ts. */
export { publicApiKey } from "@/lib/tenants/public";

/**
 * Creates a key with 256 random bits; the plaintext is returned once and never stored.
 * With `audit` (every API request passes one; the CLI passes `{}`, the system actor), its
 * `api_key.created` event is written in the same transaction. Without it (test set-up) no
 * event is written.
 */
export async function createApiKey(
  db: Db,
  opts: { tenantId: string; name: string; createdBy?: string; audit?: AuditContext },
) {
  const key = API_KEY_PREFIX + randomBytes(32).toString("base64url");
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiKeys)
      .values({
        tenantId: opts.tenantId,
        name: opts.name,
        prefix: key.slice(0, 10),
        hash: hashToken(key),
        createdBy: opts.createdBy,
      })
      .returning();
    if (opts.audit) {
      await recordAudit(tx, {
        ...opts.audit,
        tenantId: opts.tenantId,
        action: "api_key.created",
        targetType: "api_key",
        targetId: row.id,
        metadata: { name: row.name, prefix: row.prefix },
      });
    }
    return { key, apiKey: row };
  });
}

export async function listApiKeys(db: Db, opts: { tenantId: string }) {
  return db.select().from(apiKeys).where(eq(apiKeys.tenantId, opts.tenantId)).orderBy(desc(apiKeys.createdAt));
}

/**
 * Revokes a key at once, with its `api_key.revoked` event in the same transaction. Another
 * tenant's key, or one already revoked, is not found. This process forgets it at once; other
 * instances within `KEY_CACHE_TTL_MS`.
 */
export async function revokeApiKey(db: Db, opts: { tenantId: string; id: string; audit: AuditContext }) {
  if (!isUuid(opts.id)) throw notFound("API key");
  const revoked = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiKeys.id, opts.id), eq(apiKeys.tenantId, opts.tenantId), isNull(apiKeys.revokedAt)))
      .returning();
    if (!row) throw notFound("API key");
    await recordAudit(tx, {
      ...opts.audit,
      tenantId: opts.tenantId,
      action: "api_key.revoked",
      targetType: "api_key",
      targetId: row.id,
      metadata: { name: row.name, prefix: row.prefix },
    });
    return row;
  });
  // After the commit, so a request racing the revoke cannot put the still-live row back.
  forgetKey(revoked.id);
  return revoked;
}

/**
 * Live keys this process found recently, by token hash, so a busy backend's requests skip the
 * lookup. Kept at most `KEY_CACHE_TTL_MS`: a key revoked here is dropped at once (`revokeApiKey`),
 * one revoked by another instance stops working here within that time. Only found keys are
 * kept, so unknown tokens cannot fill it; bounded, least recently used out first.
 */
export const KEY_CACHE_TTL_MS = 5_000;
const KEY_CACHE_MAX = 1_000;
const liveKeys = new Map<string, { row: ApiKey; until: number }>();
// Bumped by every revoke here: a lookup that started before it does not cache what it found.
let revocations = 0;

function forgetKey(id: string) {
  revocations++;
  for (const [hash, hit] of liveKeys) if (hit.row.id === id) liveKeys.delete(hash);
}

/** Empties the live-key cache (tests; a restore of the api_keys table). */
export function resetApiKeyCache() {
  liveKeys.clear();
}

/**
 * Finds the live key for a bearer token, or null. A key found within the last
 * `KEY_CACHE_TTL_MS` is answered from memory. Touches `lastUsedAt` at most once a minute.
 */
export async function authenticateApiKey(db: Db, token: string): Promise<ApiKey | null> {
  if (!KEY_FORMAT.test(token)) return null;
  const hash = hashToken(token);
  const now = Date.now();
  let row: ApiKey | undefined;
  const hit = liveKeys.get(hash);
  liveKeys.delete(hash);
  if (hit && hit.until > now) row = hit.row;
  else {
    const generation = revocations;
    [row] = await db
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.hash, hash), isNull(apiKeys.revokedAt)));
    if (!row) return null;
    if (generation !== revocations) return authenticateApiKey(db, token); // a revoke ran meanwhile
    if (liveKeys.size >= KEY_CACHE_MAX) liveKeys.delete(liveKeys.keys().next().value!);
  }
  liveKeys.set(hash, { row, until: hit && hit.until > now ? hit.until : now + KEY_CACHE_TTL_MS });
  const staleBefore = new Date(now - 60_000);
  if (!row.lastUsedAt || row.lastUsedAt < staleBefore) {
    row.lastUsedAt = new Date(now);
    await db
      .update(apiKeys)
      .set({ lastUsedAt: row.lastUsedAt })
      .where(and(eq(apiKeys.id, row.id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, staleBefore))));
  }
  return row;
}
