import { getComponent } from "@/lib/components";
import { OTHER_LOGO } from "@/lib/components/logos";
import { secretTypes, type SecretType } from "@/lib/secrets/types";

/** "API key", "Basic auth", …; an unknown type shows as stored. */
export function typeLabel(type: string): string {
  return (secretTypes as Record<string, { label: string } | undefined>)[type]?.label ?? type;
}

/** Who holds the credential: one end user, or the workspace itself. */
export function ownerLabel(row: { endUserId: string | null; username?: string | null }): string {
  return row.endUserId ? `End user ${row.username ?? row.endUserId}` : "Workspace";
}

/**
 * Display name and logo of a secret's component; secrets passed in without one group last,
 * as "Other" with a neutral icon.
 */
export function componentView(componentId: string | null) {
  const entry = componentId ? getComponent(componentId) : undefined;
  return {
    id: componentId,
    name: entry?.name ?? componentId ?? "Other",
    logo: entry?.logo ?? (componentId ? null : OTHER_LOGO),
    entry,
  };
}

export const typeOptions = (Object.keys(secretTypes) as SecretType[]).map((t) => ({
  value: t,
  label: secretTypes[t].label,
}));

/** The types a person can enter in the dashboard form: the `form` flags of lib/secrets/types/names.ts. */
export { isStaticType, type StaticType } from "@/lib/secrets/types";
