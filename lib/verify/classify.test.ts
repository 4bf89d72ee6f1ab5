import { describe, expect, it } from "vitest";
import { classifyError, classifyStatus, resultFromError, resultFromStatus } from "./classify";
import { BlockedError, ResponseTooLargeError, TimeoutError } from "./errors";

describe("classifyStatus", () => {
  it.each([
    [200, "ok"],
    [204, "ok"],
    [401, "auth_failed"],
    [403, "forbidden"],
    [404, "not_found"],
    [410, "not_found"],
    [429, "rate_limited"],
    [408, "timeout"],
    [500, "server_error"],
    [503, "server_error"],
    [400, "auth_failed"],
    [422, "auth_failed"],
    [302, "server_error"],
    [101, "server_error"],
  ] as const)("maps %i to %s", (status, cls) => expect(classifyStatus(status)).toBe(cls));

  it("uses a custom success set instead of 2xx when one is given", () => {
    expect(classifyStatus(204, [200])).toBe("server_error");
    expect(classifyStatus(404, [200, 404])).toBe("ok");
    expect(classifyStatus(401, [200])).toBe("auth_failed");
  });
});

describe("classifyError", () => {
  const coded = (code: string, cause?: unknown) => Object.assign(new Error("x"), { code, cause });
  it.each([
    [new BlockedError("loopback"), "blocked"],
    [new TimeoutError(10), "timeout"],
    [new ResponseTooLargeError(10), "server_error"],
    [coded("UND_ERR_CONNECT_TIMEOUT"), "timeout"],
    [coded("ECONNREFUSED"), "network"],
    [coded("ENOTFOUND"), "network"],
    [new TypeError("fetch failed", { cause: coded("ETIMEDOUT") }), "timeout"],
    [new Error("anything else"), "network"],
  ] as const)("maps %s to %s", (err, cls) => expect(classifyError(err)).toBe(cls));
});

describe("results", () => {
  it("never carries a message or body, only class, status and code", () => {
    const err = Object.assign(new Error("password=hunter2 rejected"), { code: "28P01" });
    const r = resultFromError(err, 12, "auth_failed");
    expect(r).toEqual({ ok: false, class: "auth_failed", code: "28P01", durationMs: 12 });
    expect(JSON.stringify(r)).not.toContain("hunter2");
    expect(resultFromStatus(200, 5)).toEqual({ ok: true, class: "ok", status: 200, durationMs: 5 });
    expect(resultFromStatus(401, 5)).toMatchObject({ ok: false, class: "auth_failed" });
  });
});
