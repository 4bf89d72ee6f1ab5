// Azure Blob Storage: list one blob page of the container (@azure/storage-blob), with the
// account key (Shared Key) or a SAS token. The SDK's HTTP client is replaced by one that
// sends to the pinned address only (http.mjs), so neither a redirect nor the SDK can reach
// another host; retries are off, the deadline is the parent's.
import { failureClass, pinFor, pinnedRequest, statusClass } from "./http.mjs";

// Storage error codes (x-ms-error-code) that say something about the credential or container.
const CODES = {
  AuthenticationFailed: "auth_failed", // wrong key, bad or expired SAS signature
  InvalidAuthenticationInfo: "auth_failed",
  NoAuthenticationInformation: "auth_failed",
  // Azurite answers it for a wrong key or SAS signature; Azure for a key or SAS it will not
  // accept here (shared-key access disabled, firewall): the credential does not work either way.
  AuthorizationFailure: "auth_failed",
  AuthorizationPermissionMismatch: "forbidden", // a SAS without list permission
  AuthorizationResourceTypeMismatch: "forbidden",
  AuthorizationServiceMismatch: "forbidden",
  AuthorizationSourceIPMismatch: "forbidden",
  AuthorizationProtocolMismatch: "forbidden",
  AccountIsDisabled: "forbidden",
  ContainerNotFound: "not_found",
  ResourceNotFound: "not_found",
  ContainerBeingDeleted: "not_found",
  ServerBusy: "rate_limited",
};

/** A tiny HttpHeadersLike (what the SDK's compat layer reads back). */
function headersLike(record) {
  const map = new Map(Object.entries(record).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(", ") : v]));
  return {
    get: (name) => map.get(name.toLowerCase()),
    set: (name, value) => void map.set(name.toLowerCase(), String(value)),
    contains: (name) => map.has(name.toLowerCase()),
    remove: (name) => map.delete(name.toLowerCase()),
    rawHeaders: () => Object.fromEntries(map),
    headersArray: () => [...map].map(([name, value]) => ({ name, value })),
    headerNames: () => [...map.keys()],
    headerValues: () => [...map.values()],
    toJson: () => Object.fromEntries(map),
    clone: () => headersLike(Object.fromEntries(map)),
  };
}

/** The SDK's HTTP client (IHttpClient): every request to a pinned host only, bounded. */
function pinnedClient(pins, end) {
  return {
    async sendRequest(request) {
      const pin = pinFor(pins, request.url);
      const headers = request.headers.rawHeaders();
      const res = await pinnedRequest(pin, {
        method: request.method,
        url: request.url,
        headers,
        body: typeof request.body === "string" ? request.body : undefined,
        timeoutMs: Math.max(1, end - Date.now()),
        signal: request.abortSignal,
      });
      return { request, status: res.status, headers: headersLike(res.headers), bodyAsText: res.body };
    },
  };
}

export async function check({ pins, params, timeoutMs }) {
  const { AnonymousCredential, ContainerClient, StorageSharedKeyCredential, newPipeline } =
    await import("@azure/storage-blob");
  const end = Date.now() + timeoutMs;
  const credential = params.accountKey
    ? new StorageSharedKeyCredential(params.accountName, params.accountKey)
    : new AnonymousCredential();
  const pipeline = newPipeline(credential, {
    httpClient: pinnedClient(pins, end),
    retryOptions: { maxTries: 1 },
    keepAliveOptions: { enable: false },
  });
  const url = params.accountKey ? params.url : `${params.url}?${params.sasToken}`;
  const client = new ContainerClient(url, pipeline);
  try {
    await client.listBlobsFlat().byPage({ maxPageSize: 1 }).next();
  } catch (err) {
    // The service's error code comes from a header it chooses: only a plain name crosses back.
    if (typeof err?.statusCode !== "number" || err.statusCode <= 0) throw err;
    const named = typeof err.code === "string" && /^[A-Za-z0-9]{1,64}$/.test(err.code);
    throw Object.assign(new Error("Azure refused the request"), {
      code: named ? err.code : `HTTP_${err.statusCode}`,
      statusCode: err.statusCode,
    });
  }
}

export function classify(err) {
  // RestError: statusCode and the service's error code (from x-ms-error-code).
  if (typeof err?.statusCode === "number" && err.statusCode > 0) {
    return CODES[err.code] ?? statusClass(err.statusCode);
  }
  return failureClass(err) ?? failureClass(err?.cause);
}
