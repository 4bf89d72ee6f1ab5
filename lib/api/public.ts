import { z } from "zod";

/*
 * Building blocks of the public response schemas: every answer goes out through a public
 * shape (docs/architecture.md › Request path, step 5). Each resource's schema sits next to
 * its domain in lib/<domain>/public.ts, has no database or server-only imports, and is
 * strict, so a test that parses a real response fails on any field the schema does not
 * name (a hash, a ciphertext, an internal column).
 *
 * How a response is built through its schema:
 * - Cold routes (members, API keys, workspaces, settings, audit events, components, usages,
 *   verification results, impersonation) run `present(schema, view)`: a drift fails closed,
 *   as a logged 500 instead of a leaked field.
 * - The secret routes build their views by typed construction only (lib/secrets/present.ts),
 *   because GET /secrets/{id} is benchmarked and a list carries up to 100 secrets. A strict
 *   parse costs about 5–10 µs per secret here, so about 1 ms a page: as much as Next.js
 *   itself spends on a request (about 830 req/s on these machines). tests/responses.test.ts
 *   parses their real responses against the same schemas instead.
 */

/** ISO-8601 UTC exactly as `Date#toISOString` writes it; years past 9999 (FlowMate's "never expires") take the ±YYYYYY form. */
export const timestampSchema = z
  .string()
  .regex(/^(?:\d{4}|[+-]\d{6})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)
  .meta({ format: "date-time", description: "ISO-8601 UTC" });

/** `Date` → the wire form of `timestampSchema`. Rows read through raw SQL may carry strings. */
export function iso(d: Date | string): string;
export function iso(d: Date | string | null | undefined): string | null;
export function iso(d: Date | string | null | undefined): string | null {
  return d ? new Date(d).toISOString() : null;
}

/** `id` and `_id`: the same string on every object; `_id` is there for FlowMate compatibility. */
export const idFields = {
  id: z.uuid(),
  _id: z.uuid().describe("The same as id (FlowMate compatibility)"),
};

/** `{id, _id}` for a view under construction. */
export const ids = (id: string) => ({ id, _id: id });

export const pageMetaSchema = z
  .strictObject({
    page: z.int().min(1).optional().describe("The page number; absent when paging by page[after]"),
    perPage: z.int().min(1).max(100),
    total: z.int().min(0),
    totalPages: z.int().min(0),
    totalIsAtLeast: z
      .literal(true)
      .optional()
      .describe("Present when total was capped: at least this many match (a name search past 10,000)"),
    nextCursor: z
      .string()
      .optional()
      .describe("Present when another page follows: pass it as page[after] for the next page (GET /secrets)"),
  })
  .meta({ id: "PageMeta" });

/** The success envelope `{"data": …}`. */
export const dataOf = <S extends z.ZodType>(schema: S) => z.strictObject({ data: schema });

/** A paged list: `{"data": [...], "meta": {page, perPage, total, totalPages, totalIsAtLeast?, nextCursor?}}`. */
export const listOf = <S extends z.ZodType>(schema: S) =>
  z.strictObject({ data: z.array(schema), meta: pageMetaSchema });

/**
 * Builds a response part through its public schema. A mismatch is our bug, not the
 * caller's: it becomes a plain Error (a logged, generic 500) rather than the ZodError that
 * withApi would answer as 400, and its message names paths and issue codes only, never a value.
 */
export function present<S extends z.ZodType>(schema: S, data: z.input<S>): z.output<S> {
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  const where = r.error.issues
    .map(
      (i) =>
        `${i.path.join(".") || "(root)"}: ${i.code === "unrecognized_keys" ? `unexpected ${i.keys.join(", ")}` : i.code}`,
    )
    .join("; ");
  throw new Error(`Response does not match its public schema (${where})`);
}
