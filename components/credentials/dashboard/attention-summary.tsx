import Link from "next/link";
import type { AttentionSummary } from "@/lib/secrets/attention-summary";
import { dashboardHref } from "./query";

/**
 * "Needs attention" at the top of the dashboard: how many credentials are expired, failing or
 * expiring soon, each linking to a list of exactly the credentials it counts (the status
 * filter's `expired`, `error` and `expiring`, the same SQL as the counts). Nothing when all is well.
 */
export function AttentionSummaryBanner({ summary }: { summary: AttentionSummary }) {
  const parts = [
    { n: summary.expired, label: "expired", href: dashboardHref({ status: "expired" }) },
    { n: summary.error, label: "failing", href: dashboardHref({ status: "error" }) },
    { n: summary.expiringSoon, label: "expiring soon", href: dashboardHref({ status: "expiring" }) },
  ].filter((p) => p.n > 0);
  if (parts.length === 0) return null;
  return (
    <section
      aria-labelledby="attention-summary-title"
      className="flex flex-wrap items-center justify-between gap-3 rounded-lg bg-amber-50 px-4 py-3 ring-1 ring-amber-600/30 ring-inset"
    >
      <div>
        <h2 id="attention-summary-title" className="text-sm font-semibold text-amber-900">
          Needs attention
        </h2>
        <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-sm text-amber-900">
          {parts.map((p) => (
            <li key={p.label}>
              <Link href={p.href} className="underline hover:text-amber-700">
                {p.n} {p.label}
              </Link>
            </li>
          ))}
        </ul>
      </div>
      <Link
        href={dashboardHref({ attention: true })}
        className="text-sm font-medium text-amber-900 underline hover:text-amber-700"
      >
        Show all {summary.total} that need attention
      </Link>
    </section>
  );
}
