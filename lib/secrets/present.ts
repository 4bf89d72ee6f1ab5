import type { Secret } from "@/db/schema";
import { iso } from "@/lib/api/public";
import type { FullSecret, MaskedSecret } from "./public";
import { isSigningType, signingPublicView } from "./types/signing";

export type SecretRow = Pick<
  Secret,
  | "id"
  | "name"
  | "type"
  | "componentId"
  | "config"
  | "endUserId"
  | "workspaceId"
  | "status"
  | "statusDetail"
  | "scope"
  | "expires"
  | "lastUsedAt"
  | "lastVerifiedAt"
  | "createdAt"
  | "updatedAt"
  | "maskedValue"
> & {
  workspace: string;
  usageCount?: number;
  username?: string | null;
  /** Signing keys: whether a read may return the private material; unknown counts as no. */
  exportable?: boolean;
  publishJwks?: boolean;
  /** Dashboard flags (lib/jobs/attention.ts), never sent by the API. */
  failingSince?: Date | null;
  expiresSoon?: boolean;
  /** The dashboard's displayed status reads it (components/credentials/display-status.ts). */
  autoRenews?: boolean;
};

// Built by typed construction, not parsed: the return types are the public schemas' types
// (lib/secrets/public.ts) and every field is named, so a new column never reaches a response
// by accident. Why not a parse on the way out: lib/api/public.ts.

function owners(s: SecretRow): FullSecret["owners"] {
  return s.endUserId ? [{ id: s.endUserId, type: "USER" }] : [{ id: s.workspaceId, type: "WORKSPACE" }];
}

function meta(s: SecretRow): Omit<FullSecret, "value"> {
  return {
    id: s.id,
    _id: s.id,
    name: s.name,
    type: s.type as FullSecret["type"],
    componentId: s.componentId,
    workspace: s.workspace,
    owners: owners(s),
    // Written only through the create and patch schemas: strings by field name.
    config: s.config as Record<string, string>,
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

/** The list/create/patch shape (`maskedSecretSchema`): metadata plus the masked value. Never ciphertext. */
export function maskedSecret(s: SecretRow): MaskedSecret {
  return { ...meta(s), usageCount: s.usageCount ?? 0, value: s.maskedValue };
}

/**
 * The FlowMate read shape (`fullSecretSchema`), with the decrypted value. Only GET /secrets/{id}
 * uses it. A signing key not created `exportable` answers its public part only (kid, public
 * key): its private material is used inside the service and never leaves it.
 */
export function fullSecret(s: SecretRow, value: Record<string, unknown>): FullSecret {
  if (isSigningType(s.type) && s.exportable !== true) {
    return { ...meta(s), value: signingPublicView(s.type, value, new Date()) };
  }
  return { ...meta(s), value };
}
