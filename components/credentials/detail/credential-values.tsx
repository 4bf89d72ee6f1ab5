import type { ReactNode } from "react";
import { Card, CardHeader } from "@/components/ui/card";
import type { ComponentEntry } from "@/lib/components";
import { secretTypes } from "@/lib/secrets/types";

export type Term = { term: string; detail: ReactNode };

/** A two-column list of terms and details, for metadata. */
export function DefinitionList({ items }: { items: Term[] }) {
  return (
    <dl className="grid gap-x-6 gap-y-3 px-5 py-4 text-sm sm:grid-cols-[max-content_1fr]">
      {items.map((i) => (
        <div key={i.term} className="contents">
          <dt className="font-medium text-slate-600">{i.term}</dt>
          <dd className="min-w-0 break-words text-slate-900">{i.detail}</dd>
        </div>
      ))}
    </dl>
  );
}

const show = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));
const mono = (v: unknown) => <code className="font-mono text-xs break-all">{show(v)}</code>;

/** The non-secret config, as stored. */
export function ConfigValues({ config, entry }: { config: Record<string, unknown>; entry?: ComponentEntry }) {
  const labels = new Map(entry?.fields.map((f) => [f.name, f.label]));
  const items: Term[] = Object.entries(config).map(([k, v]) => ({ term: labels.get(k) ?? k, detail: mono(v) }));
  return (
    <Card aria-labelledby="config-title">
      <CardHeader
        titleId="config-title"
        title="Connection settings"
        description="Non-secret settings, stored as entered."
      />
      {items.length > 0 ? <DefinitionList items={items} /> : <p className="px-5 py-4 text-sm text-slate-600">None.</p>}
    </Card>
  );
}

/**
 * The stored value as the masked view computed when it was written: secret fields are
 * hints such as `****abcd`. The value itself is never read for the dashboard.
 */
export function MaskedValues({ type, masked }: { type: string; masked: Record<string, unknown> }) {
  const def = (secretTypes as Record<string, { fields: Array<{ name: string; label: string }> } | undefined>)[type];
  const labels = new Map(def?.fields.map((f) => [f.name, f.label]));
  const items: Term[] = Object.entries(masked).flatMap(([k, v]): Term[] => {
    if (v === undefined || v === null) return [];
    if (k === "headers" && v && typeof v === "object") {
      return Object.entries(v as Record<string, unknown>).map(([h, hint]) => ({
        term: `Header ${h}`,
        detail: mono(hint),
      }));
    }
    return [{ term: labels.get(k) ?? k, detail: mono(v) }];
  });
  return (
    <Card aria-labelledby="value-title">
      <CardHeader
        titleId="value-title"
        title="Stored credential"
        description="Secret fields are write-only; you see masked hints only."
      />
      {items.length > 0 ? (
        <DefinitionList items={items} />
      ) : (
        <p className="px-5 py-4 text-sm text-slate-600">No values.</p>
      )}
    </Card>
  );
}
