import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { connectSessions, endUsers, tenants, workspaces, type ConnectSession, type TenantSettings } from "@/db/schema";
import { ApiError, notFound, type Issue } from "@/lib/api/errors";
import { recordAudit, type AuditContext } from "@/lib/audit";
import { getComponent } from "@/lib/components";
import { env } from "@/lib/env";
import { isUuid } from "@/lib/ids";
import { ensureEndUser } from "@/lib/secrets/end-users";
import { defaultSettings } from "@/lib/tenants/defaults";
import { workspaceBySlug } from "@/lib/tenants/workspaces";
import type { ConnectSessionCaller } from "./caller";
import type { CreateConnectSessionInput, PublicConnectSession } from "./connect-session-schemas";

/*
 * Connect sessions: the browser credential of the embed UI (docs/architecture.md › Embedding).
 *
 * For the /embed page and its client (helper P2, and anyone after):
 *
 * - A session is minted by the tenant's backend: `POST /api/v1/connect-sessions` (API key)
 *   with `{username, components?, workspace?, origin?}` answers
 *   `201 {"data": {id, _id, token, url, expiresAt}}`, where `token` is `ics_` + 43 base64url
 *   characters (256 random bits), `url` is `${PUBLIC_URL}/embed?session=<token>`, and the
 *   session lasts SESSION_TTL_SECONDS (30 minutes). `DELETE /api/v1/connect-sessions/{id}`
 *   (API key or admin) ends it at once.
 * - The browser sends it as `Authorization: Bearer ics_…` to the ordinary API. The wrapper
 *   turns it into a `ConnectSessionCaller` (lib/auth/caller.ts):
 *   `{kind: "connect_session", tenantId, sessionId, endUserId, username, components, workspaceId, workspace, origin}`.
 *   A revoked, expired, forged or malformed token is `401 unauthorized`, as is one whose
 *   end user was deleted.
 * - What it may call (caller sets in lib/auth/allow.ts): `GET /components` and
 *   `GET /components/{id}` (only its `components`), `GET /secrets` (its end user's, in its
 *   limits, masked), `POST /secrets` (dry run always runs), `PATCH` and `DELETE /secrets/{id}`,
 *   `POST /secrets/{id}/verify`, and `POST /auth-clients/{id}/start-flow` (its end user;
 *   `secretId` re-authorises). Everything else answers 403: value reads, `request-auth`,
 *   refresh, usages, and every tenant route. A secret outside its end user or limits is 404;
 *   a create or flow for a component outside `components`, or another workspace, is 403.
 * - Before rendering, the page calls `embedContext(db, token)` for the session, the
 *   frame-ancestors list and the branding (null when the token is not live), or just
 *   `embedOriginsForSession(db, token)` for the CSP.
 */

export const CONNECT_SESSION_PREFIX = "ics_";
const TOKEN_FORMAT = /^ics_[A-Za-z0-9_-]{43}$/;
/** How long a session lasts: long enough to connect a few apps, short enough for a browser credential. */
export const SESSION_TTL_SECONDS = 30 * 60;

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** `true` when the string is shaped like a connect-session token (the bearer dispatch in authenticate). */
export const isConnectSessionToken = (token: string) => token.startsWith(CONNECT_SESSION_PREFIX);

/** The embed URL for a token: the iframe src, or a connect link opened on its own. */
export const embedUrl = (token: string) => `${env().PUBLIC_URL}/embed?session=${token}`;

/** This service's own origin (PUBLIC_URL's): where the dashboard's Embed preview frames /embed from. */
export const selfOrigin = () => new URL(env().PUBLIC_URL).origin;

/** The end user the dashboard's Embed preview connects as; its credentials are ordinary ones. */
export const PREVIEW_USERNAME = "embed-preview";

const invalid = (path: string, message: string) =>
  new ApiError("validation_failed", "The request is not valid", { issues: [{ path, message }] });

/** Every component id must name a catalogue entry, so a typo cannot silently allow nothing. */
function checkComponents(ids: readonly string[] | undefined): string[] | null {
  if (!ids) return null;
  const issues: Issue[] = ids
    .map((id, i) => (getComponent(id) ? null : { path: `components.${i}`, message: `Unknown component "${id}"` }))
    .filter((x): x is Issue => x !== null);
  if (issues.length > 0) throw new ApiError("validation_failed", "The request is not valid", { issues });
  return [...new Set(ids)];
}

/**
 * Mints a session for the end user `username` (created on first use, as impersonation does).
 * `origin`, when given, must equal one of the tenant's `embedOrigins` exactly (string
 * equality: no wildcard, no normalisation); `workspace` must exist; `components` must be
 * catalogue ids. The end user, the row and the `connect_session.created` event are one
 * transaction. The token is returned here once; only its SHA-256 is stored.
 *
 * `preview` (the dashboard's Embed preview, never the API) names this service's own origin
 * instead, which needs no allowlist entry: our own pages may frame our own /embed.
 */
export async function createConnectSession(
  db: Db,
  opts: {
    tenantId: string;
    input: CreateConnectSessionInput;
    createdBy?: string;
    preview?: boolean;
    audit: AuditContext;
  },
): Promise<PublicConnectSession> {
  const { tenantId } = opts;
  const input = opts.preview ? { ...opts.input, origin: undefined } : opts.input;
  const origin = opts.preview ? selfOrigin() : (input.origin ?? null);
  const components = checkComponents(input.components);
  const token = CONNECT_SESSION_PREFIX + randomBytes(32).toString("base64url");
  return db.transaction(async (tx) => {
    const [tenant] = await tx.select({ settings: tenants.settings }).from(tenants).where(eq(tenants.id, tenantId));
    if (!tenant) throw notFound("Tenant");
    const { embedOrigins } = { ...defaultSettings(), ...tenant.settings };
    if (input.origin !== undefined && !embedOrigins.includes(input.origin)) {
      throw invalid("origin", "Not one of the tenant's embed origins (Settings › Embed); origins must match exactly");
    }
    const ws = input.workspace ? await workspaceBySlug(tx, { tenantId, slug: input.workspace }) : null;
    const endUser = await ensureEndUser(tx, { tenantId, username: input.username });
    const [row] = await tx
      .insert(connectSessions)
      .values({
        tenantId,
        endUserId: endUser.id,
        workspaceId: ws?.id ?? null,
        components,
        origin,
        tokenHash: hashToken(token),
        createdBy: opts.createdBy,
        expiresAt: sql`now() + make_interval(secs => ${SESSION_TTL_SECONDS})`,
      })
      .returning();
    await recordAudit(tx, {
      ...opts.audit,
      tenantId,
      action: "connect_session.created",
      targetType: "connect_session",
      targetId: row.id,
      metadata: {
        username: endUser.username,
        endUserId: endUser.id,
        components,
        workspace: ws?.slug ?? null,
        origin: row.origin,
        expiresAt: row.expiresAt.toISOString(),
        ...(opts.preview && { preview: true }),
      },
    });
    return { id: row.id, _id: row.id, token, url: embedUrl(token), expiresAt: row.expiresAt.toISOString() };
  });
}

/**
 * Ends a session at once (its next request is 401), with `connect_session.revoked` in the
 * same transaction. Another tenant's session, or one already revoked, is not found.
 */
export async function revokeConnectSession(
  db: Db,
  opts: { tenantId: string; id: string; audit: AuditContext },
): Promise<ConnectSession> {
  if (!isUuid(opts.id)) throw notFound("Connect session");
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(connectSessions)
      .set({ revokedAt: new Date() })
      .where(
        and(
          eq(connectSessions.id, opts.id),
          eq(connectSessions.tenantId, opts.tenantId),
          isNull(connectSessions.revokedAt),
        ),
      )
      .returning();
    if (!row) throw notFound("Connect session");
    await recordAudit(tx, {
      ...opts.audit,
      tenantId: opts.tenantId,
      action: "connect_session.revoked",
      targetType: "connect_session",
      targetId: row.id,
      metadata: { endUserId: row.endUserId },
    });
    return row;
  });
}

/** The live session behind a token with its end user, workspace and tenant settings, or null. */
async function liveSession(db: Db, token: string) {
  if (!TOKEN_FORMAT.test(token)) return null;
  // One query: the end user's join doubles as the check that it still exists, and the
  // database clock decides expiry, so instances with skewed clocks agree.
  const [row] = await db
    .select({
      id: connectSessions.id,
      tenantId: connectSessions.tenantId,
      endUserId: connectSessions.endUserId,
      username: endUsers.username,
      components: connectSessions.components,
      workspaceId: connectSessions.workspaceId,
      workspace: workspaces.slug,
      origin: connectSessions.origin,
      expiresAt: connectSessions.expiresAt,
      settings: tenants.settings,
    })
    .from(connectSessions)
    .innerJoin(endUsers, eq(endUsers.id, connectSessions.endUserId))
    .innerJoin(tenants, eq(tenants.id, connectSessions.tenantId))
    .leftJoin(workspaces, eq(workspaces.id, connectSessions.workspaceId))
    .where(
      and(
        eq(connectSessions.tokenHash, hashToken(token)),
        isNull(connectSessions.revokedAt),
        gt(connectSessions.expiresAt, sql`now()`),
      ),
    );
  return row ?? null;
}

function toCaller(row: NonNullable<Awaited<ReturnType<typeof liveSession>>>): ConnectSessionCaller {
  return {
    kind: "connect_session",
    tenantId: row.tenantId,
    sessionId: row.id,
    endUserId: row.endUserId,
    username: row.username,
    components: row.components ?? null,
    workspaceId: row.workspaceId ?? null,
    workspace: row.workspace ?? null,
    origin: row.origin ?? null,
  };
}

/** The caller for a bearer `ics_…` token, or null when it is malformed, unknown, revoked or expired. */
export async function authenticateConnectSession(db: Db, token: string): Promise<ConnectSessionCaller | null> {
  const row = await liveSession(db, token);
  return row ? toCaller(row) : null;
}

/**
 * Who may frame this session: the tenant's current `embedOrigins`, narrowed to the
 * session's own `origin` when it named one (and only while that origin is still allowed,
 * so removing it in Settings takes effect at once). A session for this service's own
 * origin (the Embed preview; the API can name it only when it is allowed) is framed by
 * that origin alone. Empty (→ `frame-ancestors 'none'`) for a token that is not live.
 */
export function frameAncestorsOf(settings: Partial<TenantSettings>, origin: string | null): string[] {
  const allowed = settings.embedOrigins ?? [];
  if (origin === null) return [...allowed];
  return allowed.includes(origin) || origin === selfOrigin() ? [origin] : [];
}

/** The exact origins that may frame `/embed` for this token (see `frameAncestorsOf`); [] when it is not live. */
export async function embedOriginsForSession(db: Db, token: string): Promise<string[]> {
  const row = await liveSession(db, token);
  return row ? frameAncestorsOf(row.settings, row.origin) : [];
}

/**
 * Everything the /embed page needs before it renders: the session as a caller, who may
 * frame it, the tenant's branding and return-URL origins, and when it ends. Null when the
 * token is not live.
 */
export async function embedContext(db: Db, token: string) {
  const row = await liveSession(db, token);
  if (!row) return null;
  const settings = { ...defaultSettings(), ...row.settings };
  return {
    session: toCaller(row),
    frameAncestors: frameAncestorsOf(settings, row.origin),
    branding: settings.branding,
    returnUrlOrigins: settings.returnUrlOrigins,
    expiresAt: row.expiresAt,
  };
}
