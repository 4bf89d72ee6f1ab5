import "server-only";
import { randomUUID } from "node:crypto";
import { and, count, desc, eq, ilike, inArray, sql, type SQL } from "drizzle-orm";
import { getDbHandle, type Db } from "@/db/client";
import { auditEvents, endUsers, secrets, secretUsages, workspaces } from "@/db/schema";
import { ApiError, notFound } from "@/lib/api/errors";
import { validate } from "@/lib/api/body";
import type { Page } from "@/lib/api/paging";
import { auditRow, type AuditInput } from "@/lib/audit";
import { getComponent, secretFieldsFor } from "@/lib/components";
import { decryptField, encryptField } from "@/lib/crypto/data-keys";
import { emitConnectionEvent, emitConnectionEvents } from "@/lib/events/emit";
import { isUuid } from "@/lib/ids";
import { refreshOnRead } from "@/lib/oauth/refresh";
import { renewable } from "@/lib/oauth/renew";
import { expiresSoonSql } from "@/lib/jobs/attention";
import { EXPIRING_SOON_DAYS, RENEWABLE_SQL_TYPES } from "@/lib/jobs/expiry";
import type { Cursor } from "@/lib/api/cursor";
import { componentCountsByCounters, countable, countByCounters, counterTotalPlaceholders } from "./counts";
import { autoRenewsSql, isFlaggedFilter, shownNeedsAttentionSql, shownStatusSql } from "./shown-status";
import type { StatusFilter } from "@/components/credentials/display-status";
import { prepareRevocation, revocableColumns, runRevocations } from "@/lib/oauth/revoke-on-delete";
import type { SecretRow } from "./present";
import type { SecretScope } from "./scope";
import type { CreateSecretInput } from "./schemas";
import { typeDef } from "./types";
import { isSigningType } from "./types/signing";
import { materializeKey } from "@/lib/signing/keys";
import { parseExpires } from "./types/oauth2-code";
import { workspaceBySlug, workspaceSlug } from "@/lib/tenants/workspaces";

type AuditCtx = Omit<AuditInput, "tenantId" | "action" | "targetType" | "targetId">;

const usageCount = sql<number>`(select count(*)::int from ${secretUsages} where ${secretUsages.secretId} = ${secrets.id})`;

const rowColumns = {
  id: secrets.id,
  name: secrets.name,
  type: secrets.type,
  componentId: secrets.componentId,
  config: secrets.config,
  endUserId: secrets.endUserId,
  workspaceId: secrets.workspaceId,
  workspace: workspaces.slug,
  status: secrets.status,
  statusDetail: secrets.statusDetail,
  scope: secrets.scope,
  expires: secrets.expires,
  lastUsedAt: secrets.lastUsedAt,
  lastVerifiedAt: secrets.lastVerifiedAt,
  createdAt: secrets.createdAt,
  updatedAt: secrets.updatedAt,
  maskedValue: secrets.maskedValue,
  // What the dashboard flags (lib/jobs/attention.ts); never part of an API answer.
  failingSince: secrets.failingSince,
  expiresSoon: expiresSoonSql,
  autoRenews: autoRenewsSql,
  exportable: secrets.exportable,
  publishJwks: secrets.publishJwks,
  username: endUsers.username,
  usageCount,
};

/** The rows a scope may touch (tenant, end user, a connect session's limits); `false` for nobody. */
export function scopeFilter(scope: SecretScope): SQL {
  const tenant = eq(secrets.tenantId, scope.tenantId);
  if (scope.endUserId === null) return sql`false`;
  // A connect session's component and workspace limits (lib/secrets/scope.ts).
  const limits = and(
    scope.componentIds ? inArray(secrets.componentId, [...scope.componentIds]) : undefined,
    scope.workspaceId ? eq(secrets.workspaceId, scope.workspaceId) : undefined,
  );
  if (scope.endUserId === undefined) return limits ? and(tenant, limits)! : tenant;
  return and(tenant, eq(secrets.endUserId, scope.endUserId), limits)!;
}

/** The component's secret fields for the mask (Stripe's Basic username is its key). */
function maskOptions(componentId: string | null | undefined, type: string) {
  return { secretFields: secretFieldsFor(componentId ? getComponent(componentId) : undefined, type) };
}

// The last instant both drivers write and read back: drizzle sends a Date as toISOString(),
// which spells later years "+033658-…", and Postgres refuses that spelling.
const LAST_STORABLE = new Date("9999-12-31T23:59:59.999Z");

/**
 * OAuth and session values carry scope and expiry that are also kept as columns for lists
 * and refresh scheduling. No expiry means unknown (null), never "now"; FlowMate's 5-digit
 * "never expires" years are kept as the end of year 9999 (the value keeps the string as given).
 */
function oauthColumns(value: Record<string, unknown>) {
  const expires = typeof value.expires === "string" ? parseExpires(value.expires) : null;
  return {
    scope: typeof value.scope === "string" ? value.scope : null,
    expires: expires && expires > LAST_STORABLE ? LAST_STORABLE : expires,
  };
}

/** One secret's metadata within the scope, or `not_found` (also for malformed ids). */
export async function getSecretMeta(db: Db, scope: SecretScope, id: string): Promise<SecretRow> {
  if (!isUuid(id)) throw notFound("Secret");
  const [row] = await db
    .select(rowColumns)
    .from(secrets)
    .innerJoin(workspaces, eq(workspaces.id, secrets.workspaceId))
    .leftJoin(endUsers, eq(endUsers.id, secrets.endUserId))
    .where(and(eq(secrets.id, id), scopeFilter(scope)));
  if (!row) throw notFound("Secret");
  return row;
}

export type SecretFilters = {
  type?: string;
  component?: string;
  workspace?: string;
  status?: string;
  /** Exact and case-sensitive (Flowlet's `secrets.getPassword('NAME')`). */
  name?: string;
  search?: string;
  /** Only what needs attention: expired, failing, or expiring soon (the dashboard's filter). */
  attention?: boolean;
  /** The dashboard's displayed status (components/credentials/display-status.ts), not the stored one. */
  shown?: StatusFilter;
};

/**
 * A necessary condition of "needs attention" and of the shown Expired and Error statuses,
 * written as the two partial indexes it is answered from (drizzle/0012): a stored
 * `expired`/`error` status (`secrets_tenant_flagged`), or an expiry within the "expiring
 * soon" window on a row that cannot renew itself or was announced as unable to
 * (`secrets_tenant_expiring`). ANDed to those filters, it lets the planner read just the
 * flagged rows (a BitmapOr of the two) instead of every secret of the tenant, for lists and
 * counts alike; the exact rule (lib/secrets/shown-status.ts) still decides each row.
 * Time-dependent on purpose: `now()` is evaluated per query, so nothing has to be kept up to date.
 */
export const flaggedCandidateSql = sql`(${secrets.status} in ('expired', 'error') or (${secrets.expires} <= now() + interval '${sql.raw(String(EXPIRING_SOON_DAYS))} days'
  and (not (${secrets.type} in ${RENEWABLE_SQL_TYPES} and ${secrets.authClientId} is not null)
    or ${secrets.expiringNotifiedFor} = ${secrets.expires})))`;

/** Unverified rows (`last_verified_at` null) are listed from their own partial index (`secrets_tenant_unverified`). */
const unverifiedCandidateSql = sql`${secrets.lastVerifiedAt} is null`;

function listWhere(scope: SecretScope, filters: SecretFilters) {
  const flagged = filters.attention || isFlaggedFilter(filters.shown);
  return and(
    scopeFilter(scope),
    filters.type ? eq(secrets.type, filters.type) : undefined,
    filters.component ? eq(secrets.componentId, filters.component) : undefined,
    // By id, not by joining workspaces: the count and id-only queries then need the secrets indexes alone.
    filters.workspace ? eq(secrets.workspaceId, workspaceIdBySlug(scope.tenantId, filters.workspace)) : undefined,
    filters.status ? eq(secrets.status, filters.status as "active") : undefined,
    filters.name !== undefined ? eq(secrets.name, filters.name) : undefined,
    filters.search ? ilike(secrets.name, `%${filters.search.replace(/[%_\\]/g, "\\$&")}%`) : undefined,
    filters.attention ? shownNeedsAttentionSql : undefined,
    filters.shown ? shownStatusSql(filters.shown) : undefined,
    flagged ? flaggedCandidateSql : undefined,
    filters.shown === "unverified" ? unverifiedCandidateSql : undefined,
  );
}

const workspaceIdBySlug = (tenantId: string, slug: string) =>
  sql`(select ${workspaces.id} from ${workspaces} where ${workspaces.tenantId} = ${tenantId} and ${workspaces.slug} = ${slug})`;

/** Past this many matches a count over the rows stops and answers `totalIsAtLeast`. */
export const COUNT_CAP = 10_000;

export type ListTotal = {
  total: number;
  /** True when `total` is COUNT_CAP and more rows match: only free-text search and shown Active/Unverified. */
  totalIsAtLeast: boolean;
};

// Filters whose matches may be most of a tenant and are not counter dimensions: counted up to COUNT_CAP.
const cappedCount = (filters: SecretFilters) =>
  !!filters.search || filters.shown === "active" || filters.shown === "unverified";

/*
 * The order a capped count takes its first COUNT_CAP + 1 matches in. Shown Active/Unverified:
 * the list's own, so the count walks the list's index and stops at the cap. A search: none, so
 * the planner may read the (tenant, name, …) index whole as an index-only scan, which costs
 * far less than walking the rows when few names match.
 */
const cappedOrder = (filters: SecretFilters) => (filters.search ? [] : [desc(secrets.createdAt), desc(secrets.id)]);

/**
 * How many secrets match: from the counters (lib/secrets/counts.ts) when every filter is a
 * stored dimension; otherwise over the matching rows through an index: exactly for `name=`,
 * "needs attention" and shown Expired/Error (bounded by the flagged rows), and up to
 * COUNT_CAP for a name search and shown Active/Unverified.
 */
export async function countSecrets(db: Db, scope: SecretScope, filters: SecretFilters): Promise<ListTotal> {
  if (countable(filters)) return { total: await countByCounters(db, scope, filters), totalIsAtLeast: false };
  const where = listWhere(scope, filters);
  if (!cappedCount(filters)) {
    const [{ n }] = await db.select({ n: count() }).from(secrets).where(where);
    return { total: Number(n), totalIsAtLeast: false };
  }
  const matches = db
    .select({ one: sql`1`.as("one") })
    .from(secrets)
    .where(where)
    .orderBy(...cappedOrder(filters))
    .limit(COUNT_CAP + 1)
    .as("matches");
  const [{ n }] = await db.select({ n: count() }).from(matches);
  return Number(n) > COUNT_CAP
    ? { total: COUNT_CAP, totalIsAtLeast: true }
    : { total: Number(n), totalIsAtLeast: false };
}

/** Microseconds, as the database keeps them: the cursor's sort key (lib/api/cursor.ts). */
const cursorAt = sql<string>`to_char(${secrets.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * Runs `fn` in a transaction with sequential scans priced out (`set local enable_seqscan =
 * off`, which ends with the transaction): for a free-text search, whose matches only a walk of
 * the tenant's rows can find. The covering (tenant, name, created_at, id) index holds just this
 * tenant's entries and is a third of the heap, but under the default `random_page_cost` the
 * planner prices a parallel heap scan, which reads EVERY tenant's rows, below it once a tenant
 * is most of a freshly packed table. Where no index fits, Postgres still scans (the setting
 * adds cost, it forbids nothing), so results never change, only the plan.
 */
export async function withoutSeqScans<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local enable_seqscan = off`);
    return fn(tx as unknown as Db);
  });
}

/**
 * "The row's id is on this page": the page's ids found first by walking the ids alone (an
 * index-only scan where `where` and `order` allow), so a deep OFFSET skips index entries, not
 * full rows; the caller then reads the full rows of those ids only. `where` must name secrets
 * columns only (no joins), or the walk needs the heap after all.
 */
export function idsOfPage(db: Db, where: SQL | undefined, order: SQL[], limit: number, offset: number): SQL {
  return inArray(
    secrets.id,
    db
      .select({ id: secrets.id })
      .from(secrets)
      .where(where)
      .orderBy(...order)
      .limit(limit)
      .offset(offset),
  );
}

/**
 * A page of secrets in the scope with masked values only: newest first, or grouped by
 * component (`byComponent`, for the dashboard). `after` pages by keyset (`page[after]`) and
 * ignores `page.offset`: the cost of a page then no longer grows with its depth. A deep
 * `page[number]` (and a name search) first walks the ids alone (an index-only scan where the
 * filters allow) and reads the full rows of that page only. `nextCursor` is set when another page follows, in
 * the newest-first order only.
 */
export async function listSecrets(
  db: Db,
  scope: SecretScope,
  filters: SecretFilters,
  page: Page,
  opts: { byComponent?: boolean; after?: Cursor; general?: boolean } = {},
) {
  const common = !opts.general && !opts.byComponent && !opts.after ? commonListKey(scope, filters, page) : undefined;
  if (common) {
    const params = {
      tenantId: scope.tenantId,
      endUserId: scope.endUserId,
      type: filters.type,
      component: filters.component,
      limit: page.perPage + 1,
    };
    // Each row carries the total (from the counters, in the same statement); no row, none.
    const found = await commonList(db, common).execute(params);
    const total = Number(found[0]?.total ?? 0);
    const rows = found.map(({ total: _total, ...row }) => row);
    return pageOf(rows, page, { total, totalIsAtLeast: false }, false);
  }
  const keyset = opts.after && !opts.byComponent ? opts.after : undefined;
  const where = and(
    listWhere(scope, filters),
    keyset
      ? sql`(${secrets.createdAt}, ${secrets.id}) < (${keyset.createdAt}::timestamptz, ${keyset.id}::uuid)`
      : undefined,
  );
  const order = opts.byComponent
    ? [sql`${secrets.componentId} asc nulls last`, desc(secrets.createdAt), desc(secrets.id)]
    : [desc(secrets.createdAt), desc(secrets.id)];
  const offset = keyset ? 0 : page.offset;
  // One row more than the page says whether another page follows. A deep page, and a name
  // search (its matches come from an index-only scan of the name index, then a top-N sort),
  // first find the page's ids and then read those rows only.
  const pageIds = offset > 0 || filters.search ? idsOfPage(db, where, order, page.perPage + 1, offset) : where;
  const read = (q: Db) =>
    Promise.all([
      q
        .select({ ...rowColumns, cursorAt })
        .from(secrets)
        .innerJoin(workspaces, eq(workspaces.id, secrets.workspaceId))
        .leftJoin(endUsers, eq(endUsers.id, secrets.endUserId))
        .where(pageIds)
        .orderBy(...order)
        .limit(page.perPage + 1),
      countSecrets(q, scope, filters),
    ]);
  const [found, counted] = await (filters.search ? withoutSeqScans(db, read) : read(db));
  return pageOf(found, page, counted, !!opts.byComponent);
}

/** The page's rows from `perPage + 1` found, and the cursor when another page follows (newest first only). */
function pageOf<R extends { id: string; cursorAt: string }>(
  found: R[],
  page: Page,
  counted: ListTotal,
  byComponent: boolean,
) {
  const more = found.length > page.perPage;
  const rows = more ? found.slice(0, page.perPage) : found;
  const last = rows.at(-1);
  const nextCursor: Cursor | undefined =
    more && last && !byComponent ? { createdAt: last.cursorAt, id: last.id } : undefined;
  return { rows, ...counted, nextCursor };
}

type CommonKey = { user: boolean; type: boolean; component: boolean };

/**
 * The API's most common list, a first page newest first with no filter but `type` and/or
 * `component`, of a tenant or one end user (no connect-session limits): which prepared variant
 * serves it, or undefined for the general path. Anything else (another filter, a deep page, a
 * cursor, the dashboard's order) goes through the general query builder.
 */
function commonListKey(scope: SecretScope, filters: SecretFilters, page: Page): CommonKey | undefined {
  if (page.offset !== 0 || scope.endUserId === null || scope.componentIds || scope.workspaceId) return undefined;
  const others = Object.entries(filters).some(([k, v]) => v !== undefined && k !== "type" && k !== "component");
  if (others) return undefined;
  return { user: scope.endUserId !== undefined, type: !!filters.type, component: !!filters.component };
}

const commonLists = new WeakMap<Db, Map<string, ReturnType<typeof prepareCommonList>>>();

/**
 * The common list's rows query, built once per database handle and variant with placeholders
 * and prepared (drizzle's `.prepare()`: a server-side prepared statement on Postgres, PGlite's
 * named statements through db/pglite-prepared.ts), so a call binds values instead of building
 * ~30 columns, two joins and the filter again (about 1 ms of CPU a list). The total comes from
 * the counters in the same statement (`counterTotalPlaceholders`), so the common list is one
 * round trip. The same columns, filter, order and total as the general path below;
 * tests/list-prepared.test.ts compares the two.
 */
function commonList(db: Db, key: CommonKey) {
  const name = `list_secrets_${Number(key.user)}${Number(key.type)}${Number(key.component)}`;
  let variants = commonLists.get(db);
  if (!variants) commonLists.set(db, (variants = new Map()));
  let prepared = variants.get(name);
  if (!prepared) variants.set(name, (prepared = prepareCommonList(db, key, name)));
  return prepared;
}

function prepareCommonList(db: Db, key: CommonKey, name: string) {
  return db
    .select({ ...rowColumns, cursorAt, total: counterTotalPlaceholders(key) })
    .from(secrets)
    .innerJoin(workspaces, eq(workspaces.id, secrets.workspaceId))
    .leftJoin(endUsers, eq(endUsers.id, secrets.endUserId))
    .where(
      and(
        eq(secrets.tenantId, sql.placeholder("tenantId")),
        key.user ? eq(secrets.endUserId, sql.placeholder("endUserId")) : undefined,
        key.type ? eq(secrets.type, sql.placeholder("type")) : undefined,
        key.component ? eq(secrets.componentId, sql.placeholder("component")) : undefined,
      ),
    )
    .orderBy(desc(secrets.createdAt), desc(secrets.id))
    .limit(sql.placeholder("limit"))
    .prepare(name);
}

/** How many secrets each component has under the same filters (dashboard count badges). */
export async function componentCounts(db: Db, scope: SecretScope, filters: SecretFilters) {
  if (countable(filters)) return componentCountsByCounters(db, scope, filters);
  const where = listWhere(scope, filters);
  if (!cappedCount(filters)) {
    return db
      .select({ componentId: secrets.componentId, count: count() })
      .from(secrets)
      .where(where)
      .groupBy(secrets.componentId);
  }
  // The first COUNT_CAP matches only, as the list's total: a search matching most of a million rows stays bounded.
  const matches = db
    .select({ componentId: secrets.componentId })
    .from(secrets)
    .where(where)
    .orderBy(...cappedOrder(filters))
    .limit(COUNT_CAP + 1)
    .as("matches");
  return db.select({ componentId: matches.componentId, count: count() }).from(matches).groupBy(matches.componentId);
}

/**
 * The auth client that issued a secret's OAuth tokens and the provider account they belong
 * to (`secrets.auth_client_id`, `external_id`): refresh finds the client by it, and
 * re-connecting the same account finds the secret by it (lib/oauth/callback.ts).
 */
export type OAuthLink = { authClientId: string; externalId?: string | null };

const oauthLinkColumns = (link: OAuthLink | undefined) =>
  link ? { authClientId: link.authClientId, externalId: link.externalId ?? null } : {};

/**
 * Stores a new secret: the value is encrypted under the tenant's data key, bound to this row.
 * Its audit event and its `connection.created` webhook deliveries (with `reason`, if given)
 * are written in the insert's transaction.
 */
export async function createSecret(
  db: Db,
  opts: {
    scope: SecretScope;
    input: CreateSecretInput;
    verified?: boolean;
    audit: AuditCtx;
    oauth?: OAuthLink;
    reason?: string;
  },
): Promise<SecretRow> {
  const { scope, input } = opts;
  const ws = await workspaceBySlug(db, { tenantId: scope.tenantId, slug: input.workspace ?? "production" });
  const def = typeDef(input.type);
  const id = randomUUID();
  // A signing key is made (or its import checked) here, before encryption (lib/signing/keys.ts).
  const value: Record<string, unknown> = isSigningType(input.type)
    ? await materializeKey(input.type, input.value)
    : input.value;
  const valueCiphertext = await encryptField({
    db,
    tenantId: scope.tenantId,
    rowId: id,
    field: "value",
    plaintext: JSON.stringify(value),
  });
  await db.transaction(async (tx) => {
    await tx.insert(secrets).values({
      id,
      tenantId: scope.tenantId,
      workspaceId: ws.id,
      endUserId: scope.endUserId ?? null,
      name: input.name,
      type: input.type,
      componentId: input.componentId ?? null,
      config: input.config ?? {},
      valueCiphertext,
      maskedValue: def.mask(value as never, maskOptions(input.componentId, input.type)),
      lastVerifiedAt: opts.verified ? new Date() : null,
      exportable: input.exportable ?? false,
      publishJwks: input.publishJwks ?? false,
      ...oauthColumns(value),
      ...oauthLinkColumns(opts.oauth),
    });
    await tx.insert(auditEvents).values(
      auditRow({
        ...opts.audit,
        tenantId: scope.tenantId,
        action: "secret.created",
        targetType: "secret",
        targetId: id,
        metadata: {
          type: input.type,
          componentId: input.componentId ?? null,
          // Whether the private key may ever be read back is decided here, once: on the record.
          ...(isSigningType(input.type) && {
            kid: value.kid,
            exportable: input.exportable ?? false,
            publishJwks: input.publishJwks ?? false,
          }),
        },
      }),
    );
    await emitConnectionEvent(tx, {
      type: "connection.created",
      tenantId: scope.tenantId,
      secretId: id,
      componentId: input.componentId ?? null,
      workspace: ws.slug,
      status: "active",
      reason: opts.reason ?? null,
    });
  });
  return getSecretMeta(db, scope, id);
}

type ReadRow = Omit<SecretRow, "workspace"> & { valueCiphertext: string; userExists: boolean; refreshDue: boolean };

// One statement, prepared once per connection: checks the end user (when scoped to one)
// still exists, finds the secret and writes the audit event. `refresh_due` (an OAuth2,
// client-credentials or session-auth secret with an auth client whose token expires within
// that client's buffer; the same rule as lib/oauth/lease.ts › refreshDue) costs a
// primary-key lookup only for such secrets, so other reads pay nothing for refresh.
const READ_SQL = `
  with s as (
    select id, name, type, component_id, config, end_user_id, workspace_id, status, status_detail, scope,
      expires, last_used_at, last_verified_at, created_at, updated_at, masked_value, value_ciphertext, exportable,
      (type in ('OA2_AUTHORIZATION_CODE', 'OA2_CLIENT_CREDENTIALS', 'SESSION_AUTH') and auth_client_id is not null and expires is not null and expires < now()
        + (select refresh_buffer_seconds from auth_clients c where c.id = secrets.auth_client_id) * interval '1 second') as refresh_due
    from secrets where id = $1 and tenant_id = $2 and ($3::uuid is null or end_user_id = $3::uuid)
  ), a as (
    insert into audit_events (tenant_id, actor_type, actor_id, actor_label, action, target_type, target_id, request_id)
    select $2, $4, $5, $6, 'secret.read', 'secret', $1, $7 from s
  )
  select ($3::uuid is null or exists (select 1 from end_users where id = $3::uuid and tenant_id = $2)) as user_exists, s.*
  from (select 1) one left join s on true`;

const LAST_USED_GRANULARITY_MS = 10_000;

/**
 * The hot path: one prepared statement (end-user check, secret, audit event), then one
 * decrypt with a cached data key. The workspace slug comes from an immutable-mapping
 * cache, and `last_used_at` is written at most every 10 s per secret, so concurrent
 * readers neither pay for nor queue on a row update. An OAuth2 token that is due (and has
 * a refresh token) is refreshed first (lib/oauth/refresh.ts); may throw `needs_reauth` or
 * `upstream_unavailable` then.
 */
export async function readSecret(db: Db, opts: { scope: SecretScope; id: string; audit: AuditCtx }) {
  const { scope, id } = opts;
  if (!isUuid(id) || scope.endUserId === null) throw notFound("Secret");
  const a = auditRow({
    ...opts.audit,
    tenantId: scope.tenantId,
    action: "secret.read",
    targetType: "secret",
    targetId: id,
  });
  const { raw } = await getDbHandle();
  const [r] = await raw(READ_SQL, [
    id,
    scope.tenantId,
    scope.endUserId ?? null,
    a.actorType,
    a.actorId ?? null,
    a.actorLabel ?? null,
    a.requestId ?? null,
  ]);
  if (!r?.user_exists) throw new ApiError("unauthorized", "Invalid token");
  if (!r.id) throw notFound("Secret");
  const row = camelRow(r) as unknown as ReadRow;
  const now = new Date();
  if (!row.lastUsedAt || now.getTime() - new Date(row.lastUsedAt).getTime() > LAST_USED_GRANULARITY_MS) {
    await db
      .update(secrets)
      .set({ lastUsedAt: now, updatedAt: sql`${secrets.updatedAt}` })
      .where(eq(secrets.id, row.id));
  }
  const [plaintext, workspace] = await Promise.all([
    decryptField({ db, tenantId: scope.tenantId, rowId: id, field: "value", envelope: row.valueCiphertext }),
    workspaceSlug(db, row.workspaceId),
  ]);
  const value = JSON.parse(plaintext) as Record<string, unknown>;
  if (row.refreshDue && renewable(row.type, value)) {
    const { value: fresh, ...columns } = await refreshOnRead(db, { tenantId: scope.tenantId, id, audit: opts.audit });
    return { row: { ...row, ...columns, workspace, lastUsedAt: now }, value: fresh };
  }
  return { row: { ...row, workspace, lastUsedAt: now }, value };
}

/** A secret's metadata and decrypted value, without counting a use (verification, re-checks). */
export async function loadSecretValue(db: Db, scope: SecretScope, id: string) {
  const row = await getSecretMeta(db, scope, id);
  // Value and config from one read, so a concurrent PATCH cannot pair a new value with the
  // old host (or the reverse).
  const [found] = await db
    .select({ valueCiphertext: secrets.valueCiphertext, config: secrets.config })
    .from(secrets)
    .where(and(eq(secrets.id, row.id), eq(secrets.tenantId, scope.tenantId)));
  if (!found) throw notFound("Secret"); // deleted in between
  const { valueCiphertext, config } = found;
  const plaintext = await decryptField({
    db,
    tenantId: scope.tenantId,
    rowId: row.id,
    field: "value",
    envelope: valueCiphertext,
  });
  // `envelope` versions the value: every encryption uses a fresh nonce, so a later write
  // can be made conditional on the value not having been replaced meanwhile.
  return {
    row: { ...row, config },
    value: JSON.parse(plaintext) as Record<string, unknown>,
    envelope: valueCiphertext,
  };
}

function camelRow(raw: Record<string, unknown>) {
  return Object.fromEntries(
    Object.entries(raw).map(([k, v]) => [k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), v]),
  );
}

/**
 * Renames, replaces the value (validated whole against the type) or the config, with its
 * audit event and `connection.updated` webhook deliveries in one transaction. A new value
 * makes the secret `active`; when it was `expired` or `error`, that is also announced as
 * `connection.recovered`.
 */
export async function updateSecret(
  db: Db,
  opts: {
    scope: SecretScope;
    id: string;
    patch: {
      name?: string;
      value?: Record<string, unknown>;
      config?: Record<string, string>;
      /** RS256 only: serve the public JWK set without auth. */
      publishJwks?: boolean;
    };
    verified?: boolean;
    audit: AuditCtx;
    /** With a new value from an OAuth flow: the client and account it now belongs to. */
    oauth?: OAuthLink;
    /** The webhook event's reason (`reauthorized` from an OAuth re-connect). */
    reason?: string;
  },
): Promise<SecretRow> {
  const current = await getSecretMeta(db, opts.scope, opts.id);
  const def = typeDef(current.type);
  const changes: Partial<typeof secrets.$inferInsert> = {};
  if (opts.patch.name !== undefined) changes.name = opts.patch.name;
  if (opts.patch.config !== undefined) changes.config = opts.patch.config;
  if (opts.patch.publishJwks !== undefined) {
    if (current.type !== "RS256")
      throw new ApiError("bad_request", "Only an RS256 key has a public key set to publish");
    changes.publishJwks = opts.patch.publishJwks;
  }
  if (opts.patch.value !== undefined && isSigningType(current.type)) {
    // Replacing the key outright would break every token in flight; rotation keeps the old one verifying.
    throw new ApiError("bad_request", "Replace a signing key with POST /secrets/{id}/rotate");
  }
  if (opts.patch.value !== undefined) {
    const value = validateValue(def.schema, opts.patch.value);
    changes.valueCiphertext = await encryptField({
      db,
      tenantId: opts.scope.tenantId,
      rowId: current.id,
      field: "value",
      plaintext: JSON.stringify(value),
    });
    changes.maskedValue = def.mask(value as never, maskOptions(current.componentId, current.type));
    Object.assign(changes, oauthColumns(value), oauthLinkColumns(opts.oauth), { status: "active", statusDetail: null });
  }
  if (opts.verified) changes.lastVerifiedAt = new Date();
  if (Object.keys(changes).length === 0) return current;
  await db.transaction(async (tx) => {
    await tx
      .update(secrets)
      .set(changes)
      .where(and(eq(secrets.id, current.id), eq(secrets.tenantId, opts.scope.tenantId)));
    await tx.insert(auditEvents).values(
      auditRow({
        ...opts.audit,
        tenantId: opts.scope.tenantId,
        action: "secret.updated",
        targetType: "secret",
        targetId: current.id,
        metadata: {
          fields: Object.keys(opts.patch).filter((k) => opts.patch[k as keyof typeof opts.patch] !== undefined),
        },
      }),
    );
    const event = {
      tenantId: opts.scope.tenantId,
      secretId: current.id,
      componentId: current.componentId,
      username: current.username ?? null,
      workspace: current.workspace,
      status: changes.status ?? current.status,
    };
    const recovered = changes.status === "active" && current.status !== "active";
    await emitConnectionEvents(tx, [
      { ...event, type: "connection.updated", reason: opts.reason ?? null },
      ...(recovered
        ? [{ ...event, type: "connection.recovered" as const, reason: opts.reason ?? "value_replaced" }]
        : []),
    ]);
  });
  return getSecretMeta(db, opts.scope, opts.id);
}

/** Validates a replacement value whole against its type; issue paths start with `value.`. */
export function validateValue(schema: import("zod").ZodType, value: unknown): Record<string, unknown> {
  try {
    return validate(schema, value) as Record<string, unknown>;
  } catch (err) {
    if (err instanceof ApiError && err.extra.issues) {
      err.extra.issues = err.extra.issues.map((i) => ({ ...i, path: i.path ? `value.${i.path}` : "value" }));
    }
    throw err;
  }
}

/**
 * Deletes a secret. An active usage blocks it with `in_use` unless `force`. The usage check,
 * the delete and its audit event are one transaction with the row locked first, so a usage
 * added concurrently (its foreign-key check share-locks the row) either committed before the
 * check and blocks the delete, or waits and then fails on the deleted row. OAuth tokens are
 * revoked at the provider after the commit (lib/oauth/revoke-on-delete.ts); the outcome is
 * audited as `secret.revoked` or `secret.revocation_pending`, and the delete stands either way.
 */
export async function deleteSecret(db: Db, opts: { scope: SecretScope; id: string; force: boolean; audit: AuditCtx }) {
  const current = await getSecretMeta(db, opts.scope, opts.id);
  const { tenantId } = opts.scope;
  const revocation = await db.transaction(async (tx) => {
    const [row] = await tx
      .select(revocableColumns)
      .from(secrets)
      .where(and(eq(secrets.id, current.id), eq(secrets.tenantId, tenantId)))
      .for("update");
    if (!row) throw notFound("Secret"); // deleted meanwhile
    const active = await tx
      .select({ ref: secretUsages.ref, label: secretUsages.label })
      .from(secretUsages)
      .where(and(eq(secretUsages.secretId, row.id), eq(secretUsages.active, true)));
    if (active.length > 0 && !opts.force) {
      throw new ApiError("in_use", `The credential is used by ${active.length} active usage(s)`, { usages: active });
    }
    // Read the tokens while the row is still there; the provider is called after the commit.
    const job = await prepareRevocation(tx, { tenantId, row });
    await tx.delete(secrets).where(and(eq(secrets.id, row.id), eq(secrets.tenantId, tenantId)));
    await tx.insert(auditEvents).values(
      auditRow({
        ...opts.audit,
        tenantId,
        action: "secret.deleted",
        targetType: "secret",
        targetId: row.id,
        metadata: { forced: opts.force && active.length > 0, ...(job && { revocation: "attempting" }) },
      }),
    );
    await emitConnectionEvent(tx, {
      type: "connection.deleted",
      tenantId,
      secretId: row.id,
      componentId: current.componentId,
      username: current.username ?? null,
      workspace: current.workspace,
      status: current.status,
    });
    return job;
  });
  if (revocation) await runRevocations(db, [revocation], opts.audit);
  return current;
}
