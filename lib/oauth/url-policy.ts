import "server-only";
import { placeholders, type ComponentEntry } from "@/lib/components";
import { env } from "@/lib/env";
import { checkHost } from "@/lib/verify/address-policy";
import { errorCode } from "@/lib/verify/classify";
import { BlockedError } from "@/lib/verify/errors";
import { normaliseHost } from "@/lib/verify/ip";
import { isCustomComponent } from "./defaults";

/*
 * The SSRF policy at save time for the URLs an admin gives an auth client (token, revocation
 * and userinfo endpoints, issuers, session-login URLs). Every call to them goes through
 * safeFetch as well, which checks again at call time (docs/architecture.md › Security model).
 */

const DNS_TIMEOUT_MS = 5_000;

function allowListed(host: string): boolean {
  const wanted = normaliseHost(host);
  const key = wanted.kind === "ip" ? wanted.address : wanted.name;
  return env()
    .OUTBOUND_ALLOW_HOSTS.split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .some((entry) => {
      const h = normaliseHost(entry);
      return (h.kind === "ip" ? h.address : h.name) === key;
    });
}

/**
 * The SSRF policy at save time for one URL given by the admin: https (http only for a host
 * in OUTBOUND_ALLOW_HOSTS), placeholders naming the component's fields only, and a literal
 * host that resolves to allowed addresses only. A host with a placeholder is checked when
 * it is called, by safeFetch, which every token, revocation and userinfo request goes through.
 */
export async function checkUrl(url: string, entry: ComponentEntry | undefined): Promise<string | undefined> {
  const names = placeholders(url);
  const fields = new Set(isCustomComponent(entry?.id) ? [] : (entry?.fields ?? []).map((f) => f.name));
  const unknown = names.find((n) => !fields.has(n));
  if (unknown) {
    return fields.size === 0
      ? "Placeholders are only for catalogue components with connection fields"
      : `{{${unknown}}} is not a field of ${entry!.name}`;
  }
  const parsed = new URL(url.replace(/\{\{\s*[A-Za-z][A-Za-z0-9_]*\s*\}\}/g, "x"));
  const rawHost = /^https?:\/\/(?:[^/?#@]*@)?(\[[^\]]*\]|[^/?#:]*)/i.exec(url)?.[1] ?? "";
  const templatedHost = placeholders(rawHost).length > 0;
  if (parsed.protocol === "http:" && (templatedHost || !allowListed(parsed.hostname))) {
    return "URL must use https://";
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return "URL must use https://";
  if (templatedHost) return undefined;
  const port = parsed.port ? Number(parsed.port) : parsed.protocol === "https:" ? 443 : 80;
  let timer: NodeJS.Timeout | undefined;
  const slow = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error("DNS timeout"), { code: "ETIMEOUT" })), DNS_TIMEOUT_MS);
  });
  try {
    // A resolver that never answers must not hold the admin's request open.
    await Promise.race([checkHost(parsed.hostname, port), slow]);
  } catch (err) {
    if (err instanceof BlockedError) return `${parsed.hostname} is not an allowed address (${err.reason})`;
    const code = errorCode(err);
    if (code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "ENODATA" || code === "ETIMEOUT") {
      return `${parsed.hostname} does not resolve`;
    }
    throw err;
  } finally {
    clearTimeout(timer);
  }
  return undefined;
}
