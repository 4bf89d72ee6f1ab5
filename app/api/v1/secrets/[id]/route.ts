// GET /api/v1/secrets/{id} – read a secret with its value (FlowMate shape); PATCH – update; DELETE – remove
import { parseBody } from "@/lib/api/body";
import { route } from "@/lib/api/routes";
import { noContent, ok, withApi } from "@/lib/api/with-api";
import { obtainTokenForPatch } from "@/lib/oauth/connect";
import { fullSecret, maskedSecret } from "@/lib/secrets/present";
import { forceParam } from "@/lib/secrets/permissions";
import { patchSecretSchema } from "@/lib/secrets/schemas";
import { resolveScope, usernameParam } from "@/lib/secrets/scope";
import { deleteSecret, readSecret, updateSecret } from "@/lib/secrets/store";
import { assertStillWanted, verifyPatch } from "@/lib/secrets/verify";

type P = { id: string };

// Values leave the vault only to integration code (API key or user token), never to the dashboard.
export const GET = withApi<P>(
  async ({ req, db, caller, params, requestId }) => {
    const scope = await resolveScope(db, caller, usernameParam(req));
    const { row, value } = await readSecret(db, { scope, id: params.id, audit: { caller, requestId } });
    return ok(fullSecret(row, value));
  },
  { ...route("GET /api/v1/secrets/{id}"), deferEndUserCheck: true },
);

export const PATCH = withApi<P>(async ({ req, db, caller, params, requestId }) => {
  const body = await parseBody(req, patchSecretSchema);
  const scope = await resolveScope(db, caller, usernameParam(req));
  // New input fields for a session login (or client credentials again): the token is obtained first.
  const first = await obtainTokenForPatch(db, { scope, id: params.id, patch: body });
  const patch = first ? { ...body, value: first.value } : body;
  const { config, verified } = await verifyPatch(db, { scope, id: params.id, caller, patch });
  assertStillWanted(req.signal);
  const secret = await updateSecret(db, {
    scope,
    id: params.id,
    patch: { ...patch, config },
    verified: verified || !!first,
    audit: { caller, requestId },
    oauth: first?.link,
  });
  return ok(maskedSecret(secret));
}, route("PATCH /api/v1/secrets/{id}"));

export const DELETE = withApi<P>(async ({ req, db, caller, params, requestId }) => {
  const force = forceParam(req, caller);
  const scope = await resolveScope(db, caller, usernameParam(req));
  await deleteSecret(db, { scope, id: params.id, force, audit: { caller, requestId } });
  return noContent();
}, route("DELETE /api/v1/secrets/{id}"));
