import { z } from "zod";
import { connectionEventTypes } from "@/lib/events/types";

/*
 * Request shapes of the webhook routes, shared by the handlers, the route registry, the
 * OpenAPI document and the dashboard's form. No server imports. The address check of the
 * URL (SSRF policy) runs on the server when it is saved (lib/webhooks/url-check.ts).
 */

export const webhookEventSchema = z.enum(connectionEventTypes);

const urlSchema = z
  .url({ protocol: /^https?$/, message: "Enter an https:// URL" })
  .max(2048, "At most 2048 characters")
  .describe("Where deliveries are POSTed: https (http only for hosts in OUTBOUND_ALLOW_HOSTS)");

const eventsSchema = z
  .array(webhookEventSchema)
  .min(1, "Choose at least one event")
  .transform((events) => [...new Set(events)])
  .describe("The events this endpoint receives");

const descriptionSchema = z.string().trim().max(200, "At most 200 characters");

/** POST /webhooks. `events` defaults to every event. */
export const createWebhookSchema = z.strictObject({
  url: urlSchema,
  events: eventsSchema.optional(),
  description: descriptionSchema.optional(),
});
export type CreateWebhookInput = z.output<typeof createWebhookSchema>;

/** PATCH /webhooks/{id}. `enabled: true` re-enables a disabled endpoint and clears its failure flag. */
export const patchWebhookSchema = z
  .strictObject({
    url: urlSchema.optional(),
    events: eventsSchema.optional(),
    description: descriptionSchema.nullable().optional(),
    enabled: z.boolean().optional().describe("false stops deliveries (pending ones are dropped); true resumes them"),
  })
  .refine((p) => Object.values(p).some((v) => v !== undefined), "Nothing to change");
export type PatchWebhookInput = z.output<typeof patchWebhookSchema>;

/** POST /webhooks/{id}/rotate-secret. */
export const rotateWebhookSecretSchema = z.strictObject({
  overlapSeconds: z
    .int()
    .min(0)
    .max(604_800, "At most 7 days (604800 seconds)")
    .default(86_400)
    .describe(
      "How long the old secret still signs next to the new one (a second v1 signature), so receivers can switch over; 0 stops it at once",
    ),
});
export type RotateWebhookSecretInput = z.output<typeof rotateWebhookSecretSchema>;
