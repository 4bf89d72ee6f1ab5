/** Every error code the API answers, with its one HTTP status. */
export const errorStatus = {
  bad_request: 400,
  invalid_json: 400,
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  in_use: 409,
  needs_reauth: 409,
  payload_too_large: 413,
  verification_failed: 422,
  rate_limited: 429,
  upstream_unavailable: 503,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof errorStatus;
export type Issue = { path: string; message: string };

/** The one error type handlers and lib code throw; the wrapper turns it into a response. */
export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: { issues?: Issue[]; headers?: Record<string, string>; [key: string]: unknown } = {},
  ) {
    super(message);
    this.name = "ApiError";
    this.status = errorStatus[code];
  }

  toBody() {
    const { headers: _headers, ...rest } = this.extra;
    return { error: { code: this.code, message: this.message, ...rest } };
  }
}

export const notFound = (what = "Resource") => new ApiError("not_found", `${what} not found`);
