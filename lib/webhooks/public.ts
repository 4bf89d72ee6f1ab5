import { z } from "zod";
import type { WebhookAttempt, WebhookDelivery, WebhookDeliveryStatus, WebhookEndpoint } from "@/db/schema";
import { idFields, iso, present, timestampSchema } from "@/lib/api/public";
import { webhookEventSchema } from "./schemas";

// Public shapes of webhook endpoints and their delivery log. Never the signing secret
// (except once, in the create answer), never a delivery's body.

// Spelt out rather than imported: this module is read by client code, the schema module is not.
const deliveryStatuses = ["pending", "succeeded", "failed"] as const satisfies readonly WebhookDeliveryStatus[];

export const webhookEndpointSchema = z
  .strictObject({
    ...idFields,
    url: z.string(),
    description: z.string().nullable(),
    events: z.array(webhookEventSchema),
    enabled: z.boolean(),
    disabledAt: timestampSchema.nullable(),
    disabledReason: z.string().nullable().describe("Why it was disabled: by a member, or failing for a day"),
    failingSince: timestampSchema.nullable().describe("The first failed attempt since the last success"),
    lastSuccessAt: timestampSchema.nullable(),
    previousSecretExpiresAt: timestampSchema
      .nullable()
      .describe("After a rotation: until when deliveries also carry a signature under the previous secret"),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .meta({ id: "WebhookEndpoint" });
export type WebhookEndpointView = z.output<typeof webhookEndpointSchema>;

/** `POST /webhooks`: the endpoint with its signing secret, in this response only. */
export const createdWebhookEndpointSchema = webhookEndpointSchema
  .extend({
    secret: z
      .string()
      .startsWith("whsec_")
      .describe("The Standard Webhooks signing secret; shown once, stored encrypted"),
  })
  .meta({ id: "CreatedWebhookEndpoint" });
export type CreatedWebhookEndpointView = z.output<typeof createdWebhookEndpointSchema>;

export const webhookAttemptSchema = z
  .strictObject({
    attempt: z.int().min(1),
    statusCode: z.int().nullable().describe("The receiver's HTTP status; null when none came back"),
    durationMs: z.int().min(0),
    error: z
      .string()
      .nullable()
      .describe("http_status, timeout, network, blocked, response_too_large, signing_failed; null on success"),
    at: timestampSchema,
  })
  .meta({ id: "WebhookAttempt" });

/** One event for one endpoint, with its attempts: status codes and durations, never the body. */
export const webhookDeliverySchema = z
  .strictObject({
    ...idFields,
    messageId: z.string().describe("The webhook-id header: the same on every attempt and on a resend"),
    eventType: webhookEventSchema,
    status: z.enum(deliveryStatuses),
    attempts: z.int().min(0),
    nextAttemptAt: timestampSchema.nullable().describe("When the next attempt is due; null once it is settled"),
    lastAttemptAt: timestampSchema.nullable(),
    lastStatusCode: z.int().nullable(),
    lastDurationMs: z.int().nullable(),
    lastError: z.string().nullable(),
    deliveredAt: timestampSchema.nullable(),
    resendOf: z.uuid().nullable().describe("The delivery this one re-sends"),
    log: z.array(webhookAttemptSchema),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .meta({ id: "WebhookDelivery" });
export type WebhookDeliveryView = z.output<typeof webhookDeliverySchema>;

/** The `webhook-id` of a delivery's event. */
export const messageId = (eventId: string) => `msg_${eventId.replaceAll("-", "")}`;

/** An endpoint without its secret; the dashboard's list renders this view too. */
export function publicWebhookEndpoint(e: WebhookEndpoint): WebhookEndpointView {
  return present(webhookEndpointSchema, {
    id: e.id,
    _id: e.id,
    url: e.url,
    description: e.description,
    events: e.events as WebhookEndpointView["events"],
    enabled: e.enabled,
    disabledAt: iso(e.disabledAt),
    disabledReason: e.disabledReason,
    failingSince: iso(e.failingSince),
    lastSuccessAt: iso(e.lastSuccessAt),
    // A passed overlap is over: the previous secret no longer signs anything.
    previousSecretExpiresAt:
      e.previousSecretExpiresAt && e.previousSecretExpiresAt > new Date() ? iso(e.previousSecretExpiresAt) : null,
    createdAt: iso(e.createdAt),
    updatedAt: iso(e.updatedAt),
  });
}

/** The create answer: the endpoint and, this once, its secret. */
export function createdWebhookEndpoint(e: WebhookEndpoint, secret: string): CreatedWebhookEndpointView {
  return present(createdWebhookEndpointSchema, { ...publicWebhookEndpoint(e), secret });
}

type DeliveryRow = Omit<WebhookDelivery, "body" | "claimOwner" | "claimUntil" | "tenantId" | "endpointId">;

/** A delivery and its attempts (oldest first), without its body. */
export function publicWebhookDelivery(
  d: DeliveryRow,
  attempts: Pick<WebhookAttempt, "attempt" | "statusCode" | "durationMs" | "error" | "createdAt">[],
): WebhookDeliveryView {
  return present(webhookDeliverySchema, {
    id: d.id,
    _id: d.id,
    messageId: messageId(d.eventId),
    eventType: d.eventType as WebhookDeliveryView["eventType"],
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: d.status === "pending" ? iso(d.nextAttemptAt) : null,
    lastAttemptAt: iso(d.lastAttemptAt),
    lastStatusCode: d.lastStatusCode,
    lastDurationMs: d.lastDurationMs,
    lastError: d.lastError,
    deliveredAt: iso(d.deliveredAt),
    resendOf: d.resendOf,
    log: attempts.map((a) => ({
      attempt: a.attempt,
      statusCode: a.statusCode,
      durationMs: a.durationMs,
      error: a.error,
      at: iso(a.createdAt),
    })),
    createdAt: iso(d.createdAt),
    updatedAt: iso(d.updatedAt),
  });
}
