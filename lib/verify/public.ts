import { z } from "zod";
import { present } from "@/lib/api/public";
import type { VerifyClass, VerifyResult } from "./classify";

/**
 * The classes a failed check can end in (every `VerifyClass` but ok). The one list: the native
 * check's answer schema (native/run.ts) reads it, and native/classes.test.ts holds child.mjs's
 * copy (plain JS, it cannot import this) to it.
 */
export const failClasses = [
  "auth_failed",
  "forbidden",
  "not_found",
  "rate_limited",
  "server_error",
  "timeout",
  "network",
  "blocked",
] as const satisfies readonly VerifyClass[];

/** The coarse outcomes of a dry run; `satisfies` keeps the list and `VerifyClass` in step one way, the builder the other. */
const verifyClasses = ["ok", ...failClasses] as const satisfies readonly VerifyClass[];

/** `POST /secrets/{id}/verify`: the outcome of the dry run. Never a response body or a driver message. */
export const verifyResultSchema = z
  .strictObject({
    ok: z.boolean(),
    class: z.enum(verifyClasses),
    status: z.int().optional().describe("The HTTP status the provider answered"),
    code: z.string().optional().describe("A machine code such as ECONNREFUSED or 28P01"),
    durationMs: z.number().min(0),
  })
  .meta({ id: "VerifyResult" });
export type VerifyResultView = z.output<typeof verifyResultSchema>;

/** Names the public fields of a result, so nothing added to `VerifyResult` later leaves by accident. */
export function publicVerifyResult(r: VerifyResult): VerifyResultView {
  return present(verifyResultSchema, {
    ok: r.ok,
    class: r.class,
    ...(r.status !== undefined && { status: r.status }),
    ...(r.code !== undefined && { code: r.code }),
    durationMs: r.durationMs,
  });
}
