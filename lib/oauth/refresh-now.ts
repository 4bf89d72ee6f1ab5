import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { secrets } from "@/db/schema";
import { ApiError } from "@/lib/api/errors";
import type { AuditInput } from "@/lib/audit";
import type { SecretRow } from "@/lib/secrets/present";
import type { SecretScope } from "@/lib/secrets/scope";
import { getSecretMeta } from "@/lib/secrets/store";
import { forceRefresh } from "./refresh";

type AuditCtx = Omit<AuditInput, "tenantId" | "action" | "targetType" | "targetId">;

/**
 * A forced refresh (POST /secrets/{id}/refresh), with the same lease and single flight as
 * refresh on read. Only an OAuth2 secret linked to an auth client can be refreshed. Returns
 * the secret's metadata afterwards (the caller answers it masked). Kept apart from
 * refresh.ts so the store, which refresh.ts serves, is not imported back by it.
 */
export async function refreshSecretNow(
  db: Db,
  opts: { scope: SecretScope; id: string; audit: AuditCtx },
): Promise<SecretRow> {
  const meta = await getSecretMeta(db, opts.scope, opts.id);
  if (meta.type !== "OA2_AUTHORIZATION_CODE") {
    throw new ApiError("bad_request", "Only OAuth2 (OA2_AUTHORIZATION_CODE) credentials can be refreshed");
  }
  const [linked] = await db
    .select({ authClientId: secrets.authClientId })
    .from(secrets)
    .where(and(eq(secrets.id, meta.id), eq(secrets.tenantId, opts.scope.tenantId)));
  if (!linked?.authClientId) {
    throw new ApiError("conflict", "The credential is not linked to an auth client, so its tokens cannot be refreshed");
  }
  await forceRefresh(db, { tenantId: opts.scope.tenantId, id: meta.id, audit: opts.audit });
  return getSecretMeta(db, opts.scope, opts.id);
}
