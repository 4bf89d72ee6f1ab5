import type { ComponentField } from "@/lib/components/schema";

/**
 * The routing fields (lib/components/routing.ts) whose input differs from the stored
 * config, compared as the server resolves them: trimmed, and an emptied field counts as
 * its default. A change to one of these needs the credential entered again, because the
 * server never sends a stored value to a host it was not proved against.
 */
export function movedRoutingFields(
  fields: readonly ComponentField[],
  routing: readonly string[],
  stored: Readonly<Record<string, string>>,
  current: Readonly<Record<string, string | undefined>>,
): ComponentField[] {
  return fields.filter((f) => {
    if (!routing.includes(f.name)) return false;
    const resolve = (v: string | undefined) => (v ?? "").trim() || f.default || "";
    return resolve(current[f.name]) !== resolve(stored[f.name]);
  });
}

/** "Base URL", "Host and Port", "A, B and C". */
export function listLabels(fields: readonly { label: string }[]): string {
  const labels = fields.map((f) => f.label);
  return labels.length <= 1 ? (labels[0] ?? "") : `${labels.slice(0, -1).join(", ")} and ${labels.at(-1)}`;
}
