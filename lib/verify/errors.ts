import "server-only";

/**
 * Typed failures of the outbound client and database checks. Their messages are built
 * here from fixed text plus host names or addresses only: never a URL's query string,
 * a header, a body or a password, so they are safe to log and to show in the dashboard.
 */
export type VerifyErrorCode = "blocked" | "timeout" | "too_large";

/** Base class so callers can tell our own, already-sanitised errors from driver errors. */
export class VerifyError extends Error {
  constructor(
    readonly code: VerifyErrorCode,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * The request was refused by policy before any socket was opened: a scheme other than
 * http(s), a malformed host, or a resolved address in a blocked range.
 */
export class BlockedError extends VerifyError {
  constructor(readonly reason: string) {
    super("blocked", `Outbound request blocked: ${reason}`);
  }
}

/** DNS, connect, headers or body did not finish within the deadline. */
export class TimeoutError extends VerifyError {
  constructor(readonly timeoutMs: number) {
    super("timeout", `Outbound request timed out after ${timeoutMs} ms`);
  }
}

/** The response body passed the size cap; the connection was torn down mid-stream. */
export class ResponseTooLargeError extends VerifyError {
  constructor(readonly maxBytes: number) {
    super("too_large", `Response larger than ${maxBytes} bytes`);
  }
}
