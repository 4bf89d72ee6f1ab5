import { z } from "zod";
import { ApiError } from "./errors";

/*
 * Keyset paging for lists that are walked from start to end
 * (docs/architecture.md › Lists at scale). `page[after]` is opaque to callers: base64url of the last row's sort key,
 * `{"t": created_at with microseconds, "i": id}`. The database keeps microseconds while a JS
 * Date keeps milliseconds, so the key is read as text in the list query itself: a rounded
 * time would skip the rows created in the same millisecond.
 */

/** A list position: strictly after (older than) the row with this `created_at` and `id`. */
export type Cursor = { createdAt: string; id: string };

const cursorSchema = z.strictObject({
  t: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/),
  // Any 8-4-4-4-12 hex id: the cursor only compares it, whatever wrote the row.
  i: z.guid(),
});

/** The query parameter as the registry and the OpenAPI document describe it. */
export const pageAfterParam = z
  .string()
  .max(200)
  .optional()
  .describe("Opaque cursor from meta.nextCursor: the next page after it (keyset paging; page[number] is ignored)");

/** `page[after]` from the request, or undefined; a malformed or tampered cursor is 400 bad_request. */
export function parseCursor(req: Request): Cursor | undefined {
  const raw = new URL(req.url).searchParams.get("page[after]");
  if (raw === null) return undefined;
  if (raw.length > 200 || !/^[A-Za-z0-9_-]+$/.test(raw)) throw badCursor();
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
  } catch {
    throw badCursor();
  }
  const r = cursorSchema.safeParse(decoded);
  if (!r.success) throw badCursor();
  return { createdAt: r.data.t, id: r.data.i };
}

/** The opaque `page[after]` value for a row's sort key. */
export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify({ t: c.createdAt, i: c.id }), "utf8").toString("base64url");
}

const badCursor = () =>
  new ApiError("bad_request", "page[after] is not a cursor this API gave out; start again without it");

/**
 * The `meta` block of a list that may be paged by cursor: as `pageMeta` (lib/api/paging.ts),
 * without `page` when the request paged by `page[after]`, with `totalIsAtLeast` when the
 * total was capped, and `nextCursor` when another page follows.
 */
export function listMeta(
  p: { page: number; perPage: number },
  list: { total: number; totalIsAtLeast: boolean; nextCursor?: Cursor },
  byCursor: boolean,
) {
  return {
    ...(!byCursor && { page: p.page }),
    perPage: p.perPage,
    total: list.total,
    totalPages: Math.ceil(list.total / p.perPage),
    ...(list.totalIsAtLeast && { totalIsAtLeast: true as const }),
    ...(list.nextCursor && { nextCursor: encodeCursor(list.nextCursor) }),
  };
}
