/*
 * The headers /embed answers with (docs/architecture.md › Embedding). Every other route gets
 * `frame-ancestors 'none'` and `X-Frame-Options: DENY` from next.config.ts; /embed alone may be
 * framed, and only by the exact origins its connect session allows. proxy.ts sets these.
 */

/** An exact http(s) origin, nothing else: no path, wildcard, space, quote or semicolon can reach the header. */
const EXACT_ORIGIN = /^https?:\/\/[a-z0-9.-]+(?::\d{1,5})?$|^https?:\/\/\[[0-9a-f:.]+\](?::\d{1,5})?$/i;

/** True for /embed and everything under it, in any letter case (the header exception's scope). */
export const isEmbedPath = (pathname: string) => /^\/embed(?:\/|$)/i.test(pathname);

/**
 * `frame-ancestors` with the session's exact origins, or `'none'` when there are none (no
 * session, an ended one, or a tenant without embed origins). Never `*`: anything that is not
 * an exact origin is dropped, so a bad settings value narrows the list instead of widening it.
 */
export function frameAncestors(origins: readonly string[]): string {
  const exact = [...new Set(origins.filter((o) => EXACT_ORIGIN.test(o)))];
  return exact.length > 0 ? `frame-ancestors ${exact.join(" ")}` : "frame-ancestors 'none'";
}

/**
 * The security headers of an /embed response. No X-Frame-Options: it has no allowlist form,
 * and DENY would contradict the CSP. `no-referrer`, because the first URL carries the session
 * token and nothing it loads (a tenant's logo, say) may learn it.
 */
export function embedHeaders(origins: readonly string[]): Record<string, string> {
  return {
    "Content-Security-Policy": frameAncestors(origins),
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
  };
}
