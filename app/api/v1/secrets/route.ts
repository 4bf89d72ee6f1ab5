// GET /api/v1/secrets – list visible secrets (masked); POST – credential passing
import { parseBody, parseQuery } from "@/lib/api/body";
import { listMeta, parseCursor } from "@/lib/api/cursor";
import { parsePage } from "@/lib/api/paging";
import { route } from "@/lib/api/routes";
import { idempotent } from "@/lib/api/idempotency";
import { created, ok, withApi, type ApiContext } from "@/lib/api/with-api";
import { obtainFirstToken, wantsFirstToken } from "@/lib/oauth/connect";
import { maskedSecret } from "@/lib/secrets/present";
import { createSecretSchema, listSecretsQuery, type CreateSecretInput } from "@/lib/secrets/schemas";
import { resolveScope, sessionTarget, usernameParam } from "@/lib/secrets/scope";
import { createSecret, listSecrets } from "@/lib/secrets/store";
import { assertMaySkip, assertStillWanted, resolveComponent, verifyOrThrow } from "@/lib/secrets/verify";

export const GET = withApi(async ({ req, db, caller }) => {
  const { username, ...filters } = parseQuery(req, listSecretsQuery);
  const scope = await resolveScope(db, caller, username);
  const page = parsePage(req);
  const after = parseCursor(req);
  const list = await listSecrets(db, scope, filters, page, { after });
  return ok(list.rows.map(maskedSecret), listMeta(page, list, !!after));
}, route("GET /api/v1/secrets"));

// An Idempotency-Key makes a retry return the first answer instead of storing again (lib/api/idempotency.ts).
export const POST = withApi((ctx) => idempotent(ctx, () => create(ctx)), route("POST /api/v1/secrets"));

async function create({ req, db, caller, requestId }: ApiContext<Record<string, string>>): Promise<Response> {
  const body = (await parseBody(req, createSecretSchema)) as CreateSecretInput;
  assertMaySkip(caller, body.verify);
  // A connect session creates only for its components, in its own workspace.
  const input = { ...body, ...sessionTarget(caller, body) };
  // Session auth or client credentials without a token: the login or token request runs first, as the dry run.
  const first = wantsFirstToken(input.type, input.value)
    ? await obtainFirstToken(db, { tenantId: caller.tenantId, ...pick(input) })
    : undefined;
  const { entry, config } = first ?? resolveComponent(input);
  const value = first?.value ?? input.value;
  const result = await verifyOrThrow({
    tenantId: caller.tenantId,
    entry,
    type: input.type,
    value,
    config,
    skip: input.verify === false,
  });
  const scope = await resolveScope(db, caller, usernameParam(req), { create: true });
  assertStillWanted(req.signal);
  const secret = await createSecret(db, {
    scope,
    input: { ...input, componentId: first ? first.componentId : input.componentId, value, config },
    verified: !!result || !!first,
    audit: { caller, requestId },
    oauth: first?.link,
  });
  return created(maskedSecret(secret));
}

const pick = (i: CreateSecretInput) => ({ type: i.type, value: i.value, componentId: i.componentId, config: i.config });
