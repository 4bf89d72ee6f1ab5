import { z } from "zod";
import { validate } from "./body";

const pageSchema = z.object({
  number: z.coerce.number().int().min(0).default(1),
  size: z.coerce.number().int().min(1).default(30),
});

export type Page = { page: number; perPage: number; offset: number };

/** Reads `page[number]` (0 counts as 1) and `page[size]` (default 30, at most 100). */
export function parsePage(req: Request): Page {
  const q = new URL(req.url).searchParams;
  const raw = {
    number: q.get("page[number]") ?? undefined,
    size: q.get("page[size]") ?? undefined,
  };
  const { number, size } = validate(z.object({ page: pageSchema }), { page: raw }).page;
  const page = Math.max(1, number);
  const perPage = Math.min(100, size);
  return { page, perPage, offset: (page - 1) * perPage };
}

/** The `meta` block of a list response. */
export function pageMeta(p: Page, total: number) {
  return { page: p.page, perPage: p.perPage, total, totalPages: Math.ceil(total / p.perPage) };
}
