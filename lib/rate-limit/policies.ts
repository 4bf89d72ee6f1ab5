import "server-only";
import { callerKey, type Caller } from "@/lib/auth/caller";
import { env } from "@/lib/env";
import { clientIp } from "./client-ip";
import type { LimitRule } from "./limit";

const MINUTE = 60;

/**
 * Failed password checks per email before the email is refused for the rest of the
 * window. Unknown emails count the same, so a refusal says nothing about who has an
 * account. The price: anyone who knows a member's email can keep that member locked out
 * of the login form by guessing 10 times every 15 minutes. This is the one limit that
 * still holds against guesses spread over many addresses, so it stays; everything that an
 * IP-scoped or session-scoped limit protects well enough uses that instead.
 */
export const LOGIN_EMAIL_MAX = 10;
const LOGIN_EMAIL_WINDOW = 15 * MINUTE;
const PASSWORD_IP_WINDOW = 15 * MINUTE;
/** Current-password checks per signed-in member; only someone holding the session can spend them. */
const PASSWORD_USER_MAX = 10;
const PASSWORD_USER_WINDOW = 15 * MINUTE;
const SIGNUP_IP_WINDOW = 60 * MINUTE;
const IMPERSONATE_WINDOW = MINUTE;

/** The client address of a request, per the TRUST_PROXY_HOPS rule. */
export const requestIp = (headers: Headers) => clientIp(headers, env().TRUST_PROXY_HOPS);

/** Login attempts and current-password checks share one budget per client address. */
export const passwordChecksByIp = (ip: string): LimitRule => ({
  key: `password:ip:${ip}`,
  max: env().RATE_LIMIT_PASSWORD_PER_IP,
  windowSeconds: PASSWORD_IP_WINDOW,
});

export const loginsByEmail = (email: string): LimitRule => ({
  key: `login:email:${email}`,
  max: LOGIN_EMAIL_MAX,
  windowSeconds: LOGIN_EMAIL_WINDOW,
});

export const passwordChecksByUser = (userId: string): LimitRule => ({
  key: `password:user:${userId}`,
  max: PASSWORD_USER_MAX,
  windowSeconds: PASSWORD_USER_WINDOW,
});

export const signupsByIp = (ip: string): LimitRule => ({
  key: `signup:ip:${ip}`,
  max: env().RATE_LIMIT_SIGNUP_PER_IP,
  windowSeconds: SIGNUP_IP_WINDOW,
});

/** Generous: a tenant backend impersonates on behalf of every customer request it serves. */
export const impersonationsByKey = (apiKeyId: string): LimitRule => ({
  key: `impersonate:key:${apiKeyId}`,
  max: env().RATE_LIMIT_IMPERSONATE_PER_KEY,
  windowSeconds: IMPERSONATE_WINDOW,
});

/**
 * Connect sessions per API key: the same budget size as impersonation, counted apart, since a
 * backend mints one for each end user who opens the embed.
 */
export const connectSessionsByKey = (apiKeyId: string): LimitRule => ({
  key: `connect-session:key:${apiKeyId}`,
  max: env().RATE_LIMIT_IMPERSONATE_PER_KEY,
  windowSeconds: IMPERSONATE_WINDOW,
});

/** Flows an end user (a user token or a connect session) or a member starts per minute: a person clicking Connect. */
export const OAUTH_STARTS_PER_PERSON = 30;
const OAUTH_WINDOW = MINUTE;

/**
 * OAuth flows started per caller per minute. Each start stores a flow row (purged once it
 * expires), so the budget bounds what one caller can pile up. An API key starts flows for every
 * end user it serves, so it gets the impersonation budget.
 */
export const oauthStartsByCaller = (caller: Caller): LimitRule => ({
  key: `oauth-start:${callerKey(caller)}`,
  max: caller.kind === "api_key" ? env().RATE_LIMIT_IMPERSONATE_PER_KEY : OAUTH_STARTS_PER_PERSON,
  windowSeconds: OAUTH_WINDOW,
});

/** The public OAuth pages (launch and callback) share one budget per client address. */
export const oauthPagesByIp = (ip: string): LimitRule => ({
  key: `oauth:ip:${ip}`,
  max: env().RATE_LIMIT_OAUTH_PER_IP,
  windowSeconds: OAUTH_WINDOW,
});
