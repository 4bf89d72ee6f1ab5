import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { endUsers, memberships, users } from "@/db/schema";
import { ApiError } from "@/lib/api/errors";
import { isUuid } from "@/lib/ids";
import { API_KEY_PREFIX, authenticateApiKey } from "./api-keys";
import type { Caller } from "./caller";
import { authenticateConnectSession, isConnectSessionToken } from "./connect-sessions";
import { readSessionCookie } from "./session-cookie";
import { verifyUserToken } from "./user-tokens";

const unauthorized = (message = "Authentication required") => new ApiError("unauthorized", message);

/**
 * Establishes the caller: a bearer token (API key, connect session or user token) wins; otherwise the
 * dashboard session cookie. Membership, the member's session version and end-user
 * existence are re-checked in the database on every request, so removals, password
 * changes and deletions take effect at once. With
 * `deferEndUserCheck` the route promises to check the end user in its own query
 * (the hot read path does, to stay at one round trip).
 */
export async function authenticate(db: Db, req: Request, opts: { deferEndUserCheck?: boolean } = {}): Promise<Caller> {
  const header = req.headers.get("authorization");
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    if (!match) throw unauthorized("Use Authorization: Bearer <token>");
    return bearerCaller(db, match[1], opts.deferEndUserCheck ?? false);
  }
  const session = await readSessionCookie(req);
  if (!session || !isUuid(session.userId) || !isUuid(session.tenantId)) throw unauthorized();
  const [row] = await db
    .select({ role: memberships.role, email: users.email, sessionVersion: users.sessionVersion })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.userId, session.userId), eq(memberships.tenantId, session.tenantId)));
  // A password change bumps the version: sessions issued before it end here.
  if (!row || row.sessionVersion !== session.sessionVersion) throw unauthorized();
  return { kind: "member", tenantId: session.tenantId, userId: session.userId, email: row.email, role: row.role };
}

async function bearerCaller(db: Db, token: string, deferEndUserCheck: boolean): Promise<Caller> {
  if (token.startsWith(API_KEY_PREFIX)) {
    const key = await authenticateApiKey(db, token);
    if (!key) throw unauthorized("Invalid or revoked API key");
    return { kind: "api_key", tenantId: key.tenantId, apiKeyId: key.id, name: key.name };
  }
  if (isConnectSessionToken(token)) {
    // Its one query checks expiry, revocation and that the end user still exists.
    const session = await authenticateConnectSession(db, token);
    if (!session) throw unauthorized("Invalid, expired or ended connect session");
    return session;
  }
  const claims = await verifyUserToken(token);
  if (!claims || !isUuid(claims.endUserId) || !isUuid(claims.tenantId)) throw unauthorized("Invalid token");
  // The secret read path checks the end user inside its own single query.
  if (deferEndUserCheck) return { kind: "end_user", ...claims };
  const [user] = await endUserExists(db).execute({ id: claims.endUserId, tenantId: claims.tenantId });
  if (!user) throw unauthorized("Invalid token");
  return { kind: "end_user", ...claims };
}

/**
 * Every user-token request but the read asks whether its end user still exists: built once per
 * database handle and prepared (as lib/secrets/store.ts › commonList), so a call only binds.
 */
const endUserChecks = new WeakMap<Db, ReturnType<typeof prepareEndUserCheck>>();
const prepareEndUserCheck = (db: Db) =>
  db
    .select({ id: endUsers.id })
    .from(endUsers)
    .where(and(eq(endUsers.id, sql.placeholder("id")), eq(endUsers.tenantId, sql.placeholder("tenantId"))))
    .prepare("end_user_exists");
function endUserExists(db: Db) {
  let prepared = endUserChecks.get(db);
  if (!prepared) endUserChecks.set(db, (prepared = prepareEndUserCheck(db)));
  return prepared;
}
