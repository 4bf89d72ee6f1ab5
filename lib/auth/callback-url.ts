/**
 * Where log-in sends a member afterwards (`/login?callbackUrl=/credentials/…`): only a
 * path on this site. Anything else — an absolute URL, a protocol-relative `//evil.example`,
 * a backslash form browsers read as one (`/\evil.example`), control characters, or the
 * log-in page itself — falls back to the dashboard, so the parameter can never be used as
 * an open redirect.
 */
export function safeCallbackPath(raw: unknown, fallback = "/"): string {
  if (typeof raw !== "string" || raw.length === 0 || raw.length > 2048) return fallback;
  if (!raw.startsWith("/") || raw.startsWith("//") || raw.includes("\\")) return fallback;
  // A tab or newline inside a URL is stripped by browsers, so `/\t/evil` would become `//evil`.
  if (/[\u0000-\u001f\u007f]/.test(raw)) return fallback;
  const base = "http://callback.invalid";
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base) return fallback;
  if (url.pathname === "/login" || url.pathname.startsWith("/api/")) return fallback;
  return url.pathname + url.search + url.hash;
}

/** The log-in page's address that returns to `path` afterwards (no parameter for the dashboard itself). */
export function loginHref(path: string): string {
  const target = safeCallbackPath(path);
  return target === "/" ? "/login" : `/login?callbackUrl=${encodeURIComponent(target)}`;
}
