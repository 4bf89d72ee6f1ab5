import Link from "next/link";

const linkClass =
  "rounded-md bg-white px-3 py-1.5 text-sm font-medium text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50";
const disabledClass = "rounded-md px-3 py-1.5 text-sm font-medium text-slate-400 ring-1 ring-inset ring-slate-200";

/**
 * Previous/Next links that keep the current filters (`href(page)` builds them). A missing
 * neighbour is plain text, not a dead link.
 */
export function Pagination({
  page,
  total,
  totalPages,
  noun,
  href,
  className,
  totalText,
}: {
  page: number;
  total: number;
  /** How `total` reads when it is not exact (a capped count: "10,000+"). */
  totalText?: string;
  totalPages: number;
  noun: [singular: string, plural: string];
  href: (page: number) => string;
  className?: string;
}) {
  const prev = page > 1 ? Math.min(page - 1, totalPages) : null;
  const next = page < totalPages ? page + 1 : null;
  const step = (target: number | null, label: string, rel: string) =>
    target ? (
      <Link href={href(target)} rel={rel} className={linkClass}>
        {label}
      </Link>
    ) : (
      <span aria-disabled="true" className={disabledClass}>
        {label}
      </span>
    );
  return (
    <nav aria-label="Pagination" className={`flex flex-wrap items-center justify-between gap-3 ${className ?? ""}`}>
      <p className="text-sm text-slate-600">
        Page {page} of {totalPages} · {totalText ?? total} {total === 1 ? noun[0] : noun[1]}
      </p>
      <div className="flex gap-2">
        {step(prev, "Previous", "prev")}
        {step(next, "Next", "next")}
      </div>
    </nav>
  );
}
