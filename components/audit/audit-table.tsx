import { Badge } from "@/components/ui/badge";
import { Table, TBody, Td, Th, THead } from "@/components/ui/table";
import type { publicAuditEvent } from "@/lib/audit";
import { AuditDetails } from "./audit-details";
import { auditHref } from "./audit-query";
import { ShortId } from "./short-id";

export type AuditEventView = ReturnType<typeof publicAuditEvent>;

const actorLabels: Record<AuditEventView["actor"]["type"], string> = {
  member: "Member",
  api_key: "API key",
  end_user: "End user",
  system: "System",
};

// Seconds matter in an audit log; UTC on the server so the text never depends on the viewer.
const dateFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });
const timeFormat = new Intl.DateTimeFormat("en-GB", { timeStyle: "medium", timeZone: "UTC" });

/** `value` is the view's ISO-8601 string: the date, and under it the time, so the column stays narrow. */
function EventTime({ value }: { value: string }) {
  const at = new Date(value);
  return (
    <time dateTime={value} title={value} className="whitespace-nowrap">
      <span className="block">{dateFormat.format(at)}</span>
      <span className="block text-xs text-slate-600">{timeFormat.format(at)} UTC</span>
    </time>
  );
}

/** The audit events of one page, newest first as the caller ordered them. */
export function AuditTable({ events }: { events: AuditEventView[] }) {
  return (
    <Table caption="Audit events">
      <THead>
        <tr>
          <Th>Time</Th>
          <Th>Actor</Th>
          <Th>Action</Th>
          <Th>Target</Th>
          <Th>Request ID</Th>
          <Th>Details</Th>
        </tr>
      </THead>
      <TBody>
        {events.map((e) => (
          <tr key={e.id} className="align-top">
            <Td>
              <EventTime value={e.createdAt} />
            </Td>
            <Td>
              <Badge>{actorLabels[e.actor.type]}</Badge>
              <div className="mt-1 max-w-48 truncate text-xs text-slate-700">{e.actor.label ?? "—"}</div>
              {e.actor.id ? (
                <div className="mt-0.5">
                  <ShortId id={e.actor.id} what="actor id" />
                </div>
              ) : null}
            </Td>
            <Td>
              <code className="font-mono text-xs whitespace-nowrap text-slate-900">{e.action}</code>
            </Td>
            <Td>
              {e.targetType || e.targetId ? (
                <>
                  <div className="text-xs text-slate-600">{e.targetType ?? "—"}</div>
                  {e.targetId ? (
                    <ShortId
                      id={e.targetId}
                      what="target id"
                      href={auditHref({ targetId: e.targetId })}
                      linkTitle="Show every event for this target"
                    />
                  ) : null}
                </>
              ) : (
                <span className="text-slate-500">—</span>
              )}
            </Td>
            <Td>
              {e.requestId ? <ShortId id={e.requestId} what="request id" /> : <span className="text-slate-500">—</span>}
            </Td>
            <Td className="min-w-60">
              <AuditDetails value={e.metadata} />
            </Td>
          </tr>
        ))}
      </TBody>
    </Table>
  );
}
