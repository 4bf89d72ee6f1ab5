/*
 * The connection events the tenant's backend can subscribe to (docs/architecture.md ›
 * Webhooks), in a module with no server imports: the API schemas, the dashboard's event
 * picker (client code) and the emitters all read them from here.
 */

export const connectionEventTypes = [
  "connection.created",
  "connection.updated",
  "connection.deleted",
  "connection.refresh_failed",
  "connection.recovered",
  "connection.verification_failed",
  "connection.expiring",
] as const;
export type ConnectionEventType = (typeof connectionEventTypes)[number];

/** One line for each event, for the API docs and the dashboard. */
export const connectionEventLabels: Record<ConnectionEventType, string> = {
  "connection.created": "A credential was stored or an account connected",
  "connection.updated": "A credential was renamed, re-entered or re-authorised",
  "connection.deleted": "A credential was deleted (alone or with its end user)",
  "connection.refresh_failed": "Refreshing an OAuth token failed",
  "connection.recovered": "A failing credential works again",
  "connection.verification_failed": "A scheduled re-check of a credential failed",
  "connection.expiring": "A credential without a refresh path expires soon",
};

/**
 * The `data` of an event body. Ids, status and reason only: never a value, a token or a
 * provider's error text.
 */
export type ConnectionEventData = {
  secretId: string;
  componentId: string | null;
  /** The end user's external id; null for a workspace credential. */
  username: string | null;
  /** The workspace slug. */
  workspace: string;
  /** The secret's status after the change (`active`, `expired`, `error`; the last one for a delete). */
  status: string;
  /** A short machine-readable cause (`server_error`, `invalid_grant`, `auth_failed`, …), or null. */
  reason: string | null;
};

/** The JSON body of a delivery, as Standard Webhooks shapes it: `{type, timestamp, data}`. */
export type ConnectionEventBody = { type: ConnectionEventType; timestamp: string; data: ConnectionEventData };
