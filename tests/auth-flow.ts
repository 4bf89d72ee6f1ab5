import { NextRequest } from "next/server";
import { handlers } from "@/auth";

const ORIGIN = "http://127.0.0.1:3000";

/** `name=value` pairs from a response's Set-Cookie headers (attributes dropped). */
export function setCookies(res: Response): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const i = pair.indexOf("=");
    out.set(pair.slice(0, i), pair.slice(i + 1));
  }
  return out;
}

/**
 * Signs in through the real Auth.js route handlers, as the login form does: fetch a CSRF
 * token, then post the credentials. `ip` becomes the X-Forwarded-For header that Next's
 * server would set. Returns the session cookie (or null) and the error code of a refusal.
 */
export async function signInWithPassword(email: string, password: string, opts: { ip?: string } = {}) {
  const ipHeader: Record<string, string> = opts.ip ? { "x-forwarded-for": opts.ip } : {};
  const csrfRes = await handlers.GET(new NextRequest(`${ORIGIN}/api/auth/csrf`, { headers: ipHeader }));
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const csrfCookie = [...setCookies(csrfRes)].map(([k, v]) => `${k}=${v}`).join("; ");
  const res = await handlers.POST(
    new NextRequest(`${ORIGIN}/api/auth/callback/credentials`, {
      method: "POST",
      headers: {
        ...ipHeader,
        cookie: csrfCookie,
        "content-type": "application/x-www-form-urlencoded",
        "x-auth-return-redirect": "1",
      },
      body: new URLSearchParams({ email, password, csrfToken, callbackUrl: `${ORIGIN}/` }),
    }),
  );
  const { url } = (await res.json()) as { url: string };
  const params = new URL(url).searchParams;
  const token = setCookies(res).get("authjs.session-token");
  return {
    cookie: token ? `authjs.session-token=${token}` : null,
    error: params.get("error"),
    code: params.get("code"),
  };
}
