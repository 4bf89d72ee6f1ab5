import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { endUsers, secrets, webhookDeliveries, webhookEndpoints, workspaces } from "@/db/schema";
import type { ConnectionEventBody, ConnectionEventData, ConnectionEventType } from "./types";

/*
 * The event outbox (docs/architecture.md › Webhooks). A change that the tenant's backend
 * should hear about calls `emitConnectionEvent` with the transaction that makes the change:
 * one delivery row per enabled endpoint that wants the event is written in that
 * transaction, so a committed change always has its deliveries and a rolled-back one has
 * none. The background runner sends them (lib/webhooks/job.ts).
 */

/**
 * One connection event. `type`, `tenantId` and `secretId` are required; any of the other
 * fields left out is read from the secret row in the same transaction, so call it before
 * a delete, or pass them all. Never put a value, a token or a provider's error text in
 * `reason`: it goes into the webhook body as it is.
 */
export type ConnectionEvent = {
  type: ConnectionEventType;
  tenantId: string;
  secretId: string;
  componentId?: string | null;
  username?: string | null;
  workspace?: string;
  status?: string;
  reason?: string | null;
};

// Rows per insert: far below Postgres' 65,535 bound parameters at five columns a row.
const INSERT_CHUNK = 1000;

/**
 * Writes the deliveries of one event in `tx`, the transaction of the change it reports.
 * Costs one indexed query when the tenant has no endpoint that wants it. Returns how many
 * deliveries were written.
 *
 *   await db.transaction(async (tx) => {
 *     await tx.update(secrets).set({ status: "error", … }).where(…);
 *     await emitConnectionEvent(tx, { type: "connection.verification_failed", tenantId, secretId, reason: "auth_failed" });
 *   });
 */
export function emitConnectionEvent(tx: Db, event: ConnectionEvent): Promise<number> {
  return emitConnectionEvents(tx, [event]);
}

/** `emitConnectionEvent` for many events of one tenant at once (an end user's deleted secrets). */
export async function emitConnectionEvents(tx: Db, events: readonly ConnectionEvent[]): Promise<number> {
  if (events.length === 0) return 0;
  const tenantId = events[0].tenantId;
  if (events.some((e) => e.tenantId !== tenantId)) throw new Error("emitConnectionEvents takes one tenant's events");
  const endpoints = await tx
    .select({ id: webhookEndpoints.id, events: webhookEndpoints.events })
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.tenantId, tenantId), eq(webhookEndpoints.enabled, true)));
  const wanted = events.filter((e) => endpoints.some((ep) => ep.events.includes(e.type)));
  if (wanted.length === 0) return 0;

  const known = await secretFacts(
    tx,
    tenantId,
    wanted.filter((e) => isIncomplete(e)).map((e) => e.secretId),
  );
  const timestamp = new Date().toISOString();
  const rows: (typeof webhookDeliveries.$inferInsert)[] = [];
  for (const e of wanted) {
    const facts = known.get(e.secretId);
    const data: ConnectionEventData = {
      secretId: e.secretId,
      componentId: e.componentId !== undefined ? e.componentId : (facts?.componentId ?? null),
      username: e.username !== undefined ? e.username : (facts?.username ?? null),
      workspace: e.workspace ?? facts?.workspace ?? "",
      status: e.status ?? facts?.status ?? "active",
      reason: e.reason ?? null,
    };
    const body: ConnectionEventBody = { type: e.type, timestamp, data };
    const json = JSON.stringify(body);
    const eventId = randomUUID();
    for (const ep of endpoints) {
      if (ep.events.includes(e.type))
        rows.push({ tenantId, endpointId: ep.id, eventId, eventType: e.type, body: json });
    }
  }
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    await tx.insert(webhookDeliveries).values(rows.slice(i, i + INSERT_CHUNK));
  }
  return rows.length;
}

const isIncomplete = (e: ConnectionEvent) =>
  e.componentId === undefined || e.username === undefined || e.workspace === undefined || e.status === undefined;

/** What an event says about its secret, from the row as this transaction sees it. */
async function secretFacts(tx: Db, tenantId: string, ids: string[]) {
  const facts = new Map<
    string,
    { componentId: string | null; username: string | null; workspace: string; status: string }
  >();
  if (ids.length === 0) return facts;
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += INSERT_CHUNK) {
    const rows = await tx
      .select({
        id: secrets.id,
        componentId: secrets.componentId,
        status: secrets.status,
        workspace: workspaces.slug,
        username: endUsers.username,
      })
      .from(secrets)
      .innerJoin(workspaces, eq(workspaces.id, secrets.workspaceId))
      .leftJoin(endUsers, eq(endUsers.id, secrets.endUserId))
      .where(and(eq(secrets.tenantId, tenantId), inArray(secrets.id, unique.slice(i, i + INSERT_CHUNK))));
    for (const r of rows) facts.set(r.id, { ...r, username: r.username ?? null });
  }
  return facts;
}
