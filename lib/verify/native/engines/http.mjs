// HTTP for the engines of HTTP protocols (S3, Azure Blob): one request to a pinned IP, the
// name kept for Host, TLS SNI and the certificate check, no redirects followed, the answer
// bounded in size and time. The engines run in the check process, so a hostile server's
// XML costs that process, never the service's.
import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";

/** Bytes of an answer an engine reads at most (an error document or one listing page). */
export const MAX_BODY = 256 * 1024;

const fail = (code, message) => Object.assign(new Error(message), { code });

/**
 * The pin a URL may reach: same scheme family, host and port as one the parent checked.
 * Anything else (a redirect elsewhere, a library's second endpoint) is refused: CHECK_UNPINNED.
 */
export function pinFor(pins, url) {
  const u = new URL(url);
  if (u.protocol !== "http:" && u.protocol !== "https:") throw fail("CHECK_UNPINNED", "scheme not allowed");
  const host = u.hostname.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  const port = Number(u.port) || (u.protocol === "https:" ? 443 : 80);
  const pin = pins.find((p) => p.hostname === host && p.port === port);
  if (!pin) throw fail("CHECK_UNPINNED", "host not pinned");
  return pin;
}

/**
 * Sends one request to `pin.address` and resolves `{ status, headers, body }` (body as text,
 * at most `maxBytes`, else CHECK_TOO_LARGE). Rejects with ETIMEDOUT after `timeoutMs`.
 */
export function pinnedRequest(pin, { method, url, headers = {}, body, timeoutMs, maxBytes = MAX_BODY, signal }) {
  const u = new URL(url);
  const tls = u.protocol === "https:";
  return new Promise((resolve, reject) => {
    const req = (tls ? https : http).request({
      host: pin.address,
      port: pin.port,
      method,
      path: `${u.pathname}${u.search}`,
      headers: { ...headers, host: u.host },
      agent: false,
      // SNI and the certificate check use the name; an IP literal gets no SNI (RFC 6066).
      ...(tls && { servername: isIP(pin.hostname) ? "" : pin.hostname, rejectUnauthorized: true }),
    });
    const timer = setTimeout(() => req.destroy(fail("ETIMEDOUT", "request deadline")), timeoutMs);
    const onAbort = () => req.destroy(fail("ETIMEDOUT", "aborted"));
    signal?.addEventListener("abort", onAbort, { once: true });
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    };
    req.on("error", (err) => {
      done();
      reject(err);
    });
    req.on("response", (res) => {
      const chunks = [];
      let size = 0;
      res.on("data", (chunk) => {
        size += chunk.length;
        if (size > maxBytes) return req.destroy(fail("CHECK_TOO_LARGE", "answer too large"));
        chunks.push(chunk);
      });
      res.on("end", () => {
        done();
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") });
      });
      res.on("error", (err) => {
        done();
        reject(err);
      });
    });
    req.end(body);
  });
}

/** The class of an HTTP status an engine could not explain by an error code. */
export function statusClass(status) {
  if (status === 401) return "auth_failed";
  if (status === 403) return "forbidden";
  if (status === 404 || status === 410) return "not_found";
  if (status === 408) return "timeout";
  if (status === 429 || status === 503) return "rate_limited";
  if (status >= 500) return "server_error";
  if (status >= 400) return "auth_failed";
  return "server_error";
}

/** The class of an engine failure that is not an HTTP answer (pinning, size). */
export function failureClass(err) {
  if (err?.code === "CHECK_UNPINNED") return "blocked";
  if (err?.code === "CHECK_TOO_LARGE") return "server_error";
  return undefined;
}
