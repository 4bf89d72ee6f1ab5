import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { secrets } from "@/db/schema";
import { ApiError, notFound } from "@/lib/api/errors";
import { recordAudit, type AuditContext } from "@/lib/audit";
import { decryptField } from "@/lib/crypto/data-keys";
import { isUuid } from "@/lib/ids";
import type { SecretScope } from "@/lib/secrets/scope";
import { scopeFilter } from "@/lib/secrets/store";

const LAST_USED_GRANULARITY_MS = 10_000;

const useColumns = {
  id: secrets.id,
  type: secrets.type,
  componentId: secrets.componentId,
  config: secrets.config,
  exportable: secrets.exportable,
  publishJwks: secrets.publishJwks,
  maskedValue: secrets.maskedValue,
  valueCiphertext: secrets.valueCiphertext,
  lastUsedAt: secrets.lastUsedAt,
};

const scopeWhere = (scope: SecretScope, id: string) => and(eq(secrets.id, id), scopeFilter(scope));

/**
 * A secret for a signing or inbound-check operation, decrypted: 404 outside the scope (as
 * for a missing or malformed id), `bad_request` for a type the operation does not take.
 * Counts as a use (`lastUsedAt`, at most every 10 s). With `audit`, the use is also an audit
 * event `secret.used` naming the operation: operations that put the key to work for the
 * caller (sign, decrypt) are audited; checks that answer only yes or no are not, since they
 * run once per request the tenant's endpoint receives.
 */
export async function loadForUse<T extends string>(
  db: Db,
  opts: {
    scope: SecretScope;
    id: string;
    types: readonly T[];
    operation: string;
    audit?: AuditContext;
  },
) {
  const { scope, id } = opts;
  if (!isUuid(id) || scope.endUserId === null) throw notFound("Secret");
  const [row] = await db.select(useColumns).from(secrets).where(scopeWhere(scope, id));
  if (!row) throw notFound("Secret");
  if (!(opts.types as readonly string[]).includes(row.type)) {
    throw new ApiError("bad_request", `${opts.operation} works with ${opts.types.join(", ")} secrets, not ${row.type}`);
  }
  const now = new Date();
  const touch =
    !row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_GRANULARITY_MS
      ? db
          .update(secrets)
          .set({ lastUsedAt: now, updatedAt: sql`${secrets.updatedAt}` })
          .where(eq(secrets.id, row.id))
      : null;
  const [plaintext] = await Promise.all([
    decryptField({ db, tenantId: scope.tenantId, rowId: row.id, field: "value", envelope: row.valueCiphertext }),
    touch,
    opts.audit
      ? recordAudit(db, {
          ...opts.audit,
          tenantId: scope.tenantId,
          action: "secret.used",
          targetType: "secret",
          targetId: row.id,
          metadata: { operation: opts.operation },
        })
      : null,
  ]);
  const { valueCiphertext, ...meta } = row;
  return {
    row: { ...meta, type: row.type as T },
    value: JSON.parse(plaintext) as Record<string, unknown>,
    envelope: valueCiphertext,
  };
}

/** A signing secret's metadata in the scope, without decrypting (JWKS answers come from the public mask). */
export async function loadMeta(db: Db, scope: SecretScope, id: string) {
  if (!isUuid(id) || scope.endUserId === null) throw notFound("Secret");
  const [row] = await db
    .select({
      id: secrets.id,
      type: secrets.type,
      publishJwks: secrets.publishJwks,
      maskedValue: secrets.maskedValue,
    })
    .from(secrets)
    .where(scopeWhere(scope, id));
  if (!row) throw notFound("Secret");
  return row;
}

/**
 * The public mask of a published RS256 key, for the unauthenticated JWKS URL; null for an
 * unknown id, another type, or a key whose owner has not set `publishJwks`.
 */
export async function loadPublished(db: Db, id: string) {
  if (!isUuid(id)) return null;
  const [row] = await db
    .select({ maskedValue: secrets.maskedValue })
    .from(secrets)
    .where(and(eq(secrets.id, id), eq(secrets.type, "RS256"), eq(secrets.publishJwks, true)));
  return row ?? null;
}
