import "server-only";
import { ApiError } from "@/lib/api/errors";
import { env } from "@/lib/env";
import { checkHost } from "@/lib/verify/address-policy";
import { errorCode } from "@/lib/verify/classify";
import { BlockedError } from "@/lib/verify/errors";
import { normaliseHost } from "@/lib/verify/ip";

/** A resolver that never answers must not hold the admin's request open. */
const DNS_TIMEOUT_MS = 5_000;

function allowListed(host: string): boolean {
  const key = (h: ReturnType<typeof normaliseHost>) => (h.kind === "ip" ? h.address : h.name);
  const wanted = key(normaliseHost(host));
  return env()
    .OUTBOUND_ALLOW_HOSTS.split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .some((entry) => key(normaliseHost(entry)) === wanted);
}

const refuse = (message: string) =>
  new ApiError("validation_failed", "The request is not valid", { issues: [{ path: "url", message }] });

/**
 * The SSRF policy for an endpoint URL when it is saved: https only (plain http only for a
 * host in OUTBOUND_ALLOW_HOSTS, for local development and tests), no credentials or
 * fragment, and a host whose every address is allowed (checked within 5 s). Every delivery
 * goes through safeFetch, which checks and pins the address again, so a name that later
 * resolves somewhere private is still refused at send time. Returns the URL as normalised.
 */
export async function checkWebhookUrl(raw: string): Promise<string> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refuse("Enter an https:// URL");
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && allowListed(url.hostname))) {
    throw refuse("URL must use https://");
  }
  if (url.username || url.password) throw refuse("URL must not contain credentials");
  if (url.hash) throw refuse("URL must not have a fragment");
  const port = url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
  let timer: NodeJS.Timeout | undefined;
  const slow = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error("DNS timeout"), { code: "ETIMEOUT" })), DNS_TIMEOUT_MS);
  });
  try {
    await Promise.race([checkHost(url.hostname, port), slow]);
  } catch (err) {
    if (err instanceof BlockedError) throw refuse(`${url.hostname} is not an allowed address (${err.reason})`);
    const code = errorCode(err);
    if (code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "ENODATA" || code === "ETIMEOUT") {
      throw refuse(`${url.hostname} does not resolve`);
    }
    throw err;
  } finally {
    clearTimeout(timer);
  }
  return url.toString();
}
