import "server-only";
import { createHmac } from "node:crypto";
import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import type { Db } from "@/db/client";
import { idempotencyKeys } from "@/db/schema";
import { callerKey, type Caller } from "@/lib/auth/caller";
import { env } from "@/lib/env";
import { errorForLog, logger } from "@/lib/log";
import { readLimited } from "./body";
import { ApiError } from "./errors";

/** How long a key and its first answer are kept (as Stripe does). */
const TTL = sql`now() - interval '24 hours'`;
/**
 * An in-progress record older than this belongs to a process that died mid-request: a retry
 * may take it over. Far longer than any create can run (dry runs time out within seconds).
 */
const ABANDONED = sql`now() - interval '5 minutes'`;
/** Share of keyed requests that also delete expired keys: pruning costs nothing per request on average. */
const PRUNE_SHARE = 0.01;

// Printable ASCII without spaces, as the key is an opaque token the client chose (Stripe allows 255).
const keySchema = z.string().regex(/^[\x21-\x7e]{1,255}$/, "must be 1–255 printable ASCII characters");

/**
 * Deletes keys older than 24 hours (the index on created_at keeps this cheap).
 * Called on a small share of keyed requests, so no scheduler is needed.
 */
export async function pruneIdempotencyKeys(db: Db): Promise<number> {
  const gone = await db
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.createdAt, TTL))
    .returning({ key: idempotencyKeys.key });
  return gone.length;
}

/**
 * Runs `run` at most once per `Idempotency-Key` header (tenant, caller and key), and answers
 * a retry with the first answer. Without the header it just runs `run`.
 *
 * The key is reserved by an insert before `run` starts, so of two concurrent requests with one
 * key only one runs; the other gets 409 `conflict` with `Retry-After`, and its retry then gets the
 * stored answer. The same key with a different request is 409 `conflict` too: 422 is reserved for
 * `verification_failed`, and reusing a key for another request is a conflict with the first one.
 * Only a success is kept: after an error nothing was stored, so the reservation is dropped and a
 * retry runs again. The request is compared by an HMAC (keyed with AUTH_SECRET), so the table never
 * holds anything from which a secret value could be guessed; the kept answer is the masked one.
 */
export async function idempotent(
  ctx: { req: NextRequest; db: Db; caller: Caller },
  run: () => Promise<Response>,
): Promise<Response> {
  const header = ctx.req.headers.get("idempotency-key");
  if (header === null) return run();
  const parsed = keySchema.safeParse(header);
  if (!parsed.success) {
    throw new ApiError("validation_failed", "The Idempotency-Key header is not valid", {
      issues: [{ path: "Idempotency-Key", message: parsed.error.issues[0].message }],
    });
  }
  const { db, caller, req } = ctx;
  // A clone, so the handler still reads the body; readLimited keeps the 64 KiB bound.
  const raw = await readLimited(req.clone());
  const requestHash = createHmac("sha256", env().AUTH_SECRET)
    .update(JSON.stringify([req.method, req.nextUrl.pathname, req.nextUrl.search, raw]))
    .digest("base64url");
  const id = { tenantId: caller.tenantId, caller: callerKey(caller), key: parsed.data };
  const where = and(
    eq(idempotencyKeys.tenantId, id.tenantId),
    eq(idempotencyKeys.caller, id.caller),
    eq(idempotencyKeys.key, id.key),
  );

  if (Math.random() < PRUNE_SHARE) {
    await pruneIdempotencyKeys(db).catch((err) => logger().warn({ err: errorForLog(err) }, "idempotency prune failed"));
  }

  // Two tries: the row we conflicted with may be dropped (its request failed) before we read it.
  for (let attempt = 0; attempt < 2; attempt++) {
    const [won] = await db
      .insert(idempotencyKeys)
      .values({ ...id, requestHash })
      .onConflictDoUpdate({
        target: [idempotencyKeys.tenantId, idempotencyKeys.caller, idempotencyKeys.key],
        set: { requestHash, status: null, body: null, createdAt: sql`now()` },
        // Only an expired key, or a reservation its process abandoned, is taken over.
        setWhere: or(
          lt(idempotencyKeys.createdAt, TTL),
          and(isNull(idempotencyKeys.status), lt(idempotencyKeys.createdAt, ABANDONED)),
        ),
      })
      .returning({ key: idempotencyKeys.key });
    if (won) return runAndKeep(db, where, run);

    const [row] = await db.select().from(idempotencyKeys).where(where);
    if (!row) continue;
    if (row.requestHash !== requestHash) {
      throw new ApiError("conflict", "This Idempotency-Key was already used with a different request");
    }
    if (row.status === null) {
      throw new ApiError("conflict", "A request with this Idempotency-Key is still in progress; retry shortly", {
        headers: { "Retry-After": "1" },
      });
    }
    const replay = NextResponse.json(row.body, { status: row.status });
    replay.headers.set("Idempotent-Replayed", "true");
    return replay;
  }
  throw new ApiError("conflict", "A request with this Idempotency-Key is still in progress; retry shortly", {
    headers: { "Retry-After": "1" },
  });
}

async function runAndKeep(db: Db, where: ReturnType<typeof and>, run: () => Promise<Response>): Promise<Response> {
  let res: Response;
  try {
    res = await run();
  } catch (err) {
    await db.delete(idempotencyKeys).where(where);
    throw err;
  }
  if (res.status >= 200 && res.status < 300) {
    const body = await res.clone().json();
    await db.update(idempotencyKeys).set({ status: res.status, body }).where(where);
  } else {
    await db.delete(idempotencyKeys).where(where);
  }
  return res;
}
