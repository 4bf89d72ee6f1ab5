import type { Secret } from "@/db/schema";

export type SecretRow = Pick<
  Secret,
  | "id" | "name" | "type" | "componentId" | "config" | "endUserId" | "workspaceId" | "status" | "statusDetail"
  | "scope" | "expires" | "lastUsedAt" | "lastVerifiedAt" | "createdAt" | "updatedAt" | "maskedValue"
> & { workspace: string; usageCount?: number; username?: string | null };

function owners(s: SecretRow) {
  return s.endUserId
    ? [{ id: s.endUserId, type: "USER" as const }]
    : [{ id: s.workspaceId, type: "WORKSPACE" as const }];
}

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

function meta(s: SecretRow) {
  return {
    id: s.id,
    _id: s.id,
    name: s.name,
    type: s.type,
    componentId: s.componentId,
    workspace: s.workspace,
    owners: owners(s),
    config: s.config,
    status: s.status,
    statusDetail: s.statusDetail,
    expires: iso(s.expires),
    scope: s.scope,
    lastUsedAt: iso(s.lastUsedAt),
    lastVerifiedAt: iso(s.lastVerifiedAt),
    createdAt: iso(s.createdAt),
    updatedAt: iso(s.updatedAt),
  };
}

/** The list/create/patch shape: metadata plus the masked value. Never ciphertext. */
export function maskedSecret(s: SecretRow) {
  return { ...meta(s), usageCount: s.usageCount ?? 0, value: s.maskedValue };
}

/** The FlowMate read shape, with the decrypted value. Only GET /secrets/{id} uses it. */
export function fullSecret(s: SecretRow, value: Record<string, unknown>) {
  return { ...meta(s), value };
}
