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
import { RENEWABLE_TYPES } from "./renew";

type AuditCtx = Omit<AuditInput, "tenantId" | "action" | "targetType" | "targetId">;

/**
 * A forced refresh (POST /secrets/{id}/refresh), with the same lease and single flight as
 * refresh on read: an OAuth2 refresh, a new client-credentials token or a new session login.
 * Only such a secret linked to an auth client can be refreshed. Returns
 * the secret's metadata afterwards (the caller answers it masked). Kept apart from
 * refresh.ts so the store, which refresh.ts serves, is not imported back by it.
 */
export async function refreshSecretNow(
  db: Db,
  opts: { scope: SecretScope; id: string; audit: AuditCtx },
): Promise<SecretRow> {
  const meta = await getSecretMeta(db, opts.scope, opts.id);
  if (!(RENEWABLE_TYPES as readonly string[]).includes(meta.type)) {
    throw new ApiError(
      "bad_request",
      "Only OAuth2, client-credentials and session-auth credentials (OA2_AUTHORIZATION_CODE, OA2_CLIENT_CREDENTIALS, SESSION_AUTH) can be refreshed",
    );
  }
  const [linked] = await db
    .select({ authClientId: secrets.authClientId })
    .from(secrets)
    .where(and(eq(secrets.id, meta.id), eq(secrets.tenantId, opts.scope.tenantId)));
  if (!linked?.authClientId) {
    throw new ApiError("conflict", "The credential is not linked to an auth client, so its token cannot be renewed");
  }
  await forceRefresh(db, { tenantId: opts.scope.tenantId, id: meta.id, audit: opts.audit });
  return getSecretMeta(db, opts.scope, opts.id);
}
