import "server-only";
import { randomUUID } from "node:crypto";
import { and, asc, count, desc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditEvents, authClients, secrets, type AuthClient, type AuthClientEndpoints } from "@/db/schema";
import { ApiError, notFound, type Issue } from "@/lib/api/errors";
import type { Page } from "@/lib/api/paging";
import { iso, present } from "@/lib/api/public";
import { auditRow, type AuditInput } from "@/lib/audit";
import { getComponent, type ComponentEntry } from "@/lib/components";
import { decryptField, encryptField } from "@/lib/crypto/data-keys";
import { env } from "@/lib/env";
import { isUuid } from "@/lib/ids";
import { hint } from "@/lib/secrets/types/common";
import { errorCode } from "@/lib/verify/classify";
import { catalogueDefaults, isCustomComponent, type ClientDefaults, type OAuthClientType } from "./defaults";
import {
  oauthClientPublicSchema,
  type CreateAuthClientInput,
  type CreateOAuthClientInput,
  type EndpointsInput,
  type PatchAuthClientInput,
  type PatchSessionClientInput,
  type PublicAuthClient,
} from "./schemas";
import { createSessionClient, publicSessionClient, recipeOf, updateSessionClient } from "./session-clients";
import type { SessionField } from "./session-recipe";
import { unpinnedEndpoints, unpinnedIssue } from "./endpoint-hosts";
import { checkUrl } from "./url-policy";

type AuditCtx = Omit<AuditInput, "tenantId" | "action" | "targetType" | "targetId">;

/** The associated-data field of an encrypted client secret (bound to tenant and client id). */
const SECRET_FIELD = "client_secret";
const ENDPOINT_KEYS = ["auth", "token", "revocation", "userinfo"] as const;
type EndpointKey = (typeof ENDPOINT_KEYS)[number];
// Where the client secret itself is sent: moving one of these needs the secret re-entered.
const SECRET_BEARING: readonly EndpointKey[] = ["token", "revocation"];

/**
 * The exact redirect URI the admin registers at the provider: `${PUBLIC_URL}/api/v1/callback`.
 * Flows send it verbatim, so it never depends on the request's Host header.
 */
export function redirectUri(): string {
  return `${env().PUBLIC_URL}/api/v1/callback`;
}

type Settings = { tokenParams?: Record<string, string> };
const settingsOf = (row: AuthClient): Settings => (row.settings ?? {}) as Settings;

/**
 * The public shape of a client: an OAuth app's secret only as its hint, never the
 * ciphertext; a session-auth client's recipe.
 */
export function publicAuthClient(row: AuthClient): PublicAuthClient {
  if (row.type === "SESSION_AUTH") return publicSessionClient(row);
  return present(oauthClientPublicSchema, {
    id: row.id,
    _id: row.id,
    name: row.name,
    type: row.type,
    componentId: row.componentId,
    clientId: row.clientId,
    clientSecretHint: row.clientSecretHint,
    endpoints: row.endpoints,
    scopes: row.scopes,
    scopeSeparator: row.scopeSeparator,
    tokenEndpointAuthMethod: row.tokenEndpointAuthMethod,
    pkce: row.pkce,
    authParams: row.authParams,
    tokenParams: settingsOf(row).tokenParams ?? {},
    refreshWithScope: row.refreshWithScope,
    issuer: row.issuer,
    redirectUri: redirectUri(),
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  });
}

const invalid = (issues: Issue[]) => new ApiError("validation_failed", "The request is not valid", { issues });

const FLOW_NAMES: Record<OAuthClientType, string> = {
  OA2_AUTHORIZATION_CODE: "OAuth2 authorization-code flow",
  OA2_CLIENT_CREDENTIALS: "OAuth2 client-credentials flow",
};

/** The component a client is made from, checked: it exists and accepts the client's OAuth flow. */
function componentFor(componentId: string | undefined, type: OAuthClientType): ComponentEntry | undefined {
  if (isCustomComponent(componentId)) return componentId ? getComponent(componentId) : undefined;
  const entry = getComponent(componentId!);
  if (!entry) throw invalid([{ path: "componentId", message: "Unknown component" }]);
  if (!entry.authTypes.includes(type) || !entry.oauth) {
    throw invalid([{ path: "componentId", message: `${entry.name} has no ${FLOW_NAMES[type]}` }]);
  }
  return entry;
}

/**
 * Checks every endpoint and the issuer the admin supplied. URLs equal to the catalogue's
 * (vetted data, often templated) are taken as they are; the rest must pass `checkUrl`.
 */
async function checkEndpoints(
  endpoints: AuthClientEndpoints,
  issuer: string | null,
  entry: ComponentEntry | undefined,
  defaults: ClientDefaults | undefined,
  unchanged: Partial<Record<EndpointKey | "issuer", string | null | undefined>> = {},
): Promise<void> {
  const issues: Issue[] = [];
  const jobs: Array<Promise<void>> = [];
  for (const key of ENDPOINT_KEYS) {
    const url = endpoints[key];
    if (!url || url === defaults?.endpoints[key] || url === unchanged[key]) continue;
    jobs.push(checkUrl(url, entry).then((m) => void (m && issues.push({ path: `endpoints.${key}`, message: m }))));
  }
  if (issuer && issuer !== unchanged.issuer) {
    jobs.push(checkUrl(issuer, undefined).then((m) => void (m && issues.push({ path: "issuer", message: m }))));
  }
  await Promise.all(jobs);
  if (issues.length > 0) throw invalid(issues.sort((a, b) => a.path.localeCompare(b.path)));
}

/** Endpoints after applying `input` over `base` key by key; null removes one. */
function mergeEndpoints(base: AuthClientEndpoints, input: EndpointsInput | undefined): AuthClientEndpoints {
  const out: AuthClientEndpoints = { ...base };
  for (const key of ENDPOINT_KEYS) {
    const v = input?.[key];
    if (v === null) delete out[key];
    else if (v !== undefined) out[key] = v;
  }
  return out;
}

function requireFlowEndpoints(
  endpoints: AuthClientEndpoints,
  custom: boolean,
  type: AuthClient["type"],
  componentId: string | null | undefined,
): void {
  const issues: Issue[] = unpinnedEndpoints(componentId, endpoints).map(unpinnedIssue);
  const code = type === "OA2_AUTHORIZATION_CODE";
  const how = custom
    ? "Custom OAuth2 needs"
    : code
      ? "An authorization-code client needs"
      : "A client-credentials client needs";
  if (code && !endpoints.auth) issues.push({ path: "endpoints.auth", message: `${how} the authorization URL` });
  if (!endpoints.token) issues.push({ path: "endpoints.token", message: `${how} the token URL` });
  if (issues.length > 0) throw invalid(issues);
}

async function sealSecret(db: Db, tenantId: string, id: string, plaintext: string) {
  return {
    clientSecretCiphertext: await encryptField({ db, tenantId, rowId: id, field: SECRET_FIELD, plaintext }),
    clientSecretHint: hint(plaintext),
  };
}

/**
 * Creates an auth client: an OAuth app (OA2_AUTHORIZATION_CODE or OA2_CLIENT_CREDENTIALS) or
 * a session-auth recipe (lib/oauth/session-clients.ts). For an OAuth app with a catalogue
 * `componentId`, endpoints, scopes, separator, parameters, auth method and PKCE are taken
 * from the catalogue (placeholders kept), each overridden by what `input` gives. The client
 * secret is encrypted bound to this row; the audit event is written in the same transaction.
 */
export async function createAuthClient(
  db: Db,
  opts: { tenantId: string; input: CreateAuthClientInput; audit: AuditCtx },
): Promise<AuthClient> {
  if (opts.input.type === "SESSION_AUTH") return createSessionClient(db, { ...opts, input: opts.input });
  const { tenantId } = opts;
  const input: CreateOAuthClientInput = opts.input;
  const credentials = input.type === "OA2_CLIENT_CREDENTIALS";
  if (credentials && !input.clientSecret) {
    throw invalid([{ path: "clientSecret", message: "A client-credentials client needs its client secret" }]);
  }
  const entry = componentFor(input.componentId, input.type);
  const custom = isCustomComponent(input.componentId);
  const defaults = catalogueDefaults(input.componentId, input.type);
  const endpoints = mergeEndpoints(defaults?.endpoints ?? {}, input.endpoints);
  requireFlowEndpoints(endpoints, custom, input.type, input.componentId);
  const issuer = input.issuer ?? null;
  await checkEndpoints(endpoints, issuer, entry, defaults);

  const id = randomUUID();
  const sealed = input.clientSecret ? await sealSecret(db, tenantId, id, input.clientSecret) : {};
  const tokenParams = input.tokenParams ?? defaults?.tokenParams ?? {};
  await db.transaction(async (tx) => {
    await tx.insert(authClients).values({
      id,
      tenantId,
      name: input.name,
      type: input.type,
      componentId: input.componentId ?? null,
      clientId: input.clientId,
      ...sealed,
      endpoints,
      scopes: input.scopes ?? defaults?.scopes ?? [],
      scopeSeparator: input.scopeSeparator ?? defaults?.scopeSeparator ?? " ",
      tokenEndpointAuthMethod:
        input.tokenEndpointAuthMethod ?? defaults?.tokenEndpointAuthMethod ?? "client_secret_basic",
      // No browser step with client credentials, so nothing for PKCE to protect.
      pkce: !credentials && (input.pkce ?? defaults?.pkce ?? true),
      authParams: input.authParams ?? defaults?.authParams ?? {},
      refreshWithScope: input.refreshWithScope ?? false,
      issuer,
      settings: Object.keys(tokenParams).length > 0 ? { tokenParams } : {},
    });
    await tx.insert(auditEvents).values(
      auditRow({
        ...opts.audit,
        tenantId,
        action: "auth_client.created",
        targetType: "auth_client",
        targetId: id,
        metadata: { name: input.name, type: input.type, componentId: input.componentId ?? null },
      }),
    );
  });
  return getAuthClient(db, { tenantId, id });
}

/** One of the tenant's auth clients, or `not_found` (also for another tenant's or a malformed id). */
export async function getAuthClient(db: Db, opts: { tenantId: string; id: string }): Promise<AuthClient> {
  if (!isUuid(opts.id)) throw notFound("Auth client");
  const [row] = await db
    .select()
    .from(authClients)
    .where(and(eq(authClients.id, opts.id), eq(authClients.tenantId, opts.tenantId)));
  if (!row) throw notFound("Auth client");
  return row;
}

/** A page of the tenant's auth clients, newest first, optionally for one component. */
export async function listAuthClients(
  db: Db,
  opts: { tenantId: string; page: Page; componentId?: string },
): Promise<{ rows: AuthClient[]; total: number }> {
  const where = and(
    eq(authClients.tenantId, opts.tenantId),
    opts.componentId ? eq(authClients.componentId, opts.componentId) : undefined,
  );
  const [rows, [{ total }]] = await Promise.all([
    db
      .select()
      .from(authClients)
      .where(where)
      .orderBy(desc(authClients.createdAt), desc(authClients.id))
      .limit(opts.page.perPage)
      .offset(opts.page.offset),
    db.select({ total: count() }).from(authClients).where(where),
  ]);
  return { rows, total };
}

/**
 * Changes an auth client. Endpoints merge key by key and are checked like on create.
 * Moving the token or revocation endpoint, where the client secret is sent, needs the
 * secret re-entered in the same request. The write is a compare-and-swap on the endpoints,
 * issuer and secret that were checked, so a concurrent edit answers 409 rather than being
 * silently combined with this one.
 */
export async function updateAuthClient(
  db: Db,
  opts: {
    tenantId: string;
    id: string;
    /** Parsed with `patchSchemaFor(type)` of this client (the type never changes). */
    input: PatchAuthClientInput | PatchSessionClientInput;
    audit: AuditCtx;
  },
): Promise<AuthClient> {
  const { tenantId } = opts;
  const row = await getAuthClient(db, opts);
  if (row.type === "SESSION_AUTH") {
    await updateSessionClient(db, { row, input: opts.input as PatchSessionClientInput, audit: opts.audit });
    return getAuthClient(db, opts);
  }
  const input = opts.input as PatchAuthClientInput;
  const entry = row.componentId ? getComponent(row.componentId) : undefined;
  const defaults = catalogueDefaults(row.componentId, row.type);
  const endpoints = mergeEndpoints(row.endpoints, input.endpoints);
  requireFlowEndpoints(endpoints, isCustomComponent(row.componentId), row.type, row.componentId);
  const issuer = input.issuer === undefined ? row.issuer : input.issuer;
  // Checked first: it needs no DNS, and the admin has to come back with the secret anyway.
  const moved = SECRET_BEARING.filter((k) => endpoints[k] && endpoints[k] !== row.endpoints[k]);
  if (moved.length > 0 && row.clientSecretCiphertext && input.clientSecret === undefined) {
    throw invalid([
      {
        path: "clientSecret",
        message: `Changing the ${moved.join(" and ")} endpoint sends the client secret elsewhere: enter it again`,
      },
    ]);
  }
  await checkEndpoints(endpoints, issuer, entry, defaults, { ...row.endpoints, issuer: row.issuer });

  const secretPart =
    input.clientSecret === null
      ? { clientSecretCiphertext: null, clientSecretHint: null }
      : input.clientSecret !== undefined
        ? await sealSecret(db, tenantId, row.id, input.clientSecret)
        : {};
  const settings = input.tokenParams === undefined ? row.settings : { ...row.settings, tokenParams: input.tokenParams };
  const changed = Object.keys(input).filter((k) => input[k as keyof PatchAuthClientInput] !== undefined);

  await db.transaction(async (tx) => {
    const done = await tx
      .update(authClients)
      .set({
        ...(input.name !== undefined && { name: input.name }),
        ...(input.clientId !== undefined && { clientId: input.clientId }),
        ...secretPart,
        endpoints,
        ...(input.scopes !== undefined && { scopes: input.scopes }),
        ...(input.scopeSeparator !== undefined && { scopeSeparator: input.scopeSeparator }),
        ...(input.tokenEndpointAuthMethod !== undefined && { tokenEndpointAuthMethod: input.tokenEndpointAuthMethod }),
        ...(input.pkce !== undefined && { pkce: input.pkce }),
        ...(input.authParams !== undefined && { authParams: input.authParams }),
        ...(input.refreshWithScope !== undefined && { refreshWithScope: input.refreshWithScope }),
        issuer,
        settings,
        updatedAt: new Date(),
      })
      .where(
        and(
          eq(authClients.id, row.id),
          eq(authClients.tenantId, tenantId),
          sql`${authClients.endpoints} = ${JSON.stringify(row.endpoints)}::jsonb`,
          sql`${authClients.issuer} is not distinct from ${row.issuer}`,
          sql`${authClients.clientSecretCiphertext} is not distinct from ${row.clientSecretCiphertext}`,
        ),
      )
      .returning({ id: authClients.id });
    if (done.length === 0) {
      // Gone (404) or changed by someone else since it was read (409).
      await getAuthClient(tx as unknown as Db, opts);
      throw new ApiError("conflict", "The auth client was changed meanwhile; reload it and try again");
    }
    await tx.insert(auditEvents).values(
      auditRow({
        ...opts.audit,
        tenantId,
        action: "auth_client.updated",
        targetType: "auth_client",
        targetId: row.id,
        // Names of the changed fields only: never a value.
        metadata: { fields: changed },
      }),
    );
  });
  return getAuthClient(db, opts);
}

/**
 * Deletes an auth client, or answers `409 in_use` with the count while secrets use it. The
 * foreign key (ON DELETE RESTRICT) backs the count up against a secret created meanwhile.
 * Pending flows of the client go with it.
 */
export async function deleteAuthClient(db: Db, opts: { tenantId: string; id: string; audit: AuditCtx }): Promise<void> {
  const row = await getAuthClient(db, opts);
  const inUse = (n: number) =>
    new ApiError(
      "in_use",
      `${n === 1 ? "1 secret uses" : `${n} secrets use`} this auth client; delete or re-connect ${n === 1 ? "it" : "them"} first`,
    );
  try {
    await db.transaction(async (tx) => {
      const [{ n }] = await tx
        .select({ n: count() })
        .from(secrets)
        .where(and(eq(secrets.tenantId, opts.tenantId), eq(secrets.authClientId, row.id)));
      if (n > 0) throw inUse(n);
      await tx.delete(authClients).where(and(eq(authClients.id, row.id), eq(authClients.tenantId, opts.tenantId)));
      await tx.insert(auditEvents).values(
        auditRow({
          ...opts.audit,
          tenantId: opts.tenantId,
          action: "auth_client.deleted",
          targetType: "auth_client",
          targetId: row.id,
          metadata: { name: row.name, componentId: row.componentId },
        }),
      );
    });
  } catch (err) {
    if (errorCode(err) !== "23503") throw err; // foreign_key_violation: a secret appeared meanwhile
    const [{ n }] = await db.select({ n: count() }).from(secrets).where(eq(secrets.authClientId, row.id));
    throw inUse(Math.max(1, n));
  }
}

/** The decrypted client secret of `client`, or null for a public client. Never log it. */
export async function clientSecretOf(db: Db, client: AuthClient): Promise<string | null> {
  if (!client.clientSecretCiphertext) return null;
  return decryptField({
    db,
    tenantId: client.tenantId,
    rowId: client.id,
    field: SECRET_FIELD,
    envelope: client.clientSecretCiphertext,
  });
}

/**
 * The tenant's client of `type` (default authorization code) for a component: the one its
 * Connect button or login form uses, or undefined. With several, the oldest wins, so adding
 * a second client never silently moves new connections to it.
 */
export async function authClientForComponent(
  db: Db,
  opts: { tenantId: string; componentId: string; type?: AuthClient["type"] },
): Promise<AuthClient | undefined> {
  const [row] = await db
    .select()
    .from(authClients)
    .where(
      and(
        eq(authClients.tenantId, opts.tenantId),
        eq(authClients.componentId, opts.componentId),
        eq(authClients.type, opts.type ?? "OA2_AUTHORIZATION_CODE"),
      ),
    )
    .orderBy(asc(authClients.createdAt), asc(authClients.id))
    .limit(1);
  return row;
}

/** What a component's connect form needs from the tenant's auth clients, per type (the oldest of each). */
export type ComponentClients = {
  code?: string;
  clientCredentials?: string;
  session?: { authClientId: string; fields: SessionField[] };
};

/**
 * `componentId → ComponentClients` for the components the tenant has auth clients for
 * (GET /components): the authorization-code client, the client-credentials client, and the
 * session-auth recipe with the form fields it asks for. Nothing secret is read.
 */
export async function componentClients(
  db: Db,
  opts: { tenantId: string; componentIds?: readonly string[] },
): Promise<Map<string, ComponentClients>> {
  const rows = await db
    .select({
      id: authClients.id,
      type: authClients.type,
      componentId: authClients.componentId,
      settings: authClients.settings,
    })
    .from(authClients)
    .where(
      and(
        eq(authClients.tenantId, opts.tenantId),
        isNotNull(authClients.componentId),
        opts.componentIds ? inArray(authClients.componentId, [...opts.componentIds]) : undefined,
      ),
    )
    .orderBy(asc(authClients.createdAt), asc(authClients.id));
  const out = new Map<string, ComponentClients>();
  for (const r of rows) {
    const entry = out.get(r.componentId!) ?? {};
    if (r.type === "OA2_AUTHORIZATION_CODE") entry.code ??= r.id;
    else if (r.type === "OA2_CLIENT_CREDENTIALS") entry.clientCredentials ??= r.id;
    else entry.session ??= { authClientId: r.id, fields: recipeOf(r).fields };
    out.set(r.componentId!, entry);
  }
  return out;
}
