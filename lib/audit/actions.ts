/**
 * Every audit action the service writes, grouped by what it is about. The audit log's
 * action filter offers these (components/audit/audit-filters.tsx); `actions.test.ts`
 * checks the list against every `action: "…"` the code records, so it cannot fall behind.
 */
export const AUDIT_ACTIONS = [
  "secret.created",
  "secret.updated",
  "secret.deleted",
  "secret.read",
  "secret.used",
  "secret.verified",
  "secret.refreshed",
  "secret.refresh_failed",
  "secret.expiring",
  "secret.expired",
  "secret.rotated",
  "secret.revoked",
  "secret.revocation_pending",
  "secret.revocation_failed",
  "secret.usage_added",
  "secret.usage_removed",
  "oauth.flow_started",
  "oauth.flow_failed",
  "auth_client.created",
  "auth_client.updated",
  "auth_client.deleted",
  "connect_session.created",
  "connect_session.revoked",
  "end_user.impersonated",
  "end_user.deleted",
  "api_key.created",
  "api_key.revoked",
  "member.added",
  "member.removed",
  "member.role_changed",
  "member.password_changed",
  "member.password_reset",
  "workspace.created",
  "workspace.deleted",
  "webhook.created",
  "webhook.updated",
  "webhook.deleted",
  "webhook.disabled",
  "webhook.delivery_resent",
  "settings.updated",
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];
