import { z } from "zod";
import type { Page } from "@/lib/api/paging";

export const AUDIT_PAGE_SIZE = 50;

// Each field falls back on its own, so one bad value (a typo in `page`, a repeated
// `action`) never throws away the rest of the query. U+0000 is such a value: Postgres
// text cannot hold it, so `?action=%00` reaching the query would be a 500 page.
const filter = z
  .string()
  .trim()
  .max(100)
  .refine((v) => !v.includes("\u0000"))
  .transform((v) => v || undefined)
  .optional()
  .catch(undefined);

/** The `/audit` query string: `?action=&targetId=&page=`. Bad values become the defaults. */
export const auditQuerySchema = z.object({
  action: filter,
  targetId: filter,
  // An upper bound keeps the offset a sane integer however the URL is edited.
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

export type AuditQuery = z.output<typeof auditQuerySchema>;

export function parseAuditQuery(searchParams: Record<string, string | string[] | undefined>): AuditQuery {
  return auditQuerySchema.parse(searchParams);
}

export function auditPage(query: AuditQuery): Page {
  return { page: query.page, perPage: AUDIT_PAGE_SIZE, offset: (query.page - 1) * AUDIT_PAGE_SIZE };
}

/** A link to the audit log with `query`; defaults are left out so URLs stay short. */
export function auditHref(query: Partial<AuditQuery>): string {
  const q = new URLSearchParams();
  if (query.action) q.set("action", query.action);
  if (query.targetId) q.set("targetId", query.targetId);
  if (query.page && query.page > 1) q.set("page", String(query.page));
  const s = q.toString();
  return s ? `/audit?${s}` : "/audit";
}
