import "server-only";
import { decode, encode } from "next-auth/jwt";
import { env } from "@/lib/env";

export const SESSION_COOKIES = ["__Secure-authjs.session-token", "authjs.session-token"] as const;
type SessionCookieName = (typeof SESSION_COOKIES)[number];

/** `sessionVersion` is the `sv` claim; sessions issued before it existed count as version 0. */
export type SessionClaims = { userId: string; tenantId: string; role: string; sessionVersion: number };

type Decoded = { name: SessionCookieName; payload: Record<string, unknown> };

async function decodeSessionCookie(req: Request): Promise<Decoded | null> {
  const cookies = parseCookies(req.headers.get("cookie"));
  for (const name of SESSION_COOKIES) {
    const token = cookies.get(name);
    if (!token) continue;
    try {
      const payload = await decode({ token, secret: env().AUTH_SECRET, salt: name });
      return payload ? { name, payload } : null;
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * Decodes the Auth.js session cookie straight from the request. Route handlers use this
 * instead of `auth()` so the wrapper works the same under `next start` and in tests.
 */
export async function readSessionCookie(req: Request): Promise<SessionClaims | null> {
  const decoded = await decodeSessionCookie(req);
  const p = decoded?.payload;
  if (!p || typeof p.uid !== "string" || typeof p.tid !== "string") return null;
  if (p.sv !== undefined && !Number.isInteger(p.sv)) return null;
  return { userId: p.uid, tenantId: p.tid, role: String(p.role), sessionVersion: (p.sv as number | undefined) ?? 0 };
}

/**
 * A Set-Cookie line that re-issues the request's session under `sessionVersion`, after a
 * password change bumped it: the browser that changed the password stays signed in, every
 * other session ends. Same cookie name (which is also the JWT salt), same attributes as
 * Auth.js sets (`__Secure-` names are Secure), same expiry: the session is not extended.
 */
export async function renewSessionCookie(req: Request, sessionVersion: number): Promise<string | null> {
  const decoded = await decodeSessionCookie(req);
  if (!decoded) return null;
  const { name, payload } = decoded;
  const expires = typeof payload.exp === "number" ? payload.exp : 0;
  const maxAge = expires - Math.floor(Date.now() / 1000);
  if (maxAge <= 0) return null;
  const { iat: _iat, exp: _exp, jti: _jti, ...claims } = payload;
  const token = await encode({
    token: { ...claims, sv: sessionVersion },
    secret: env().AUTH_SECRET,
    salt: name,
    maxAge,
  });
  const secure = name.startsWith("__Secure-") ? "; Secure" : "";
  return `${name}=${token}; Path=/; Expires=${new Date(expires * 1000).toUTCString()}; HttpOnly${secure}; SameSite=Lax`;
}

/**
 * Cookie header pairs. A value with a malformed %-escape is kept as sent instead of
 * throwing: a broken cookie is an unauthenticated request (401), not a server error.
 */
function parseCookies(header: string | null): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i <= 0) continue;
    const raw = part.slice(i + 1).trim();
    let value = raw;
    try {
      value = decodeURIComponent(raw);
    } catch {
      // left as sent; it will not decode as a session
    }
    out.set(part.slice(0, i).trim(), value);
  }
  return out;
}
