import type { FieldValues, Path, UseFormSetError } from "react-hook-form";

export type ApiIssue = { path: string; message: string };

/** An error answer from `/api/v1`, or a network failure (`status` 0). */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: ApiIssue[] = [],
    /** The error's other fields, e.g. `verification` ({class, status}) of a failed dry run. */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "ApiRequestError";
  }
}

type Method = "GET" | "POST" | "PATCH" | "DELETE";

/**
 * How a form reaches the API: `apiRequest` (the dashboard's session cookie), or
 * `bearerRequester(token)` (the embed's connect session), so one form serves both.
 */
export type ApiRequester = <T = unknown>(
  path: string,
  method: Method,
  body?: unknown,
  opts?: { signal?: AbortSignal },
) => Promise<T | null>;

/**
 * Calls the REST API from the dashboard with the session cookie. `X-Requested-With`
 * is what the API demands of cookie-authenticated writes. Resolves to `data`, or null
 * for 204; rejects with ApiRequestError. With `bearer`, the token is sent instead and no
 * cookie at all (the embed lives in a third-party iframe and must not depend on cookies).
 */
export async function apiRequest<T = unknown>(
  path: string,
  method: Method,
  body?: unknown,
  opts: { bearer?: string; signal?: AbortSignal } = {},
): Promise<T | null> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: opts.bearer ? "omit" : "same-origin",
      headers: {
        "X-Requested-With": "fetch",
        ...(opts.bearer ? { Authorization: `Bearer ${opts.bearer}` } : {}),
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: opts.signal,
    });
  } catch {
    if (opts.signal?.aborted) throw new ApiRequestError(0, "aborted", "The request was cancelled.");
    throw new ApiRequestError(0, "network", "Could not reach the server. Check your connection and try again.");
  }
  if (res.status === 204) return null;
  const json: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const error = (
      json as { error?: { code?: string; message?: string; issues?: unknown; [key: string]: unknown } } | null
    )?.error;
    const issues = Array.isArray(error?.issues) ? (error.issues as ApiIssue[]) : [];
    const message =
      res.status === 401
        ? "Your session has ended. Sign in again."
        : (error?.message ?? `The request failed (${res.status}).`);
    const { code: _code, message: _message, issues: _issues, ...extra } = error ?? {};
    throw new ApiRequestError(res.status, error?.code ?? "internal", message, issues, extra);
  }
  return (json as { data: T }).data;
}

/** An `ApiRequester` that authenticates with a bearer token (a connect session's `ics_…`). */
export const bearerRequester =
  (token: string): ApiRequester =>
  (path, method, body, opts) =>
    apiRequest(path, method, body, { ...opts, bearer: token });

/**
 * Puts an API error on the form: each issue whose path names one of `fields` goes under
 * that input, and a `conflict` can be pinned to `conflictField`. Returns the message
 * still to show (as a toast), or null when everything landed on a field.
 */
export function applyApiError<T extends FieldValues>(
  err: unknown,
  setError: UseFormSetError<T>,
  opts: { fields: readonly Path<T>[]; conflictField?: Path<T> },
): string | null {
  if (!(err instanceof ApiRequestError)) return "Something went wrong. Try again.";
  if (err.code === "conflict" && opts.conflictField) {
    setError(opts.conflictField, { type: "server", message: err.message }, { shouldFocus: true });
    return null;
  }
  let leftover = err.issues.length === 0;
  for (const issue of err.issues) {
    const field = opts.fields.find((f) => f === issue.path);
    if (field) setError(field, { type: "server", message: issue.message }, { shouldFocus: true });
    else leftover = true;
  }
  return leftover ? err.message : null;
}
