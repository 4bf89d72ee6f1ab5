/*
 * The dashboard's displayed status (issue 15 › Status tells the truth). The API's `status`
 * field stays as stored (FlowMate reads it); the dashboard shows what a person needs to
 * know, derived here for the list and the detail page alike. The list's status filter is
 * the same rule in SQL (lib/secrets/shown-status.ts): keep the two in step.
 */

export const displayStatuses = ["active", "unverified", "expired", "error"] as const;
export type DisplayStatus = (typeof displayStatuses)[number];

/**
 * The dashboard's status filter: a displayed status, or `expiring` (expires soon: an Active
 * or failing row flagged "Expires soon", exactly the Needs-attention summary's count).
 */
export const statusFilters = [...displayStatuses, "expiring"] as const;
export type StatusFilter = (typeof statusFilters)[number];

/** What the rule reads from a row (lib/secrets/store.ts rowColumns). */
export type DisplayStatusFields = {
  status: string;
  expires: Date | null;
  lastVerifiedAt?: Date | null;
  /** A renewable type linked to an auth client: a passed `expires` is the refresh job's, not an expiry. */
  autoRenews?: boolean | null;
};

/**
 * `expired` when stored so or when its `expires` has passed with no way to renew it (the
 * expiry job may not have run yet); `error` when failing; `unverified` when never checked
 * against the provider (`verify: false`, or a type without a dry run) and not issued by it
 * through an auth client; `active` otherwise.
 */
export function displayStatus(row: DisplayStatusFields, now: Date = new Date()): DisplayStatus {
  if (row.status === "expired") return "expired";
  if (row.expires && row.expires.getTime() <= now.getTime() && !row.autoRenews) return "expired";
  if (row.status !== "active") return "error";
  // A token the provider issued through an auth client (OAuth connect, client credentials,
  // session login) was proven by that exchange, whether or not a dry run followed.
  return row.lastVerifiedAt || row.autoRenews ? "active" : "unverified";
}
