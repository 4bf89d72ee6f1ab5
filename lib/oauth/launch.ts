import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { oauthFlows } from "@/db/schema";
import { env } from "@/lib/env";

/*
 * Launching a flow binds it to one browser. start-flow hands out this service's launch URL,
 * not the provider's: the first browser to open it gets a random, HttpOnly cookie, whose
 * hash the flow keeps (a compare-and-swap, so a launch URL works once), and is sent on to
 * the provider. The callback completes the flow only with that cookie. So a provider URL or
 * a callback URL seen elsewhere (a log, a Referer, a forwarded link) cannot be completed in
 * another browser, and a state started by another end user or tenant is refused in the
 * browser that holds one flow's cookie but arrives with another's state: before any token
 * request.
 */

/** SHA-256 of a state or binding token, base64url: the only form in which either is stored. */
export const stateHash = (value: string) => createHash("sha256").update(value).digest("base64url");

const CALLBACK_PATH = "/api/v1/callback";
const COOKIE_MAX_AGE_S = 10 * 60;

/** The URL start-flow returns: opening it launches the flow in that browser. */
export const launchUrl = (state: string) =>
  `${env().PUBLIC_URL}/api/v1/oauth/launch?state=${encodeURIComponent(state)}`;

/** One cookie per flow (named after its state), so parallel flows in one browser do not collide. */
export const bindingCookieName = (state: string) => `ic_oauth_${stateHash(state).slice(0, 16)}`;

function cookie(name: string, value: string, maxAge: number): string {
  const secure = env().PUBLIC_URL.startsWith("https:") ? "; Secure" : "";
  // Lax: the provider's redirect back is a top-level GET navigation, on which Lax cookies go.
  return `${name}=${value}; Path=${CALLBACK_PATH}; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${secure}`;
}

/** A Set-Cookie value that deletes the flow's binding cookie. */
export const clearBindingCookie = (state: string) => cookie(bindingCookieName(state), "", 0);

/**
 * Launches the flow that `state` names, once: binds it to a fresh browser token and returns
 * the provider URL to redirect to, with the Set-Cookie header carrying the token. Undefined
 * for a state that is unknown, expired, consumed, or already launched.
 */
export async function launchFlow(
  db: Db,
  state: string | null,
): Promise<{ providerUrl: string; setCookie: string } | undefined> {
  if (!state || state.length > 512) return undefined;
  const token = randomBytes(32).toString("base64url");
  const [row] = await db
    .update(oauthFlows)
    .set({ pinned: sql`${oauthFlows.pinned} || jsonb_build_object('browser', ${stateHash(token)}::text)` })
    .where(
      and(
        eq(oauthFlows.stateHash, stateHash(state)),
        isNull(oauthFlows.consumedAt),
        gt(oauthFlows.expiresAt, sql`now()`),
        sql`${oauthFlows.pinned}->>'browser' is null`,
      ),
    )
    .returning({ pinned: oauthFlows.pinned });
  const base = (row?.pinned as { authorizeUrl?: string } | undefined)?.authorizeUrl;
  if (!base) return undefined;
  const url = new URL(base);
  url.searchParams.set("state", state);
  return { providerUrl: url.href, setCookie: cookie(bindingCookieName(state), token, COOKIE_MAX_AGE_S) };
}
