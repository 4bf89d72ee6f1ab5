// GET /api/v1/audit-events – the tenant's audit log, newest first (filters: action, targetId)
import { parseQuery } from "@/lib/api/body";
import { pageMeta, parsePage } from "@/lib/api/paging";
import { route } from "@/lib/api/routes";
import { ok, withApi } from "@/lib/api/with-api";
import { listAuditEvents } from "@/lib/audit";
import { publicAuditEvent } from "@/lib/audit/public";
import { auditEventsQuery } from "@/lib/audit/schemas";

export const GET = withApi(async ({ req, db, caller }) => {
  const filters = parseQuery(req, auditEventsQuery);
  const page = parsePage(req);
  const { rows, total } = await listAuditEvents(db, { tenantId: caller.tenantId, page, ...filters });
  return ok(rows.map(publicAuditEvent), pageMeta(page, total));
}, route("GET /api/v1/audit-events"));
