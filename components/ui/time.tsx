const formatter = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});

/**
 * A date rendered on the server in UTC, so server and client never disagree about the
 * text. `fallback` covers never-set values such as "last used".
 */
export function Time({ value, fallback = "—" }: { value: Date | string | null | undefined; fallback?: string }) {
  if (!value) return <span className="text-slate-500">{fallback}</span>;
  const date = typeof value === "string" ? new Date(value) : value;
  return <time dateTime={date.toISOString()}>{formatter.format(date)} UTC</time>;
}
