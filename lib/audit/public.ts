import { z } from "zod";
import type { AuditEvent } from "@/db/schema";
import { idFields, iso, present, timestampSchema } from "@/lib/api/public";

/** Who acted. `satisfies` keeps the list within the column's enum; the builder's assignment keeps the column within the list. */
const actorTypes = ["member", "api_key", "end_user", "system"] as const satisfies readonly AuditEvent["actorType"][];

/** One audit event: who did what to which object, and when. Its metadata never holds a value. */
export const auditEventSchema = z
  .strictObject({
    ...idFields,
    action: z.string(),
    actor: z.strictObject({ type: z.enum(actorTypes), id: z.string().nullable(), label: z.string().nullable() }),
    targetType: z.string().nullable(),
    targetId: z.string().nullable(),
    metadata: z.record(z.string(), z.unknown()),
    requestId: z.string().nullable(),
    createdAt: timestampSchema,
  })
  .meta({ id: "AuditEvent" });
export type AuditEventView = z.output<typeof auditEventSchema>;

/** The public view of an audit row, for the API and the dashboard's audit page alike. */
export function publicAuditEvent(e: AuditEvent): AuditEventView {
  return present(auditEventSchema, {
    id: e.id,
    _id: e.id,
    action: e.action,
    actor: { type: e.actorType, id: e.actorId, label: e.actorLabel },
    targetType: e.targetType,
    targetId: e.targetId,
    metadata: e.metadata ?? {},
    requestId: e.requestId,
    createdAt: iso(e.createdAt),
  });
}
