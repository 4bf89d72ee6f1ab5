import "server-only";
import { and, desc, eq, inArray, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditEvents, secrets } from "@/db/schema";
import { isUuid } from "@/lib/ids";
import { loadSecretValue } from "@/lib/secrets/store";
import { parseExpires } from "@/lib/secrets/types/oauth2-code";
import { scopeList } from "./tokens";

/** What the dashboard's Manage tokens card shows: facts about the tokens, never a token. */
export type TokenState = {
  authClientId: string | null;
  hasAccessToken: boolean;
  hasRefreshToken: boolean;
  /** When the access token expires; null when unknown. */
  expires: Date | null;
  /** The `expires` string as stored (FlowMate's 5-digit "never" years included). */
  expiresText: string | null;
  /** The access token's expiry has passed (as of this read). */
  accessTokenExpired: boolean;
  scopes: string[];
  externalId: string | null;
  /** When the stored token was obtained (connected, refreshed or logged in again); null when unknown. */
  obtainedAt: Date | null;
};

/**
 * When the current token was obtained: the latest create, refresh, or update that replaced
 * the value, from the audit log (each is written in the transaction that stored the token).
 */
async function obtainedAt(db: Db, opts: { tenantId: string; id: string }): Promise<Date | null> {
  const [row] = await db
    .select({ at: auditEvents.createdAt })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.tenantId, opts.tenantId),
        eq(auditEvents.targetId, opts.id),
        or(
          inArray(auditEvents.action, ["secret.created", "secret.refreshed"]),
          and(eq(auditEvents.action, "secret.updated"), sql`${auditEvents.metadata} -> 'fields' ? 'value'`),
        ),
      ),
    )
    .orderBy(desc(auditEvents.createdAt))
    .limit(1);
  return row?.at ?? null;
}

/**
 * The state of an OAuth2, client-credentials or session-auth secret's token for Manage tokens. The masked value has no room for
 * "is there a refresh token" (lists show only authClientId, scope, expires and externalId), so
 * this decrypts on the server and returns booleans, dates and scopes: no token leaves it.
 * Not a use of the credential (nothing is counted or refreshed).
 */
export async function tokenState(db: Db, opts: { tenantId: string; id: string }): Promise<TokenState> {
  const { value } = await loadSecretValue(db, { tenantId: opts.tenantId }, opts.id);
  const [[row], at] = await Promise.all([
    db
      .select({ authClientId: secrets.authClientId })
      .from(secrets)
      .where(and(eq(secrets.id, opts.id), eq(secrets.tenantId, opts.tenantId))),
    obtainedAt(db, opts),
  ]);
  const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : null);
  const expiresText = str(value.expires);
  const expires = expiresText ? parseExpires(expiresText) : null;
  return {
    // A passed-in value may name its client only inside the value.
    authClientId: row?.authClientId ?? (isUuid(str(value.authClientId)) ? str(value.authClientId) : null),
    hasAccessToken: !!str(value.accessToken),
    hasRefreshToken: !!str(value.refreshToken),
    expires,
    expiresText,
    accessTokenExpired: !!expires && expires.getTime() <= Date.now(),
    scopes: scopeList(str(value.scope)),
    externalId: str(value.externalId),
    obtainedAt: at,
  };
}
