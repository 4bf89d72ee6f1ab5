import { Badge } from "@/components/ui/badge";

const labels = { active: "Active", expired: "Expired", error: "Error" } as const;
const tones = { active: "success", expired: "neutral", error: "danger" } as const;

type Status = keyof typeof labels;

/** A credential's status, with its detail ("The API rejected these credentials (401)") as text below. */
export function StatusBadge({ status, detail }: { status: string; detail?: string | null }) {
  const known = (status in labels ? status : "error") as Status;
  return (
    <div>
      <Badge tone={tones[known]}>{labels[known]}</Badge>
      {detail ? <p className="mt-1 max-w-60 text-xs text-slate-600">{detail}</p> : null}
    </div>
  );
}

export const statusOptions = (Object.keys(labels) as Status[]).map((value) => ({ value, label: labels[value] }));
