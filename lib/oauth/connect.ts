import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { authClients, secrets, type AuthClient } from "@/db/schema";
import { toIssues } from "@/lib/api/body";
import { ApiError, type Issue } from "@/lib/api/errors";
import { getComponent, resolveConfig, type ComponentEntry } from "@/lib/components";
import { isUuid } from "@/lib/ids";
import type { SecretScope } from "@/lib/secrets/scope";
import { getSecretMeta, type OAuthLink } from "@/lib/secrets/store";
import { classifyStatus, type VerifyClass, type VerifyResult } from "@/lib/verify/classify";
import { describeVerification } from "@/lib/verify/describe";
import { withDryRunSlot } from "@/lib/verify/limits";
import { clientCredentialsValue, requestClientCredentials } from "./client-credentials";
import { isCustomComponent } from "./defaults";
import { recipeOf } from "./session-clients";
import { LOGIN_FAILURES, runLogin, type LoginFailure } from "./session-login";
import { fillFields, inputFieldsSchema, type SessionRecipe } from "./session-recipe";
import { unpinnedEndpoints, unpinnedRefusal } from "./endpoint-hosts";

/*
 * The first token of a SESSION_AUTH or OA2_CLIENT_CREDENTIALS secret
 * (docs/architecture.md › Session auth and client credentials). `POST /secrets` with `{authClientId, inputFields}` or
 * `{authClientId}` (and a PATCH with new input fields) runs the recipe's login, or the
 * client-credentials grant, once before anything is stored: that is the credential's dry run.
 * A refusal or failure answers 422 verification_failed and nothing is stored.
 */

/** How long the first login or token request may take (the outbound default). */
const FIRST_TOKEN_TIMEOUT_MS = 10_000;
const TOKEN_TYPES = ["SESSION_AUTH", "OA2_CLIENT_CREDENTIALS"] as const;

/** A SESSION_AUTH or OA2_CLIENT_CREDENTIALS value that names no token yet: one is obtained first. */
export function wantsFirstToken(type: string, value: Record<string, unknown>): boolean {
  return (TOKEN_TYPES as readonly string[]).includes(type) && value.accessToken === undefined;
}

export type FirstToken = {
  /** The value to store, in the FlowMate shape of its type. */
  value: Record<string, unknown>;
  /** The auth client's component (the secret's), and the connection's config resolved for it. */
  componentId?: string;
  entry?: ComponentEntry;
  config: Record<string, string>;
  /** Links the secret to the client, so reads renew it (lib/oauth/refresh.ts). */
  link: OAuthLink;
  /** The login or token request as a dry-run result. */
  proof: VerifyResult;
};

const invalid = (issues: Issue[]) => new ApiError("validation_failed", "The request is not valid", { issues });

async function clientFor(db: Db, tenantId: string, type: string, id: unknown): Promise<AuthClient> {
  const kind = type === "SESSION_AUTH" ? "session-auth" : "client-credentials";
  const [row] = isUuid(typeof id === "string" ? id : "")
    ? await db
        .select()
        .from(authClients)
        .where(
          and(
            eq(authClients.id, id as string),
            eq(authClients.tenantId, tenantId),
            eq(authClients.type, type as AuthClient["type"]),
          ),
        )
    : [];
  if (!row) throw invalid([{ path: "value.authClientId", message: `Not a ${kind} auth client of this tenant` }]);
  return row;
}

/** The client's component for the secret: a given one (null: none) must be the same. */
function componentOf(client: AuthClient, given: string | null | undefined) {
  if (given !== undefined && given !== client.componentId) {
    const name = client.componentId ? (getComponent(client.componentId)?.name ?? client.componentId) : "no component";
    throw invalid([{ path: "componentId", message: `The auth client is for ${name}` }]);
  }
  const entry = client.componentId ? getComponent(client.componentId) : undefined;
  return { componentId: client.componentId ?? undefined, entry };
}

/** The end user's input fields checked against the recipe; issues point at `value.inputFields.<name>`. */
function checkInputs(recipe: SessionRecipe, given: unknown): Record<string, string> {
  const parsed = inputFieldsSchema(recipe.fields).safeParse(given ?? {});
  if (!parsed.success) {
    throw invalid(
      toIssues(parsed.error).map((i) => ({ ...i, path: `value.inputFields${i.path ? `.${i.path}` : ""}` })),
    );
  }
  const inputs = Object.fromEntries(
    Object.entries(parsed.data).filter((e): e is [string, string] => typeof e[1] === "string"),
  );
  const auth = recipe.endpoints.auth;
  if (auth.authType === "HEADER_AUTH" && fillFields(auth.requestFields.username ?? "", inputs).includes(":")) {
    // Basic auth splits at the first colon: such a user-id would send a different login.
    const field = recipe.fields.find((f) => (auth.requestFields.username ?? "").includes(`fields.${f.name}`));
    throw invalid([
      {
        path: `value.inputFields.${field?.name ?? "username"}`,
        message: "Must not contain a colon (:) for Basic auth",
      },
    ]);
  }
  return inputs;
}

const LOGIN_CLASS: Record<LoginFailure, VerifyClass> = {
  server_error: "server_error",
  rate_limited: "rate_limited",
  timeout: "timeout",
  network: "network",
  blocked: "blocked",
  redirect: "server_error",
  too_large: "server_error",
  not_json: "server_error",
  no_token: "server_error",
  bad_token: "server_error",
};

const refused = (message: string, verification: VerifyResult) =>
  new ApiError("verification_failed", message, { verification });

async function sessionValue(tenantId: string, client: AuthClient, value: Record<string, unknown>) {
  const recipe = recipeOf(client);
  const inputs = checkInputs(recipe, value.inputFields);
  const outcome = await withDryRunSlot(tenantId, () => runLogin(recipe, inputs, { timeoutMs: FIRST_TOKEN_TIMEOUT_MS }));
  if (outcome.kind === "rejected") {
    const verification: VerifyResult = {
      ok: false,
      class: classifyStatus(outcome.status),
      status: outcome.status,
      durationMs: outcome.durationMs,
    };
    throw refused(`The login was refused: ${describeVerification(verification)}`, verification);
  }
  if (outcome.kind === "failed") {
    const verification: VerifyResult = {
      ok: false,
      class: LOGIN_CLASS[outcome.reason],
      ...(outcome.status && { status: outcome.status }),
      durationMs: outcome.durationMs,
    };
    throw refused(`The login did not give a token: ${LOGIN_FAILURES[outcome.reason]}`, verification);
  }
  const proof: VerifyResult = { ok: true, class: "ok", status: outcome.status, durationMs: outcome.durationMs };
  return {
    value: { authClientId: client.id, accessToken: outcome.accessToken, inputFields: inputs, expires: outcome.expires },
    proof,
  };
}

async function clientCredentialsFirst(db: Db, tenantId: string, client: AuthClient, config: Record<string, string>) {
  const [unpinned] = unpinnedEndpoints(client.componentId, { token: client.endpoints.token });
  if (unpinned) throw new ApiError("bad_request", unpinnedRefusal(unpinned));
  const grant = await withDryRunSlot(tenantId, () =>
    requestClientCredentials(db, client, config, FIRST_TOKEN_TIMEOUT_MS),
  );
  if (grant.kind === "failed") {
    const cls: VerifyClass =
      grant.reason === "timeout" || grant.reason === "network" || grant.reason === "blocked"
        ? grant.reason
        : grant.status && grant.status < 500
          ? classifyStatus(grant.status)
          : "server_error";
    const verification: VerifyResult = {
      ok: false,
      class: cls,
      ...(grant.status && { status: grant.status }),
      ...(/^[a-z_]{1,40}$/.test(grant.reason) && { code: grant.reason }),
      durationMs: grant.durationMs,
    };
    throw refused(`The token endpoint gave no token (${grant.reason})`, verification);
  }
  const proof: VerifyResult = { ok: true, class: "ok", status: 200, durationMs: grant.durationMs };
  return { value: clientCredentialsValue(client, grant.token), proof };
}

/**
 * Obtains the first token of a SESSION_AUTH or OA2_CLIENT_CREDENTIALS secret: checks that
 * `value.authClientId` (or `linkedClientId`, a PATCH's stored link) is the tenant's client of
 * that type, that a given `componentId` is the client's, resolves the connection's config for
 * the component, then runs the login (the end user's input fields, checked against the
 * recipe) or the token request, holding a dry-run slot. Throws `validation_failed` for bad
 * input and `verification_failed` (with `verification`) when no token came back.
 */
export async function obtainFirstToken(
  db: Db,
  opts: {
    tenantId: string;
    type: string;
    value: Record<string, unknown>;
    componentId?: string | null;
    config?: Record<string, string>;
    linkedClientId?: string | null;
  },
): Promise<FirstToken> {
  const client = await clientFor(db, opts.tenantId, opts.type, opts.value.authClientId ?? opts.linkedClientId);
  const { componentId, entry } = componentOf(client, opts.componentId);
  let config: Record<string, string> = {};
  if (entry && !isCustomComponent(entry.id)) {
    const resolved = resolveConfig(entry, opts.config ?? {});
    if (!resolved.ok) throw invalid(resolved.issues);
    config = resolved.values;
  }
  const obtained =
    opts.type === "SESSION_AUTH"
      ? await sessionValue(opts.tenantId, client, opts.value)
      : await clientCredentialsFirst(db, opts.tenantId, client, config);
  return { ...obtained, componentId, entry, config, link: { authClientId: client.id } };
}

/**
 * For `PATCH /secrets/{id}`: when the secret is SESSION_AUTH or OA2_CLIENT_CREDENTIALS and
 * the new value names no token (new input fields after a refused login, or another client),
 * the token is obtained first, with the secret's component, its stored config (or the new
 * one) and its linked client unless the value names another. Undefined otherwise.
 */
export async function obtainTokenForPatch(
  db: Db,
  opts: { scope: SecretScope; id: string; patch: { value?: Record<string, unknown>; config?: Record<string, string> } },
): Promise<FirstToken | undefined> {
  const { value } = opts.patch;
  if (!value) return undefined;
  const meta = await getSecretMeta(db, opts.scope, opts.id);
  if (!wantsFirstToken(meta.type, value)) return undefined;
  const [row] = await db
    .select({ authClientId: secrets.authClientId })
    .from(secrets)
    .where(and(eq(secrets.id, meta.id), eq(secrets.tenantId, opts.scope.tenantId)));
  return obtainFirstToken(db, {
    tenantId: opts.scope.tenantId,
    type: meta.type,
    value,
    // The client must be for the secret's component (or, for a secret without one, for none).
    componentId: meta.componentId,
    config: opts.patch.config ?? (meta.config as Record<string, string>),
    linkedClientId: row?.authClientId,
  });
}
