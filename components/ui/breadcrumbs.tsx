import Link from "next/link";

export type Crumb = { label: string; href?: string };

/**
 * Where a sub-page sits: "Credentials › Billing API › Edit". The last crumb is the current
 * page (`aria-current`, not a link); the others link back up.
 */
export function Breadcrumbs({ items }: { items: Crumb[] }) {
  return (
    <nav aria-label="Breadcrumb" className="mb-3 text-sm">
      <ol className="flex flex-wrap items-center gap-x-1.5 gap-y-1 text-slate-600">
        {items.map((c, i) => {
          const last = i === items.length - 1;
          return (
            <li key={`${i}-${c.label}`} className="flex min-w-0 items-center gap-1.5">
              {i > 0 ? (
                <span aria-hidden="true" className="text-slate-400">
                  ›
                </span>
              ) : null}
              {last || !c.href ? (
                <span aria-current={last ? "page" : undefined} className="max-w-64 truncate font-medium text-slate-900">
                  {c.label}
                </span>
              ) : (
                <Link href={c.href} className="max-w-64 truncate font-medium text-brand-600 hover:text-brand-700">
                  {c.label}
                </Link>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
