const absolute = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const relative = new Intl.RelativeTimeFormat("en", { numeric: "auto" });

const units: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

/** "3 hours ago", "in 2 days", "just now": the largest unit that fits, rounded towards now. */
export function relativeText(date: Date, now: Date = new Date()): string {
  const seconds = (date.getTime() - now.getTime()) / 1000;
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return relative.format(Math.trunc(seconds / size), unit);
  }
  return "just now";
}

/**
 * A relative time ("5 minutes ago") inside a `<time>` that carries the exact instant,
 * with the absolute UTC text as its tooltip. Server-rendered only: the text is fixed at
 * render time, so it never disagrees with a hydrated client.
 */
export function RelativeTime({
  value,
  fallback = "Never",
}: {
  value: Date | string | null | undefined;
  fallback?: string;
}) {
  if (!value) return <span className="text-slate-500">{fallback}</span>;
  const date = typeof value === "string" ? new Date(value) : value;
  return (
    <time dateTime={date.toISOString()} title={`${absolute.format(date)} UTC`} className="whitespace-nowrap">
      {relativeText(date)}
    </time>
  );
}
