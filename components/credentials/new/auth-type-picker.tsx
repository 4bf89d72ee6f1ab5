import Link from "next/link";
import type { StaticType } from "../labels";
import { typeLabel } from "../labels";
import { typeDescriptions } from "../type-descriptions";

/** Step 2: one link per static credential type the component accepts (`?component=…&type=…`). */
export function AuthTypePicker({ componentId, types }: { componentId: string; types: StaticType[] }) {
  return (
    <ul aria-label="Credential types" className="grid gap-3 sm:grid-cols-2">
      {types.map((type) => (
        <li key={type}>
          <Link
            href={`/credentials/new?component=${encodeURIComponent(componentId)}&type=${type}`}
            aria-describedby={`type-${type}`}
            className="block rounded-lg bg-white px-4 py-3 shadow-sm ring-1 ring-slate-200 hover:ring-brand-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
          >
            <span className="block text-sm font-medium text-slate-900">{typeLabel(type)}</span>
            <span id={`type-${type}`} aria-hidden="true" className="mt-0.5 block text-xs text-slate-600">
              {typeDescriptions[type]}
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
