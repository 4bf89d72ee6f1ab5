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

function describe(e: HistoryEvent): { title: string; detail?: string; tone?: "success" | "danger" } {
  const meta = e.metadata ?? {};
  if (e.action === "secret.verified") {
    const cls = typeof meta.class === "string" ? meta.class : "unknown";
    const status = typeof meta.status === "number" ? meta.status : undefined;
    const ok = cls === "ok";
    return {
      title: ok ? "Test passed" : "Test failed",
      detail: describeVerification({ class: cls, status }),
      tone: ok ? "success" : "danger",
    };
  }
  if (e.action === "secret.updated") {
    const fields = Array.isArray(meta.fields) ? (meta.fields as string[]).map((f) => fieldWords[f] ?? f) : [];
    return { title: "Updated", detail: fields.length > 0 ? fields.join(", ") : undefined };
  }
  if (e.action === "secret.created") return { title: "Created" };
  return { title: e.action };
}

/** Creation, changes and connection tests, newest first (from the audit log). */
export function StatusHistory({ events }: { events: HistoryEvent[] }) {
  return (
    <Card aria-labelledby="history-title">
      <CardHeader
        titleId="history-title"
        title="Status history"
        description="Creation, changes and connection tests, newest first."
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
