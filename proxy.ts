import { NextResponse, type NextRequest } from "next/server";
import { embedHeaders, isEmbedPath } from "@/app/embed/frame-headers";

/*
 * The one exception to next.config.ts's `frame-ancestors 'none'`: /embed may be framed by the
 * exact origins its connect session allows, which only the database knows. This file only sets
 * those response headers; it authorises nothing (the API checks the session on every call).
 * Any failure answers `'none'`, so the page is never frameable by accident.
 */
export async function proxy(req: NextRequest) {
  if (!isEmbedPath(req.nextUrl.pathname)) return NextResponse.next({ request: { headers: withPagePath(req) } });
  let origins: string[] = [];
  const token = req.nextUrl.searchParams.get("session");
  if (token) {
    try {
      // Loaded here, not at the top: every other path passes through without opening the database.
      const [{ getDb }, { embedOriginsForSession }] = await Promise.all([
        import("@/db/client"),
        import("@/lib/auth/connect-sessions"),
      ]);
      origins = await embedOriginsForSession(await getDb(), token);
    } catch (err) {
      origins = [];
      const { errorForLog, logger } = await import("@/lib/log");
      logger().error({ path: req.nextUrl.pathname, err: errorForLog(err) }, "embed frame-ancestors lookup failed");
    }
  }
  const res = NextResponse.next();
  for (const [k, v] of Object.entries(embedHeaders(origins))) res.headers.set(k, v);
  return res;
}

/**
 * The page asked for, as `x-ic-path`, so a signed-out visitor is sent to
 * `/login?callbackUrl=…` and comes back to it (lib/auth/session.ts). Always overwritten, and
 * the log-in page accepts only a same-site path (lib/auth/callback-url.ts), so a forged
 * header can do no more than the query parameter itself.
 */
function withPagePath(req: NextRequest): Headers {
  const url = req.nextUrl.clone();
  url.searchParams.delete("_rsc");
  const headers = new Headers(req.headers);
  headers.set("x-ic-path", url.pathname + url.search);
  return headers;
}

export const config = {
  // Pages only: API routes, build assets and public files never reach /embed's exception.
  matcher: ["/((?!api/|_next/|logos/|embed\\.js$|favicon\\.ico$).*)"],
};
