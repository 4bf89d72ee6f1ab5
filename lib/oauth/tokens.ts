import "server-only";
import { z } from "zod";
import { oauth2CodeSchema } from "../secrets/types/oauth2-code";

/**
 * The token endpoint's JSON answer (RFC 6749 §5.1), validated at the boundary: a wrong
 * shape is a clean failure, never a crash or a half-stored secret. Unknown members pass
 * through (providers add their own, e.g. Slack's `authed_user`). Tokens must be safe to
 * put in a header (no CR, LF, NUL), since that is where they end up.
 */
const CTL = /[\r\n\0]/;
const tokenString = z
  .string()
  .min(1)
  .max(8192)
  .refine((v) => !CTL.test(v), "must not contain CR, LF or NUL");

export const tokenResponseSchema = z.looseObject({
  access_token: tokenString,
  token_type: z.string().min(1).max(100),
  // Some providers send the lifetime as a numeric string; oauth4webapi already coerces it.
  // An upper bound keeps `now + expires_in` inside what a Date can hold.
  expires_in: z.coerce.number().finite().nonnegative().max(1e10).optional(),
  refresh_token: tokenString.optional(),
  scope: z.string().max(2000).optional(),
  id_token: z.string().max(16_384).optional(),
});
export type TokenResponse = z.output<typeof tokenResponseSchema>;

/** The stored OAuth2 value (FlowMate's `OA2_AUTHORIZATION_CODE` shape). */
export type OAuth2CodeValue = z.output<typeof oauth2CodeSchema>;

/**
 * When a token answered at `now` with `expires_in` seconds expires, as ISO-8601; undefined
 * when unknown. A missing `expires_in` means "unknown", never "now" (issue 9), and so does
 * 0: a token that expired the moment it was issued would only start a refresh loop.
 */
export function expiresAt(expiresIn: number | undefined, now: Date = new Date()): string | undefined {
  if (expiresIn === undefined || expiresIn <= 0) return undefined;
  return new Date(now.getTime() + Math.floor(expiresIn) * 1000).toISOString();
}

/**
 * Builds the FlowMate value `{authClientId, accessToken, refreshToken?, scope, expires,
 * externalId}` from a validated token response. Used by the callback (first tokens) and by
 * refresh (I3): `previous` is the stored value being refreshed, whose refresh token is kept
 * when the provider sends none back (RFC 6749 §6), and whose scope is kept when the answer
 * omits one (§5.1: omitted means "as requested"). `requestedScope` is the scope the flow
 * asked for. The result is validated against the stored type's own schema.
 */
export function flowMateValue(opts: {
  authClientId: string;
  token: TokenResponse;
  externalId?: string;
  previous?: Partial<OAuth2CodeValue>;
  requestedScope?: string;
  now?: Date;
}): OAuth2CodeValue {
  const { token, previous } = opts;
  const value = {
    authClientId: opts.authClientId,
    accessToken: token.access_token,
    refreshToken: token.refresh_token ?? previous?.refreshToken,
    scope: token.scope ?? opts.requestedScope ?? previous?.scope,
    expires: expiresAt(token.expires_in, opts.now),
    externalId: opts.externalId ?? previous?.externalId,
  };
  // Drop absent fields so the stored JSON has no `undefined` members to round-trip.
  const present = Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== ""));
  return oauth2CodeSchema.parse(present);
}

/** Scopes as a list, whatever separator the provider uses (space, comma or plus). */
export function scopeList(scope: string | undefined | null): string[] {
  return (scope ?? "").split(/[\s,+]+/).filter(Boolean);
}
