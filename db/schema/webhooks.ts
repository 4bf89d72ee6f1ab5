import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { baseColumns, ts } from "./columns";
import { tenants } from "./tenancy";

/*
 * Webhooks to the tenant's backend (docs/architecture.md › Webhooks). An endpoint is a URL
 * with the events it wants and a signing secret; a change that emits an event writes one
 * delivery per matching endpoint in the change's own transaction (the outbox), and the
 * background runner sends due deliveries, claiming them with FOR UPDATE SKIP LOCKED.
 */

export const webhookDeliveryStatuses = ["pending", "succeeded", "failed"] as const;
export type WebhookDeliveryStatus = (typeof webhookDeliveryStatuses)[number];

/**
 * One receiver of the tenant's backend. The signing secret (`whsec_…`) is sealed like a
 * secret value (field `signing_secret`, bound to this row) and shown only when created.
 */
export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    ...baseColumns,
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    url: text().notNull(),
    description: text(),
    /** The event types this endpoint receives (lib/events/types.ts). */
    events: jsonb().$type<string[]>().notNull(),
    /** Envelope-encrypted `whsec_<base64>` (lib/crypto). */
    secretCiphertext: text().notNull(),
    /**
     * The secret before the last rotation, sealed the same way (field `previous_signing_secret`):
     * deliveries carry its signature too until `previousSecretExpiresAt`, so receivers can switch over.
     */
    previousSecretCiphertext: text(),
    previousSecretExpiresAt: ts(),
    enabled: boolean().notNull().default(true),
    /** Set when the endpoint was disabled, by an admin or for failing for a day. */
    disabledAt: ts(),
    disabledReason: text(),
    /** The first failed attempt since the last success; null while the endpoint answers. */
    failingSince: ts(),
    lastSuccessAt: ts(),
  },
  (t) => [index("webhook_endpoints_tenant").on(t.tenantId, t.createdAt)],
);
export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect;

/**
 * One event for one endpoint: the outbox row, retried until it succeeds or its day is up.
 * `body` is the exact JSON sent (ids, status and reason, never a value); it is signed per
 * attempt and never shown in the delivery log.
 */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    ...baseColumns,
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    endpointId: uuid()
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    /** The message id (`webhook-id: msg_…`), shared by every endpoint's copy and by a resend. */
    eventId: uuid().notNull(),
    eventType: text().notNull(),
    body: text().notNull(),
    status: text({ enum: webhookDeliveryStatuses }).notNull().default("pending"),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
    /** The instance sending it now, and until when; a dead instance's claim runs out. */
    claimOwner: text(),
    claimUntil: ts(),
    lastAttemptAt: ts(),
    lastStatusCode: integer(),
    lastDurationMs: integer(),
    /** Why the last attempt failed: `http_status`, `timeout`, `network`, `blocked`, … */
    lastError: text(),
    deliveredAt: ts(),
    /** The delivery this one re-sends (Resend). */
    resendOf: uuid(),
  },
  (t) => [
    index("webhook_deliveries_due")
      .on(t.nextAttemptAt)
      .where(sql`${t.status} = 'pending'`),
    index("webhook_deliveries_endpoint_created").on(t.endpointId, t.createdAt),
  ],
);
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;

/** The delivery log: one row per attempt, with the answer's status code and duration, never a body. */
export const webhookAttempts = pgTable(
  "webhook_attempts",
  {
    id: uuid().primaryKey().defaultRandom(),
    createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    deliveryId: uuid()
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: "cascade" }),
    attempt: integer().notNull(),
    statusCode: integer(),
    durationMs: integer().notNull(),
    error: text(),
  },
  (t) => [index("webhook_attempts_delivery").on(t.deliveryId, t.attempt)],
);
export type WebhookAttempt = typeof webhookAttempts.$inferSelect;
