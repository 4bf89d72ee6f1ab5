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

const NUL = "\u0000";
const NUL_MESSAGE = "Must not contain a NUL character (U+0000)";
/** Paths reported for one request: enough to find the fields, not a list as long as the body. */
const MAX_NUL_ISSUES = 10;

function nulError(paths: string[]): ApiError {
  return new ApiError("validation_failed", "The request is not valid", {
    // A path through deep nesting can run to kilobytes; its start is enough to find it.
    issues: paths.map((path) => ({ path: path.length > 200 ? `${path.slice(0, 200)}…` : path, message: NUL_MESSAGE })),
  });
}

// A NUL inside a key is shown as U+FFFD, so the path names the field without echoing the byte.
const segment = (key: string) => key.replaceAll(NUL, "\uFFFD");

/**
 * The dotted paths (`value.username`, `embedOrigins.1`) of the strings and object keys in
 * `input` that hold U+0000, at most ten. For callers that report errors their own way, such
 * as server actions; API handlers get `refuseNul` through `parseBody` and the wrapper.
 * The walk is iterative: a 64 KiB body can nest far deeper than the call stack.
 */
export function nulPaths(input: unknown): string[] {
  const found: string[] = [];
  const stack: [unknown, string][] = [[input, ""]];
  while (stack.length > 0 && found.length < MAX_NUL_ISSUES) {
    const [node, path] = stack.pop()!;
    if (typeof node === "string") {
      if (node.includes(NUL)) found.push(path);
    } else if (node && typeof node === "object") {
      const entries = Array.isArray(node) ? node.map((v, i) => [String(i), v] as const) : Object.entries(node);
      // Pushed in reverse so the walk, and so the issue order, follows the document.
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, value] = entries[i];
        const child = path ? `${path}.${segment(key)}` : segment(key);
        if (key.includes(NUL)) found.push(child);
        else stack.push([value, child]);
      }
    }
  }
  return found;
}

/**
 * Refuses any string or object key holding U+0000 anywhere in `input` (a parsed JSON body,
 * route params) with `validation_failed` and an issue per path. Postgres text and jsonb
 * cannot store NUL, so without this rule it would surface as a 500 from the database;
 * header values refuse it too, so nothing is lost.
 */
export function refuseNul(input: unknown): void {
  const found = nulPaths(input);
  if (found.length > 0) throw nulError(found);
}

/**
 * Like `refuseNul` for name/value pairs such as `URLSearchParams`, where a name may repeat
 * and every occurrence counts (`get()` answers the first, `Object.fromEntries` keeps the last).
 */
export function refuseNulPairs(pairs: Iterable<[string, string]>): void {
  const found = new Set<string>();
  for (const [key, value] of pairs) {
    if (key.includes(NUL) || value.includes(NUL)) found.add(segment(key));
    if (found.size >= MAX_NUL_ISSUES) break;
  }
  if (found.size > 0) throw nulError([...found]);
}

/** Reads the body as text, refusing anything over 64 KiB without buffering it all. */
export async function readLimited(req: Request): Promise<string> {
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
  // JSON can only carry a NUL as the escape \u0000, so a body without one needs no walk.
  if (text.includes("\\u0000")) refuseNul(unwrapped);
  return validate(schema, unwrapped);
}

/** Validates the query string against `schema` (values are strings). */
export function parseQuery<S extends z.ZodType>(req: Request, schema: S): z.output<S> {
  const search = new URL(req.url).searchParams;
  refuseNulPairs(search);
  return validate(schema, Object.fromEntries(search));
}
