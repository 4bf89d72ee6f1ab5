import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { secretStatuses } from "../../lib/secrets/statuses";
import { baseColumns, ts } from "./columns";
import { authClients } from "./oauth";
import { endUsers, tenants, workspaces } from "./tenancy";

/**
 * Names of the unique indexes that allow one secret per provider account, auth client,
 * workspace and owner; a violation of one is a re-connect race (lib/oauth/callback.ts).
 */
export const ACCOUNT_INDEX_PREFIX = "secrets_oauth_account";

export const secrets = pgTable(
  "secrets",
  {
    ...baseColumns,
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id, { onDelete: "restrict" }),
    /** Owner: an end user, or the workspace itself when null. */
    endUserId: uuid().references(() => endUsers.id, { onDelete: "cascade" }),
    name: text().notNull(),
    type: text().notNull(),
    componentId: text(),
    /** Non-secret connection inputs (docs/architecture.md › Data model). Not encrypted. */
    config: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    /** Encrypted JSON of the value (lib/crypto envelope string). */
    valueCiphertext: text().notNull(),
    /** Masked view of the value, computed at write time so lists never decrypt. */
    maskedValue: jsonb().$type<Record<string, unknown>>().notNull(),
    status: text({ enum: secretStatuses }).notNull().default("active"),
    statusDetail: text(),
    scope: text(),
    expires: ts(),
    lastUsedAt: ts(),
    lastVerifiedAt: ts(),
    /** The tenant's auth client that issued (and refreshes) these OAuth tokens; it cannot be deleted while used. */
    authClientId: uuid().references(() => authClients.id, { onDelete: "restrict" }),
    /** The provider account (OAuth `externalId`), so re-connecting it updates this secret. */
    externalId: text(),
    /** Refresh lease (lib/oauth/refresh.ts): the instance refreshing now, and until when. */
    leaseOwner: text(),
    leaseUntil: ts(),
    /** After a failed refresh, no instance calls the provider again before this time. */
    refreshRetryAt: ts(),
    /**
     * Signing keys (HS256, RS256): whether a read may return the private material. Set once,
     * at creation (docs/architecture.md › Signing keys); a column, not `config`, because config
     * is editable and listed, and the read path selects it in the query it already makes.
     */
    exportable: boolean().notNull().default(false),
    /** RS256: the public JWK set is served without auth at /api/v1/jwks/{id}. */
    publishJwks: boolean().notNull().default(false),
    /*
     * Background work (lib/jobs; docs/architecture.md › Background work). The re-check is due
     * at `next_verify_at` (a day after creation, ±10 %, so checks spread over the day); while
     * one instance checks, the column is pushed past its claim and `verify_claimed_by` names
     * the claim, which guards the outcome's write.
     */
    nextVerifyAt: timestamp({ withTimezone: true, mode: "date" }).default(
      sql`now() + (0.9 + random() * 0.2) * interval '1 day'`,
    ),
    verifyClaimedBy: text(),
    /** Transient re-check failures in a row; the second turns the status to `error`. */
    verifyFailures: integer().notNull().default(0),
    /** When the current run of failures began (kept by a trigger, see drizzle/0008); null when healthy. */
    failingSince: ts(),
    /** The last successful token refresh (or when the tokens were stored): refresh tokens idle 24 h are used. */
    refreshedAt: timestamp({ withTimezone: true, mode: "date" }).defaultNow(),
    /** The proactive-refresh job's claim on this row (the refresh itself still takes the lease). */
    refreshClaimedBy: text(),
    refreshClaimedUntil: ts(),
    /** The `expires` that `connection.expiring` was sent for; a new expiry is announced again. */
    expiringNotifiedFor: ts(),
  },
  (t) => [
    // The list orders and filters (docs/architecture.md › Lists at scale, drizzle/0013): each
    // ends in (created_at, id), the list's sort key, so a page is an index walk that stops after
    // it, deep pages and cursors included, and the id-only walk of a deep page needs no heap.
    index("secrets_tenant_created").on(t.tenantId, t.createdAt, t.id),
    index("secrets_tenant_end_user").on(t.tenantId, t.endUserId, t.createdAt, t.id),
    // Component filters and the dashboard's groups, newest first within a component.
    index("secrets_tenant_component_created").on(
      t.tenantId,
      t.componentId,
      t.createdAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    // The group of secrets without a component: `component_id is null` fixes no sort order, so
    // without this the planner may walk the whole tenant's list for it (drizzle/0014).
    index("secrets_tenant_no_component")
      .on(t.tenantId, t.createdAt, t.id)
      .where(sql`component_id is null`),
    // name= (exact), and a name search read as an index-only scan.
    index("secrets_tenant_name").on(t.tenantId, t.name, t.createdAt, t.id),
    // "Needs attention" and the shown Expired/Error statuses (lib/secrets/store.ts flaggedCandidateSql).
    index("secrets_tenant_flagged")
      .on(t.tenantId, t.createdAt, t.id)
      .where(sql`status in ('expired', 'error')`),
    index("secrets_tenant_expiring")
      .on(t.tenantId, t.expires)
      .where(
        sql`expires is not null and (not (type in ('OA2_AUTHORIZATION_CODE', 'OA2_CLIENT_CREDENTIALS', 'SESSION_AUTH') and auth_client_id is not null) or expiring_notified_for = expires)`,
      ),
    index("secrets_tenant_unverified")
      .on(t.tenantId, t.createdAt, t.id)
      .where(sql`last_verified_at is null`),
    index("secrets_auth_client_external").on(t.authClientId, t.externalId),
    // The background jobs' scans across tenants (lib/jobs): due re-checks, expiries, idle refresh tokens.
    index("secrets_next_verify").on(t.nextVerifyAt),
    index("secrets_expires")
      .on(t.expires)
      .where(sql`expires is not null`),
    index("secrets_refreshed_at")
      .on(t.refreshedAt)
      .where(sql`auth_client_id is not null`),
    // One secret per connected provider account and owner (an end user, or the workspace when
    // end_user_id is null) in a workspace, so two re-connects racing cannot both insert. Two
    // partial indexes, because NULLs never collide in a unique index.
    uniqueIndex(`${ACCOUNT_INDEX_PREFIX}_user`)
      .on(t.tenantId, t.authClientId, t.externalId, t.workspaceId, t.endUserId)
      .where(sql`auth_client_id is not null and external_id is not null and end_user_id is not null`),
    uniqueIndex(`${ACCOUNT_INDEX_PREFIX}_workspace`)
      .on(t.tenantId, t.authClientId, t.externalId, t.workspaceId)
      .where(sql`auth_client_id is not null and external_id is not null and end_user_id is null`),
  ],
);
export type Secret = typeof secrets.$inferSelect;

export const secretUsages = pgTable(
  "secret_usages",
  {
    ...baseColumns,
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    secretId: uuid()
      .notNull()
      .references(() => secrets.id, { onDelete: "cascade" }),
    ref: text().notNull(),
    label: text(),
    active: boolean().notNull().default(true),
  },
  (t) => [uniqueIndex("secret_usages_secret_ref").on(t.secretId, t.ref)],
);
export type SecretUsage = typeof secretUsages.$inferSelect;
