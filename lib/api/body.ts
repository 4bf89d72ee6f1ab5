import { z } from "zod";
import { ApiError, type Issue } from "./errors";

export const MAX_BODY_BYTES = 64 * 1024;

/** Turns zod issues into the API's `issues` list (`path` dotted, e.g. `value.key`). */
export function toIssues(error: z.ZodError): Issue[] {
  return error.issues.map((i) => ({
    path: i.path.map(String).join("."),
    message: i.message,
  }));
}

/** Parses `input` with `schema`, throwing `validation_failed` with issues. */
export function validate<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new ApiError("validation_failed", "The request is not valid", { issues: toIssues(result.error) });
  }
  return result.data;
}

/** Reads the body as text, refusing anything over 64 KiB without buffering it all. */
async function readLimited(req: Request): Promise<string> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw new ApiError("payload_too_large", "The body is larger than 64 KiB");
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw new ApiError("payload_too_large", "The body is larger than 64 KiB");
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * Reads a JSON body (bare, or wrapped as `{"data": {...}}`) and validates it.
 * Bad JSON is `invalid_json`; a non-JSON content type is `bad_request`.
 */
export async function parseBody<S extends z.ZodType>(req: Request, schema: S): Promise<z.output<S>> {
  const type = req.headers.get("content-type") ?? "";
  const text = await readLimited(req);
  if (text.trim() && !/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw new ApiError("bad_request", "Send the body as application/json");
  }
  let json: unknown = {};
  if (text.trim()) {
    try {
      json = JSON.parse(text);
    } catch {
      throw new ApiError("invalid_json", "The body is not valid JSON");
    }
  }
  const unwrapped =
    json && typeof json === "object" && !Array.isArray(json) && Object.keys(json).length === 1 && "data" in json
      ? (json as { data: unknown }).data
      : json;
  return validate(schema, unwrapped);
}

/** Validates the query string against `schema` (values are strings). */
export function parseQuery<S extends z.ZodType>(req: Request, schema: S): z.output<S> {
  const params = Object.fromEntries(new URL(req.url).searchParams);
  return validate(schema, params);
}
