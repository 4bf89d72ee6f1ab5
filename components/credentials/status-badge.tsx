import { Badge } from "@/components/ui/badge";
import { displayStatuses, type DisplayStatus } from "./display-status";

const labels = { active: "Active", unverified: "Unverified", expired: "Expired", error: "Error" } as const;
const tones = { active: "success", unverified: "neutral", expired: "danger", error: "danger" } as const;

type Status = DisplayStatus;

/** A credential's displayed status (./display-status.ts `displayStatus`), with its detail ("The API rejected these credentials (401)") as text below. */
export function StatusBadge({ status, detail }: { status: string; detail?: string | null }) {
  const known = (status in labels ? status : "error") as Status;
  return (
    <div>
      <Badge tone={tones[known]}>{labels[known]}</Badge>
      {detail ? <p className="mt-1 max-w-60 text-xs text-slate-600">{detail}</p> : null}
    </div>
  );
}

export const statusOptions = displayStatuses.map((value) => ({ value, label: labels[value] }));
