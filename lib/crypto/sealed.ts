import "server-only";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import { authClients, oauthFlows, pendingRevocations, secrets, webhookEndpoints } from "@/db/schema";

/**
 * A column of envelopes under the tenant's data key, with the associated-data field its
 * values are sealed with. Every one is re-encrypted by `rotateTenant`: secret values, auth
 * clients' client secrets, pending flows' PKCE verifiers, webhook signing secrets and the
 * tokens of pending revocations.
 */
export type SealedColumn = {
  /** Prefix of a failed row's id in the report; secrets keep bare ids. */
  label: string;
  table: PgTable;
  id: PgColumn;
  tenantId: PgColumn;
  ciphertext: PgColumn;
  /** The drizzle key of `ciphertext`, for the update. */
  key: string;
  updatedAt: PgColumn;
  field: string;
};

export const SEALED: readonly SealedColumn[] = [
  {
    label: "",
    table: secrets,
    id: secrets.id,
    tenantId: secrets.tenantId,
    ciphertext: secrets.valueCiphertext,
    key: "valueCiphertext",
    updatedAt: secrets.updatedAt,
    field: "value",
  },
  {
    label: "auth_client:",
    table: authClients,
    id: authClients.id,
    tenantId: authClients.tenantId,
    ciphertext: authClients.clientSecretCiphertext,
    key: "clientSecretCiphertext",
    updatedAt: authClients.updatedAt,
    field: "client_secret",
  },
  {
    label: "oauth_flow:",
    table: oauthFlows,
    id: oauthFlows.id,
    tenantId: oauthFlows.tenantId,
    ciphertext: oauthFlows.codeVerifierCiphertext,
    key: "codeVerifierCiphertext",
    updatedAt: oauthFlows.updatedAt,
    field: "code_verifier",
  },
  {
    label: "webhook:",
    table: webhookEndpoints,
    id: webhookEndpoints.id,
    tenantId: webhookEndpoints.tenantId,
    ciphertext: webhookEndpoints.secretCiphertext,
    key: "secretCiphertext",
    updatedAt: webhookEndpoints.updatedAt,
    field: "signing_secret",
  },
  {
    label: "webhook_previous:",
    table: webhookEndpoints,
    id: webhookEndpoints.id,
    tenantId: webhookEndpoints.tenantId,
    ciphertext: webhookEndpoints.previousSecretCiphertext,
    key: "previousSecretCiphertext",
    updatedAt: webhookEndpoints.updatedAt,
    field: "previous_signing_secret",
  },
  {
    label: "pending_revocation:",
    table: pendingRevocations,
    id: pendingRevocations.id,
    tenantId: pendingRevocations.tenantId,
    ciphertext: pendingRevocations.tokensCiphertext,
    key: "tokensCiphertext",
    updatedAt: pendingRevocations.updatedAt,
    field: "tokens",
  },
];
