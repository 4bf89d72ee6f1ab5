import { index, integer, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { baseColumns, ts } from "./columns";
import { authClients } from "./oauth";
import { tenants } from "./tenancy";

/**
 * A revocation that failed when its OAuth secret was deleted (lib/jobs/revocations.ts). The
 * secret row is gone, so the tokens are kept here, sealed under the tenant's data key and
 * bound to this row (field `tokens`), and retried with backoff until the provider confirms
 * or `give_up_at` (a day) passes; the row is deleted either way, its outcome audited.
 */
export const pendingRevocations = pgTable(
  "pending_revocations",
  {
    ...baseColumns,
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    /** The deleted secret's id, for the audit trail (no foreign key: the row is gone). */
    secretId: uuid().notNull(),
    /** Whose client credentials revoke; when the client is deleted meanwhile, the retry gives up. */
    authClientId: uuid().references(() => authClients.id, { onDelete: "set null" }),
    componentId: text(),
    /** The secret's non-secret connection config (the revocation URL template may use it). */
    config: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    /** Sealed JSON `{accessToken?, refreshToken?}`. */
    tokensCiphertext: text().notNull(),
    attempts: integer().notNull().default(0),
    nextAttemptAt: ts(false),
    giveUpAt: ts(false),
    lastClass: text(),
    lastStatus: integer(),
    claimedBy: text(),
    claimedUntil: ts(),
  },
  (t) => [
    index("pending_revocations_next_attempt").on(t.nextAttemptAt),
    index("pending_revocations_tenant").on(t.tenantId),
  ],
);
export type PendingRevocation = typeof pendingRevocations.$inferSelect;
