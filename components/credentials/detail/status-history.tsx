import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { Time } from "@/components/ui/time";
import { describeVerification } from "@/lib/verify/describe";

export type HistoryEvent = {
  id: string;
  action: string;
  actorLabel: string | null;
  metadata: Record<string, unknown> | null;
  createdAt: Date;
};

const fieldWords: Record<string, string> = {
  name: "renamed",
  value: "credential replaced",
  config: "settings changed",
};

/** A failure reason from the metadata as words; reasons are machine codes (`server_error`). */
const reasonText = (reason: unknown) => (typeof reason === "string" ? reason.replace(/_/g, " ") : "unknown reason");

function describe(e: HistoryEvent): { title: string; detail?: string; tone?: "success" | "danger" } {
  const meta = e.metadata ?? {};
  if (e.action === "secret.verified") {
    const cls = typeof meta.class === "string" ? meta.class : "unknown";
    const status = typeof meta.status === "number" ? meta.status : undefined;
    const ok = cls === "ok";
    // The background re-check says so; a check from the API or this page does not.
    const what = meta.scheduled === true ? "Scheduled check" : "Test";
    return {
      title: `${what} ${ok ? "passed" : "failed"}`,
      detail: describeVerification({ class: cls, status }),
      tone: ok ? "success" : "danger",
    };
  }
  if (e.action === "secret.refreshed") {
    return {
      title: "Token refreshed",
      detail: meta.rotated === true ? "new refresh token" : undefined,
      tone: "success",
    };
  }
  if (e.action === "secret.refresh_failed") {
    const status = typeof meta.status === "number" ? ` (${meta.status})` : "";
    return { title: "Refresh failed", detail: `${reasonText(meta.reason)}${status}`, tone: "danger" };
  }
  if (e.action === "secret.expired") {
    const detail =
      meta.reason === "expires_passed" ? "its expiry passed" : `the provider refused it (${reasonText(meta.reason)})`;
    return { title: "Expired", detail, tone: "danger" };
  }
  if (e.action === "secret.expiring") return { title: "Expires soon", detail: "within seven days" };
  if (e.action === "secret.updated") {
    const fields = Array.isArray(meta.fields) ? (meta.fields as string[]).map((f) => fieldWords[f] ?? f) : [];
    return { title: "Updated", detail: fields.length > 0 ? fields.join(", ") : undefined };
  }
  if (e.action === "secret.created") return { title: "Created" };
  return { title: e.action };
}

/** Creation, changes, connection tests and token refreshes, newest first (from the audit log). */
export function StatusHistory({ events }: { events: HistoryEvent[] }) {
  return (
    <Card aria-labelledby="history-title">
      <CardHeader
        titleId="history-title"
        title="Status history"
        description="Creation, changes, connection tests (yours and the scheduled ones) and token refreshes, newest first."
      />
      {events.length === 0 ? (
        <p className="px-5 py-4 text-sm text-slate-600">No history yet.</p>
      ) : (
        <ol aria-labelledby="history-title" className="divide-y divide-slate-100">
          {events.map((e) => {
            const d = describe(e);
            return (
              <li key={e.id} className="flex flex-wrap items-start justify-between gap-2 px-5 py-3 text-sm">
                <div>
                  <p className="font-medium text-slate-900">
                    {d.tone ? <Badge tone={d.tone}>{d.title}</Badge> : d.title}
                    {d.detail ? <span className="ml-2 font-normal text-slate-700">{d.detail}</span> : null}
                  </p>
                  {e.actorLabel ? <p className="text-xs text-slate-500">by {e.actorLabel}</p> : null}
                </div>
                <span className="text-xs text-slate-600">
                  <Time value={e.createdAt} />
                </span>
              </li>
            );
          })}
        </ol>
      )}
    </Card>
  );
}
