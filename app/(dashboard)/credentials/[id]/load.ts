import "server-only";
import { notFound } from "next/navigation";
import type { Db } from "@/db/client";
import { ApiError } from "@/lib/api/errors";
import { listAuditEvents } from "@/lib/audit";
import { getSecretMeta } from "@/lib/secrets/store";

/** The credential in the member's tenant, or the 404 page (also for other tenants' ids). */
export async function loadSecret(db: Db, tenantId: string, id: string) {
  try {
    return await getSecretMeta(db, { tenantId }, id);
  } catch (err) {
    if (err instanceof ApiError && err.code === "not_found") notFound();
    throw err;
  }
}

// Checks (on demand and scheduled) and token refreshes, besides creation and edits.
const HISTORY_ACTIONS = [
  "secret.created",
  "secret.updated",
  "secret.verified",
  "secret.refreshed",
  "secret.refresh_failed",
  "secret.expired",
  "secret.expiring",
] as const;
const HISTORY_SIZE = 20;

/**
 * The latest status-relevant audit events for one secret, newest first. Reads are audited
 * too and would crowd them out, so only these actions are asked for.
 */
export async function loadHistory(db: Db, tenantId: string, secretId: string) {
  const page = { page: 1, perPage: HISTORY_SIZE, offset: 0 };
  const { rows } = await listAuditEvents(db, { tenantId, page, actions: HISTORY_ACTIONS, targetId: secretId });
  return rows;
}
