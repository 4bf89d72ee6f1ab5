import "server-only";
import { and, eq, inArray, lt, sql } from "drizzle-orm";
import { connectSessions } from "@/db/schema";
import { registerJob } from "./registry";

/**
 * Connect sessions live 30 minutes; a row stays this long after it ends (expiry, or a revoke,
 * which ends it before its expiry) and is then deleted. Nothing refers to a session row: its
 * audit events name it by id.
 */
export const CONNECT_SESSION_RETENTION_HOURS = 24;

/*
 * Like webhook-prune, the delete is its own claim: instances that race delete disjoint or
 * already deleted rows. The expiry index (connect_sessions_expires) keeps the batch cheap.
 */
registerJob<string>({
  name: "connect-session-prune",
  everySeconds: 3600,
  claimSeconds: 60,
  batchSize: 500,
  claim: async (ctx) => {
    const old = ctx.db
      .select({ id: connectSessions.id })
      .from(connectSessions)
      .where(
        and(
          lt(connectSessions.expiresAt, sql`now() - (${CONNECT_SESSION_RETENTION_HOURS}::int * interval '1 hour')`),
          ctx.onlyTenant ? eq(connectSessions.tenantId, ctx.onlyTenant) : undefined,
        ),
      )
      .limit(ctx.limit);
    const gone = await ctx.db
      .delete(connectSessions)
      .where(inArray(connectSessions.id, old))
      .returning({ id: connectSessions.id });
    return gone.map((g) => g.id);
  },
  work: async () => {},
});
