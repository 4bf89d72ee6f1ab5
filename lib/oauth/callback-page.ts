import "server-only";
import { createHash } from "node:crypto";
import type { Db } from "@/db/client";
import { hit } from "@/lib/rate-limit/limit";
import { oauthPagesByIp, requestIp } from "@/lib/rate-limit/policies";
import { OAUTH_MESSAGE_TYPE } from "./flow-schemas";

/*
 * The page a failed callback answers with. Everything variable goes into HTML-escaped text
 * and attributes; the one script is a constant, allowed by its hash, so nothing the
 * provider or the URL supplies can run (a provider `error=` is shown as inert text).
 */

const SCRIPT = `(function(){var o=document.getElementById("outcome");var m={type:${JSON.stringify(OAUTH_MESSAGE_TYPE)},ok:false,error:o.getAttribute("data-code"),message:o.getAttribute("data-message")};try{var c=new BroadcastChannel(m.type);c.postMessage(m);c.close()}catch(e){}if(window.opener){try{window.opener.postMessage(m,window.location.origin)}catch(e){}window.close()}})();`;
const SCRIPT_HASH = createHash("sha256").update(SCRIPT).digest("base64");
const STYLE =
  "body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#1f2937}h1{font-size:1.25rem}p{line-height:1.5}code{font-size:.85em}";
const STYLE_HASH = createHash("sha256").update(STYLE).digest("base64");

/** HTML-escapes text for element content and double- or single-quoted attributes. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** `url` with `params` added to its query (existing parameters kept, these replaced). */
export function withQuery(url: string, params: Record<string, string>): string {
  const u = new URL(url);
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
  return u.href;
}

/**
 * A 400 page (429 with `Retry-After` when `retryAfter` is given) for a callback that did not complete. In a popup it posts
 * `{type: "ic:oauth", ok: false, error, message}` to its opener at this service's own exact
 * origin (never `*`), and on a same-origin BroadcastChannel for an opener a provider's
 * Cross-Origin-Opener-Policy cut off, and closes; opened directly, it shows the reason and a
 * way back.
 */
export function callbackPage(opts: {
  code: string;
  message: string;
  requestId: string;
  retryAfter?: number;
}): Response {
  const code = escapeHtml(opts.code);
  const message = escapeHtml(opts.message);
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Connection failed</title><style>${STYLE}</style></head>
<body><main id="outcome" data-code="${code}" data-message="${message}">
<h1>The connection was not completed</h1>
<p role="alert">${message}</p>
<p><code>${code}</code> · request <code>${escapeHtml(opts.requestId)}</code></p>
<p><a href="/">Back to the dashboard</a></p>
</main><script>${SCRIPT}</script></body></html>`;
  return new Response(html, {
    status: opts.retryAfter === undefined ? 400 : 429,
    headers: {
      ...(opts.retryAfter !== undefined && { "Retry-After": String(opts.retryAfter) }),
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": `default-src 'none'; script-src 'sha256-${SCRIPT_HASH}'; style-src 'sha256-${STYLE_HASH}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    },
  });
}

/**
 * The launch and callback pages' per-address budget (lib/rate-limit/policies.ts): null while
 * within it, else the 429 page to answer with. Counted before any state is looked up.
 */
export async function oauthPageLimit(db: Db, headers: Headers, requestId: string): Promise<Response | null> {
  const counted = await hit(db, oauthPagesByIp(requestIp(headers)));
  if (!counted.limited) return null;
  return callbackPage({
    code: "rate_limited",
    message: `Too many sign-in attempts from your network. Try again in ${counted.retryAfter} seconds.`,
    requestId,
    retryAfter: counted.retryAfter,
  });
}
