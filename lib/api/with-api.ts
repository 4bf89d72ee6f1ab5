import "server-only";
import { randomUUID } from "node:crypto";
import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { getDb, type Db } from "@/db/client";
import { authenticate } from "@/lib/auth/authenticate";
import type { Allow, Caller } from "@/lib/auth/caller";
import { env } from "@/lib/env";
import { errorForLog, logger } from "@/lib/log";
import { refuseNul, refuseNulPairs, toIssues } from "./body";
import { ApiError } from "./errors";

type Params = Record<string, string>;

export type ApiContext<P extends Params> = {
  req: NextRequest;
  params: P;
  caller: Caller;
  db: Db;
  requestId: string;
};

type PublicContext<P extends Params> = Omit<ApiContext<P>, "caller">;

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function allowed(caller: Caller, allow: readonly Allow[]): boolean {
  if (caller.kind === "member") return allow.includes(caller.role);
  return allow.includes(caller.kind);
}

/**
 * `Cache-Control` of every answer unless a route's success says otherwise (`cacheControl`):
 * only public material, such as a published JWK set, is ever cacheable. Errors are always `no-store`.
 */
const NO_STORE = "no-store";

function withHeaders(
  res: Response,
  requestId: string,
  extra?: Record<string, string>,
  cacheControl: string = NO_STORE,
): Response {
  res.headers.set("Cache-Control", cacheControl);
  res.headers.set("X-Request-Id", requestId);
  for (const [k, v] of Object.entries(extra ?? {})) res.headers.set(k, v);
  return res;
}

function errorResponse(err: unknown, requestId: string): Response {
  if (err instanceof ApiError) {
    const log = logger();
    if (log.isLevelEnabled("debug"))
      log.debug({ requestId, code: err.code, issues: err.extra.issues }, "request refused");
    return withHeaders(NextResponse.json(err.toBody(), { status: err.status }), requestId, err.extra.headers);
  }
  if (err instanceof z.ZodError) {
    const body = new ApiError("validation_failed", "The request is not valid", { issues: toIssues(err) });
    return withHeaders(NextResponse.json(body.toBody(), { status: 400 }), requestId);
  }
  logger().error({ requestId, err: errorForLog(err) }, "unhandled error");
  const body = new ApiError("internal", "Something went wrong. Quote the request id when reporting it.");
  return withHeaders(NextResponse.json(body.toBody(), { status: 500 }), requestId);
}

/**
 * Awaits the route params and refuses a NUL in them or anywhere in the query string, so
 * `?username=` and path segments never carry one to the database (see `refuseNul`).
 */
async function routeParams<P extends Params>(req: NextRequest, route: { params: Promise<P> }): Promise<P> {
  const params = ((await route?.params) ?? {}) as P;
  refuseNul(params);
  refuseNulPairs(req.nextUrl.searchParams);
  return params;
}

type Inner<P extends Params> = (
  req: NextRequest,
  route: { params: Promise<P> },
  requestId: string,
) => Promise<Response>;

/**
 * Requests this process is answering now. Past `MAX_IN_FLIGHT` the excess is answered at once
 * with 503 and `Retry-After` rather than queued: a queued request only waits longer and makes
 * the ones behind it wait too, while a tenant backend can retry a fast 503 (possibly on another
 * instance). The bound is per process because what it protects is this process (its event
 * loop, memory and database pool); each instance sheds its own overload.
 */
let inFlight = 0;
/** The health check is never shed: a load balancer must not take a busy instance for a dead one. */
const NEVER_SHED = new Set(["/api/health"]);

/** Requests in flight in this process (for tests and the bench). */
export const requestsInFlight = () => inFlight;

function shed(requestId: string): Response {
  const err = new ApiError("upstream_unavailable", "The service is busy; retry shortly", {
    headers: { "Retry-After": "1" },
  });
  return withHeaders(NextResponse.json(err.toBody(), { status: err.status }), requestId, err.extra.headers);
}

/** One access-log line per request: path without the query string, status and duration. */
function logged<P extends Params>(inner: Inner<P>) {
  return async (req: NextRequest, route: { params: Promise<P> }) => {
    const requestId = randomUUID();
    const started = performance.now();
    const exempt = NEVER_SHED.has(req.nextUrl.pathname);
    let res: Response;
    if (exempt) {
      // Not counted either, so health checks never take a slot from the API.
      res = await inner(req, route, requestId);
    } else if (inFlight >= env().MAX_IN_FLIGHT) {
      res = shed(requestId);
    } else {
      inFlight++;
      try {
        res = await inner(req, route, requestId);
      } finally {
        inFlight--;
      }
    }
    // At levels that are off, nothing is built: no object, no pathname, no rounding.
    const log = logger();
    if (log.isLevelEnabled("info")) {
      log.info(
        {
          requestId,
          method: req.method,
          path: req.nextUrl.pathname,
          status: res.status,
          ms: Math.round(performance.now() - started),
        },
        "request",
      );
    }
    return res;
  };
}

/**
 * The wrapper every API route uses: it authenticates, enforces `allow`, awaits params,
 * maps errors to the documented shape and sets `no-store` and `X-Request-Id`.
 * Writes made with a dashboard cookie need `X-Requested-With`, so a cross-site form
 * cannot ride on the session.
 */
export function withApi<P extends Params = Params>(
  handler: (ctx: ApiContext<P>) => Promise<Response>,
  opts: {
    allow: readonly Allow[];
    /** The handler checks that a user token's end user still exists (readSecret does, in its one query). */
    deferEndUserCheck?: boolean;
    /** `Cache-Control` for a success instead of `no-store`: only for answers that hold nothing secret. */
    cacheControl?: string;
  },
) {
  return logged(async (req: NextRequest, route: { params: Promise<P> }, requestId: string) => {
    try {
      const db = await getDb();
      const caller = await authenticate(db, req, { deferEndUserCheck: opts.deferEndUserCheck });
      if (caller.kind === "member" && !SAFE_METHODS.has(req.method) && !req.headers.get("x-requested-with")) {
        throw new ApiError("forbidden", "Dashboard writes need the X-Requested-With header");
      }
      if (!allowed(caller, opts.allow)) throw new ApiError("forbidden", "Your role or token may not do this");
      const params = await routeParams(req, route);
      return withHeaders(
        await handler({ req, params, caller, db, requestId }),
        requestId,
        undefined,
        opts.cacheControl,
      );
    } catch (err) {
      return errorResponse(err, requestId);
    }
  });
}

/** Like `withApi` for routes that take no authentication (health, components, callback). */
export function withPublicApi<P extends Params = Params>(
  handler: (ctx: PublicContext<P>) => Promise<Response>,
  opts: { cacheControl?: string } = {},
) {
  return logged(async (req: NextRequest, route: { params: Promise<P> }, requestId: string) => {
    try {
      const db = await getDb();
      const params = await routeParams(req, route);
      return withHeaders(await handler({ req, params, db, requestId }), requestId, undefined, opts.cacheControl);
    } catch (err) {
      return errorResponse(err, requestId);
    }
  });
}

/** `{"data": …}` with optional list `meta`. */
export const ok = (data: unknown, meta?: object, status = 200) =>
  NextResponse.json(meta ? { data, meta } : { data }, { status });
export const created = (data: unknown) => ok(data, undefined, 201);
export const noContent = () => new Response(null, { status: 204 });
