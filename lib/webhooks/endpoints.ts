import "server-only";
import { randomUUID } from "node:crypto";
import { and, count, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { tenants, webhookAttempts, webhookDeliveries, webhookEndpoints, type WebhookEndpoint } from "@/db/schema";
import { ApiError, notFound } from "@/lib/api/errors";
import type { Page } from "@/lib/api/paging";
import { recordAudit, type AuditContext } from "@/lib/audit";
import { decryptField, encryptField } from "@/lib/crypto/data-keys";
import { connectionEventTypes } from "@/lib/events/types";
import { isUuid } from "@/lib/ids";
import type { CreateWebhookInput, PatchWebhookInput } from "./schemas";
import { generateSigningSecret } from "./signing";
import { checkWebhookUrl } from "./url-check";

/** The field the signing secret is sealed under (bound to the endpoint row). */
export const SIGNING_SECRET_FIELD = "signing_secret";
/** The field the secret before the last rotation is sealed under. */
export const PREVIOUS_SIGNING_SECRET_FIELD = "previous_signing_secret";
/** Endpoints per tenant: every event is fanned out to each, in the change's transaction. */
export const MAX_ENDPOINTS = 20;

const one = (tenantId: string, id: string) => and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.tenantId, tenantId));

/** The tenant's endpoints, newest first. */
export async function listWebhookEndpoints(db: Db, opts: { tenantId: string }): Promise<WebhookEndpoint[]> {
  return db
    .select()
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.tenantId, opts.tenantId))
    .orderBy(desc(webhookEndpoints.createdAt), desc(webhookEndpoints.id));
}

/** One endpoint of the tenant; another tenant's, a missing one or a malformed id is `not_found`. */
export async function getWebhookEndpoint(db: Db, opts: { tenantId: string; id: string }): Promise<WebhookEndpoint> {
  if (!isUuid(opts.id)) throw notFound("Webhook endpoint");
  const [row] = await db.select().from(webhookEndpoints).where(one(opts.tenantId, opts.id));
  if (!row) throw notFound("Webhook endpoint");
  return row;
}

/**
 * Adds an endpoint after the URL passes the SSRF policy. Its signing secret is generated
 * here, sealed under the tenant's data key bound to this row, and returned this once.
 * `webhook.created` is audited in the same transaction.
 */
export async function createWebhookEndpoint(
  db: Db,
  opts: { tenantId: string; input: CreateWebhookInput; audit: AuditContext },
): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const { tenantId, input } = opts;
  const url = await checkWebhookUrl(input.url);
  const id = randomUUID();
  const secret = generateSigningSecret();
  const secretCiphertext = await encryptField({
    db,
    tenantId,
    rowId: id,
    field: SIGNING_SECRET_FIELD,
    plaintext: secret,
  });
  const endpoint = await db.transaction(async (tx) => {
    // Serialises concurrent creates of one tenant, so the cap below holds.
    await tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, tenantId)).for("no key update");
    const [{ n }] = await tx
      .select({ n: count() })
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.tenantId, tenantId));
    if (n >= MAX_ENDPOINTS) throw new ApiError("conflict", `A tenant has at most ${MAX_ENDPOINTS} webhook endpoints`);
    const [row] = await tx
      .insert(webhookEndpoints)
      .values({
        id,
        tenantId,
        url,
        description: input.description || null,
        events: input.events ?? [...connectionEventTypes],
        secretCiphertext,
      })
      .returning();
    await recordAudit(tx, {
      ...opts.audit,
      tenantId,
      action: "webhook.created",
      targetType: "webhook_endpoint",
      targetId: id,
      metadata: { url: origin(url), events: row.events },
    });
    return row;
  });
  return { endpoint, secret };
}

/**
 * Changes an endpoint. A new URL passes the SSRF policy again. `enabled: false` stops it
 * and settles its pending deliveries as failed (`endpoint_disabled`); `enabled: true`
 * re-enables it and clears the failure flag. Audited as `webhook.updated`.
 */
export async function updateWebhookEndpoint(
  db: Db,
  opts: { tenantId: string; id: string; patch: PatchWebhookInput; audit: AuditContext },
): Promise<WebhookEndpoint> {
  const current = await getWebhookEndpoint(db, opts);
  const { patch } = opts;
  const changes: Partial<typeof webhookEndpoints.$inferInsert> = {};
  if (patch.url !== undefined) changes.url = await checkWebhookUrl(patch.url);
  if (patch.events !== undefined) changes.events = patch.events;
  if (patch.description !== undefined) changes.description = patch.description || null;
  if (patch.enabled === true && !current.enabled) {
    Object.assign(changes, { enabled: true, disabledAt: null, disabledReason: null, failingSince: null });
  }
  if (patch.enabled === false && current.enabled) {
    Object.assign(changes, {
      enabled: false,
      disabledAt: new Date(),
      disabledReason: "Disabled by a member or API key",
    });
  }
  return db.transaction(async (tx) => {
    const [row] = await tx.update(webhookEndpoints).set(changes).where(one(opts.tenantId, current.id)).returning();
    if (!row) throw notFound("Webhook endpoint");
    if (changes.enabled === false) await dropPending(tx, row.id);
    await recordAudit(tx, {
      ...opts.audit,
      tenantId: opts.tenantId,
      action: "webhook.updated",
      targetType: "webhook_endpoint",
      targetId: row.id,
      metadata: {
        fields: Object.keys(patch).filter((k) => patch[k as keyof PatchWebhookInput] !== undefined),
        ...(changes.url && { url: origin(row.url) }),
        ...(changes.enabled !== undefined && { enabled: row.enabled }),
      },
    });
    return row;
  });
}

/** Deletes an endpoint with its deliveries and their log; audited as `webhook.deleted`. */
export async function deleteWebhookEndpoint(
  db: Db,
  opts: { tenantId: string; id: string; audit: AuditContext },
): Promise<void> {
  if (!isUuid(opts.id)) throw notFound("Webhook endpoint");
  await db.transaction(async (tx) => {
    const [row] = await tx.delete(webhookEndpoints).where(one(opts.tenantId, opts.id)).returning();
    if (!row) throw notFound("Webhook endpoint");
    await recordAudit(tx, {
      ...opts.audit,
      tenantId: opts.tenantId,
      action: "webhook.deleted",
      targetType: "webhook_endpoint",
      targetId: row.id,
      metadata: { url: origin(row.url) },
    });
  });
}

/** Settles an endpoint's pending deliveries as failed, when it stops (disabled). */
export async function dropPending(tx: Db, endpointId: string): Promise<void> {
  await tx
    .update(webhookDeliveries)
    .set({ status: "failed", lastError: "endpoint_disabled", claimOwner: null, claimUntil: null })
    .where(and(eq(webhookDeliveries.endpointId, endpointId), eq(webhookDeliveries.status, "pending")));
}

/** The endpoint's signing secret, decrypted. */
export function signingSecretOf(db: Db, e: Pick<WebhookEndpoint, "id" | "tenantId" | "secretCiphertext">) {
  return decryptField({
    db,
    tenantId: e.tenantId,
    rowId: e.id,
    field: SIGNING_SECRET_FIELD,
    envelope: e.secretCiphertext,
  });
}

/**
 * The secrets a delivery is signed with (delivery only): the current one, and the one before
 * the last rotation while its overlap lasts.
 */
export async function signingSecretsOf(
  db: Db,
  e: Pick<
    WebhookEndpoint,
    "id" | "tenantId" | "secretCiphertext" | "previousSecretCiphertext" | "previousSecretExpiresAt"
  >,
  now = new Date(),
): Promise<string[]> {
  const current = await signingSecretOf(db, e);
  if (!e.previousSecretCiphertext || !e.previousSecretExpiresAt || e.previousSecretExpiresAt <= now) return [current];
  const previous = await decryptField({
    db,
    tenantId: e.tenantId,
    rowId: e.id,
    field: PREVIOUS_SIGNING_SECRET_FIELD,
    envelope: e.previousSecretCiphertext,
  });
  return [current, previous];
}

/** How long a rotated-out secret still signs by default: a day for receivers to switch over. */
export const DEFAULT_ROTATION_OVERLAP_SECONDS = 86_400;

/**
 * Rotates an endpoint's signing secret: a new one is generated and returned this once; the old
 * one keeps signing deliveries next to it for `overlapSeconds` (0: not at all), then stops. A
 * compare-and-swap on the secret that was read, so two concurrent rotations answer one 409
 * rather than losing a secret a receiver was given. Audited as `webhook.secret_rotated`.
 */
export async function rotateWebhookSecret(
  db: Db,
  opts: { tenantId: string; id: string; overlapSeconds: number; audit: AuditContext },
): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const current = await getWebhookEndpoint(db, opts);
  const seal = (field: string, plaintext: string) =>
    encryptField({ db, tenantId: opts.tenantId, rowId: current.id, field, plaintext });
  const secret = generateSigningSecret();
  const secretCiphertext = await seal(SIGNING_SECRET_FIELD, secret);
  const keep = opts.overlapSeconds > 0;
  const previousSecretCiphertext = keep
    ? await seal(PREVIOUS_SIGNING_SECRET_FIELD, await signingSecretOf(db, current))
    : null;
  const previousSecretExpiresAt = keep ? new Date(Date.now() + opts.overlapSeconds * 1000) : null;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(webhookEndpoints)
      .set({ secretCiphertext, previousSecretCiphertext, previousSecretExpiresAt })
      .where(and(one(opts.tenantId, current.id), eq(webhookEndpoints.secretCiphertext, current.secretCiphertext)))
      .returning();
    if (!row) {
      await getWebhookEndpoint(tx as unknown as Db, opts); // gone: 404
      throw new ApiError("conflict", "The signing secret was rotated by someone else meanwhile; reload and try again");
    }
    await recordAudit(tx, {
      ...opts.audit,
      tenantId: opts.tenantId,
      action: "webhook.secret_rotated",
      targetType: "webhook_endpoint",
      targetId: row.id,
      metadata: { previousSignsUntil: previousSecretExpiresAt?.toISOString() ?? null },
    });
    return { endpoint: row, secret };
  });
}

/** The delivery log of one endpoint, newest first, each with its attempts (oldest first). */
export async function listDeliveries(db: Db, opts: { tenantId: string; endpointId: string; page: Page }) {
  const endpoint = await getWebhookEndpoint(db, { tenantId: opts.tenantId, id: opts.endpointId });
  const where = and(eq(webhookDeliveries.tenantId, opts.tenantId), eq(webhookDeliveries.endpointId, endpoint.id));
  const [rows, [{ total }]] = await Promise.all([
    db
      .select()
      .from(webhookDeliveries)
      .where(where)
      .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
      .limit(opts.page.perPage)
      .offset(opts.page.offset),
    db.select({ total: count() }).from(webhookDeliveries).where(where),
  ]);
  const attempts = rows.length
    ? await db
        .select()
        .from(webhookAttempts)
        .where(
          inArray(
            webhookAttempts.deliveryId,
            rows.map((r) => r.id),
          ),
        )
        .orderBy(webhookAttempts.deliveryId, webhookAttempts.attempt)
    : [];
  const log = new Map<string, typeof attempts>();
  for (const a of attempts) log.set(a.deliveryId, [...(log.get(a.deliveryId) ?? []), a]);
  return { rows: rows.map((r) => ({ delivery: r, attempts: log.get(r.id) ?? [] })), total };
}

/**
 * Queues a delivery again (Resend): a new pending delivery of the same event (same message
 * id and body) to the same endpoint, due now. The endpoint must be enabled. Audited as
 * `webhook.delivery_resent`.
 */
export async function resendDelivery(
  db: Db,
  opts: { tenantId: string; endpointId: string; deliveryId: string; audit: AuditContext },
) {
  const endpoint = await getWebhookEndpoint(db, { tenantId: opts.tenantId, id: opts.endpointId });
  if (!isUuid(opts.deliveryId)) throw notFound("Delivery");
  if (!endpoint.enabled) throw new ApiError("conflict", "The endpoint is disabled; enable it first");
  return db.transaction(async (tx) => {
    const [original] = await tx
      .select()
      .from(webhookDeliveries)
      .where(
        and(
          eq(webhookDeliveries.id, opts.deliveryId),
          eq(webhookDeliveries.endpointId, endpoint.id),
          eq(webhookDeliveries.tenantId, opts.tenantId),
        ),
      );
    if (!original) throw notFound("Delivery");
    const [row] = await tx
      .insert(webhookDeliveries)
      .values({
        tenantId: opts.tenantId,
        endpointId: endpoint.id,
        eventId: original.eventId,
        eventType: original.eventType,
        body: original.body,
        resendOf: original.id,
      })
      .returning();
    await recordAudit(tx, {
      ...opts.audit,
      tenantId: opts.tenantId,
      action: "webhook.delivery_resent",
      targetType: "webhook_endpoint",
      targetId: endpoint.id,
      metadata: { deliveryId: row.id, resendOf: original.id, eventType: original.eventType },
    });
    return row;
  });
}

/** Scheme, host and port only: a URL's path or query may carry a token the receiver checks. */
const origin = (url: string) => new URL(url).origin;
