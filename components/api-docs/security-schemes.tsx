import type { SecurityScheme } from "./openapi-view";

function how(s: SecurityScheme): string {
  if (s.type === "http")
    return [s.scheme === "bearer" ? "Bearer token" : `HTTP ${s.scheme ?? ""}`, s.bearerFormat]
      .filter(Boolean)
      .join(", ");
  if (s.type === "apiKey") return `${s.in ?? ""} ${s.name ?? ""}`.trim();
  return s.type;
}

/** The document's security schemes, by the names the endpoints use. */
export function SecuritySchemes({ schemes }: { schemes: Record<string, SecurityScheme> }) {
  return (
    <dl className="divide-y divide-slate-100">
      {Object.entries(schemes).map(([name, s]) => (
        <div key={name} className="grid gap-1 px-5 py-3 text-sm sm:grid-cols-[10rem_1fr]">
          <dt>
            <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-800">{name}</code>
          </dt>
          <dd className="text-slate-700">
            <span className="font-medium">{how(s)}</span>
            {s.description ? <span className="text-slate-600"> — {s.description}</span> : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}
