import { z } from "zod";

/** GET /audit-events filters. Kept apart from the audit store so the route registry can import it without the database. */
export const auditEventsQuery = z.object({
  action: z.string().max(100).optional(),
  targetId: z.string().max(100).optional(),
});
