/** Joins class names, skipping falsy ones (no tailwind-merge: callers avoid conflicting classes). */
export function cn(...parts: Array<string | false | null | undefined>): string {
  return parts.filter(Boolean).join(" ");
}
