import { describe, expect, it } from "vitest";
import { describeVerification } from "./describe";

describe("describeVerification", () => {
  it("words a class, with the HTTP status when there is one", () => {
    expect(describeVerification({ class: "auth_failed", status: 401 })).toBe(
      "The API rejected these credentials (401)",
    );
    expect(describeVerification({ class: "network", code: "ECONNREFUSED" })).toBe(
      "Could not connect to the API or database",
    );
  });

  it("says what a native check's own codes mean instead of the bare class", () => {
    expect(describeVerification({ class: "server_error", code: "HOST_KEY_MISMATCH" })).toMatch(
      /host key does not match/,
    );
    expect(describeVerification({ class: "blocked", code: "HOST_NOT_PINNED" })).toMatch(/was not checked/);
    expect(describeVerification({ class: "server_error", code: "FTP_TLS_REFUSED" })).toMatch(/does not offer TLS/);
    // An inherited name is not a code.
    expect(describeVerification({ class: "timeout", code: "toString" })).toBe("The API did not answer in time");
  });
});
