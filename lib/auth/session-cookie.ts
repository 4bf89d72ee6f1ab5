import "server-only";
import { decode } from "next-auth/jwt";
import { env } from "@/lib/env";

export const SESSION_COOKIES = ["__Secure-authjs.session-token", "authjs.session-token"] as const;

export type SessionClaims = { userId: string; tenantId: string; role: string };

/**
 * Decodes the Auth.js session cookie straight from the request. Route handlers use this
 * instead of `auth()` so the wrapper works the same under `next start` and in tests.
 */
export async function readSessionCookie(req: Request): Promise<SessionClaims | null> {
  const cookies = parseCookies(req.headers.get("cookie"));
  for (const name of SESSION_COOKIES) {
    const token = cookies.get(name);
    if (!token) continue;
    try {
      const payload = await decode({ token, secret: env().AUTH_SECRET, salt: name });
      if (payload && typeof payload.uid === "string" && typeof payload.tid === "string") {
        return { userId: payload.uid, tenantId: payload.tid, role: String(payload.role) };
      }
    } catch {
      return null;
    }
  }
  return null;
}

function parseCookies(header: string | null): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i > 0) out.set(part.slice(0, i).trim(), decodeURIComponent(part.slice(i + 1).trim()));
  }
  return out;
}
