import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditEvents, secrets } from "@/db/schema";
import { ApiError } from "@/lib/api/errors";
import { auditRow, type AuditInput } from "@/lib/audit";
import type { Caller } from "@/lib/auth/caller";
import { credentialDryRun, getComponent, resolveConfig, type ComponentEntry } from "@/lib/components";
import { changedRoutingFields } from "@/lib/components/routing";
import type { VerifyResult } from "@/lib/verify/classify";
import { describeVerification } from "@/lib/verify/describe";
import { runDryRun } from "@/lib/verify/dry-run";
import type { SecretScope } from "./scope";
import { loadSecretValue, validateValue } from "./store";
import { typeDef } from "./types";

const invalid = (path: string, message: string) =>
  new ApiError("validation_failed", "The request is not valid", { issues: [{ path, message }] });

/**
 * The catalogue entry and config of a stored credential. The config was resolved (defaults
 * filled, fields checked) when it was written, and a connection made through an auth client
 * legitimately lacks the fields passing one in requires (Custom OAuth2 keeps its endpoints on
 * the client), so it is taken as stored, not checked again.
 */
export function storedComponent(row: { componentId: string | null; config: unknown }): {
  entry?: ComponentEntry;
  config: Record<string, string>;
} {
  return {
    entry: row.componentId ? getComponent(row.componentId) : undefined,
    config: (row.config ?? {}) as Record<string, string>,
  };
}

/**
 * Checks `componentId` and the type against the catalogue and resolves the config
 * (defaults filled, fields validated). Secrets without a component keep their config as given.
 */
export function resolveComponent(input: {
  componentId?: string | null;
  type: string;
  config?: Record<string, string>;
}): {
  entry?: ComponentEntry;
  config: Record<string, string>;
} {
  if (!input.componentId) return { config: input.config ?? {} };
  const entry = getComponent(input.componentId);
  if (!entry) throw invalid("componentId", `Unknown component "${input.componentId}"`);
  if (!(entry.authTypes as string[]).includes(input.type)) {
    throw invalid(
      "type",
      `${entry.name} does not accept ${input.type} credentials (it accepts ${entry.authTypes.join(", ")})`,
    );
  }
  const resolved = resolveConfig(entry, input.config ?? {});
  if (!resolved.ok) throw new ApiError("validation_failed", "The request is not valid", { issues: resolved.issues });
  return { entry, config: resolved.values };
}

/**
 * Who may skip the dry run ("Save without testing"): API callers, and dashboard admins and
 * developers, who are trusted as much as the API keys they can see (the credential is then
 * Unverified). A connect session (an end user in a browser) always proves a credential.
 */
export function assertMaySkip(caller: Caller, verify: boolean | undefined) {
  if (verify !== false) return;
  if (caller.kind === "connect_session" || (caller.kind === "member" && caller.role === "viewer")) {
    throw new ApiError("forbidden", "Only API callers, admins and developers may skip verification");
  }
}

/**
 * Between the dry run and the write: a caller that went away meanwhile (the dashboard's
 * Cancel aborts the request, and Next aborts `req.signal`) gets nothing stored, even when
 * the provider answered after the cancel.
 */
export function assertStillWanted(signal: AbortSignal) {
  if (signal.aborted) throw new ApiError("bad_request", "The request was cancelled; nothing was stored");
}

/**
 * Runs the dry run when the credential has one (its component's, or a native type's own
 * without a component: lib/components `credentialDryRun`); a failure is `422 verification_failed`,
 * too many dry runs of the tenant in flight `429 rate_limited`.
 */
export async function verifyOrThrow(opts: {
  tenantId: string;
  entry?: ComponentEntry;
  type: string;
  value: Record<string, unknown>;
  config: Record<string, string>;
  skip?: boolean;
}): Promise<VerifyResult | null> {
  if (!credentialDryRun(opts.entry, opts.type) || opts.skip) return null;
  const result = await runDryRun({
    tenantId: opts.tenantId,
    entry: opts.entry,
    type: opts.type,
    value: opts.value,
    config: opts.config,
  });
  if (result && !result.ok) {
    throw new ApiError("verification_failed", describeVerification(result), { verification: result });
  }
  return result;
}

/**
 * `POST /secrets/{id}/verify`: re-checks a stored secret and records the outcome in
 * `status`, `statusDetail` and `lastVerifiedAt`. The dry run is slow, so a PATCH may
 * replace the value meanwhile: the outcome is then returned but not recorded, since it
 * says nothing about the value now stored.
 */
export async function verifyStoredSecret(
  db: Db,
  opts: { scope: SecretScope; id: string; audit: Omit<AuditInput, "tenantId" | "action"> },
): Promise<VerifyResult> {
  const { row, value, envelope } = await loadSecretValue(db, opts.scope, opts.id);
  const { entry, config } = storedComponent(row);
  if (!credentialDryRun(entry, row.type)) throw new ApiError("bad_request", "This credential has no dry run");
  const result = (await runDryRun({ tenantId: opts.scope.tenantId, entry, type: row.type, value, config }))!;
  await db.transaction(async (tx) => {
    // Compare-and-swap on the envelope that was tested (see loadSecretValue).
    const recorded = await tx
      .update(secrets)
      .set({
        status: result.ok ? "active" : "error",
        statusDetail: result.ok ? null : describeVerification(result),
        lastVerifiedAt: new Date(),
      })
      .where(
        and(eq(secrets.id, row.id), eq(secrets.tenantId, opts.scope.tenantId), eq(secrets.valueCiphertext, envelope)),
      )
      .returning({ id: secrets.id });
    const metadata = {
      class: result.class,
      status: result.status ?? null,
      ...(recorded.length === 0 && { superseded: true }),
    };
    await tx.insert(auditEvents).values(
      auditRow({
        ...opts.audit,
        tenantId: opts.scope.tenantId,
        action: "secret.verified",
        targetType: "secret",
        targetId: row.id,
        metadata,
      }),
    );
  });
  return result;
}

/**
 * Before a PATCH: a new value or config is checked against the component and proved
 * with the dry run (using the stored value when only the config changes).
 * A config change that moves the credential to another host (a routing field, see
 * lib/components/routing.ts) needs the whole value again: otherwise anyone who may edit
 * but not read a credential could send it to a server of their own. Database hosts are
 * inside the value, which is only ever replaced whole.
 * Returns the resolved config to store and whether a dry run passed.
 */
export async function verifyPatch(
  db: Db,
  opts: {
    scope: SecretScope;
    id: string;
    caller: Caller;
    patch: { value?: Record<string, unknown>; config?: Record<string, string>; verify?: boolean };
  },
): Promise<{ config?: Record<string, string>; verified: boolean }> {
  const { patch } = opts;
  assertMaySkip(opts.caller, patch.verify);
  if (!patch.value && !patch.config) return { verified: false };
  const current = await loadSecretValue(db, opts.scope, opts.id);
  // A new config is checked like one passed in; without one the stored config stands.
  const { entry, config } = patch.config
    ? resolveComponent({ componentId: current.row.componentId, type: current.row.type, config: patch.config })
    : storedComponent(current.row);
  if (entry && patch.config && !patch.value)
    assertSameDestination(entry, current.row.config as Record<string, string>, config);
  const value = patch.value ? validateValue(typeDef(current.row.type).schema, patch.value) : current.value;
  const result = await verifyOrThrow({
    tenantId: opts.scope.tenantId,
    entry,
    type: current.row.type,
    value,
    config,
    skip: patch.verify === false,
  });
  return { config: patch.config ? config : undefined, verified: !!result };
}

/** Throws `validation_failed` on `value` when `next` sends the credential elsewhere than `stored`. */
function assertSameDestination(entry: ComponentEntry, stored: Record<string, string>, next: Record<string, string>) {
  // The stored config as the catalogue resolves it now (defaults filled), so that spelling
  // out a default is not a change; a config the catalogue no longer accepts counts as is.
  const before = resolveConfig(entry, stored);
  const moved = changedRoutingFields(entry, before.ok ? before.values : stored, next);
  if (moved.length === 0) return;
  const names = moved.map((name) => `${entry.fields.find((f) => f.name === name)?.label ?? name} (${name})`).join(", ");
  throw invalid(
    "value",
    `Changing ${names} changes where this credential is sent: re-enter the secret value with the change`,
  );
}
