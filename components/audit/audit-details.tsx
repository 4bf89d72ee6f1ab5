import { looksLikeId, ShortId } from "./short-id";

/** `targetType`, `target_type` → "Target type": the metadata key as a label. */
export function detailLabel(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_.-]+/g, " ")
    .trim()
    .toLowerCase();
  return words ? words[0].toUpperCase() + words.slice(1) : key;
}

/** How deep nested metadata is drawn as labelled values; anything deeper is compact JSON. */
const MAX_DEPTH = 3;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

function Value({ name, value, depth }: { name: string; value: unknown; depth: number }) {
  if (value === null || value === undefined || value === "") return <span className="text-slate-500">—</span>;
  if (typeof value === "string") {
    return looksLikeId(value) ? <ShortId id={value} what={detailLabel(name).toLowerCase()} /> : <>{value}</>;
  }
  if (typeof value === "number" || typeof value === "bigint") return <>{String(value)}</>;
  if (typeof value === "boolean") return <>{value ? "Yes" : "No"}</>;
  if (Array.isArray(value) && value.every((v) => ["string", "number", "boolean"].includes(typeof v))) {
    return value.length === 0 ? <span className="text-slate-500">none</span> : <>{value.join(", ")}</>;
  }
  // Nested objects (a verification result, a list of changes) are labelled values too.
  if (depth < MAX_DEPTH && isPlainObject(value)) return <DetailList value={value} depth={depth + 1} />;
  if (depth < MAX_DEPTH && Array.isArray(value) && value.every(isPlainObject)) {
    return (
      <ol className="space-y-1">
        {value.map((item, i) => (
          <li key={i}>
            <DetailList value={item} depth={depth + 1} />
          </li>
        ))}
      </ol>
    );
  }
  return <code className="font-mono break-all">{JSON.stringify(value)}</code>;
}

function DetailList({ value, depth }: { value: Record<string, unknown>; depth: number }) {
  const entries = Object.entries(value);
  if (entries.length === 0) return <span className="text-slate-500">—</span>;
  return (
    <dl className="grid max-w-xs grid-cols-[max-content_1fr] gap-x-3 gap-y-0.5 text-xs">
      {entries.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="text-slate-500">{detailLabel(k)}</dt>
          <dd className="min-w-0 break-words text-slate-800">
            <Value name={k} value={v} depth={depth} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** An event's metadata as labelled values (a `<dl>`, nested ones inside), not raw JSON. It never holds a secret value. */
export function AuditDetails({ value }: { value: Record<string, unknown> }) {
  return <DetailList value={value} depth={0} />;
}
