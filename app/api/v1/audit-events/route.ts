// GET /api/v1/audit-events – the tenant's audit log, newest first (filters: action, targetId)
import { z } from "zod";
import { parseQuery } from "@/lib/api/body";
import { pageMeta, parsePage } from "@/lib/api/paging";
import { ok, withApi } from "@/lib/api/with-api";
import { listAuditEvents, publicAuditEvent } from "@/lib/audit";

const query = z.object({ action: z.string().max(100).optional(), targetId: z.string().max(100).optional() });

export const GET = withApi(
  async ({ req, db, caller }) => {
    const filters = parseQuery(req, query);
    const page = parsePage(req);
    const { rows, total } = await listAuditEvents(db, { tenantId: caller.tenantId, page, ...filters });
    return ok(rows.map(publicAuditEvent), pageMeta(page, total));
  },
  { allow: ["api_key", "admin"] },
);
