import { z } from "zod";

import { accountingComponents } from "./entries/accounting";
import { aiComponents } from "./entries/ai";
import { commerceComponents } from "./entries/commerce";
import { communicationComponents } from "./entries/communication";
import { crmComponents } from "./entries/crm";
import { developerToolComponents } from "./entries/developer-tools";
import { genericComponents } from "./entries/generic";
import { googleComponents } from "./entries/google";
import { identityComponents } from "./entries/identity";
import { infrastructureComponents } from "./entries/infrastructure";
import { marketingComponents } from "./entries/marketing";
import { microsoftComponents } from "./entries/microsoft";
import { productivityComponents } from "./entries/productivity";
import { storageComponents } from "./entries/storage";
import { supportComponents } from "./entries/support";
import { workspaceComponents } from "./entries/workspace";
import {
  componentEntrySchema,
  type AuthType,
  type Category,
  type ComponentEntry,
  type ComponentEntryInput,
} from "./schema";

export * from "./schema";
export { toPublicComponent, type PublicComponent } from "./public";

/** Every entry as written, before validation. The test reads this too. */
export const rawCatalogue: readonly ComponentEntryInput[] = [
  ...genericComponents,
  ...communicationComponents,
  ...googleComponents,
  ...microsoftComponents,
  ...developerToolComponents,
  ...infrastructureComponents,
  ...productivityComponents,
  ...workspaceComponents,
  ...crmComponents,
  ...supportComponents,
  ...storageComponents,
  ...commerceComponents,
  ...accountingComponents,
  ...marketingComponents,
  ...aiComponents,
  ...identityComponents,
];

/**
 * Validates every entry and the uniqueness of ids. Throws on the first bad entry,
 * naming it, so a broken catalogue stops the app at start-up instead of at use.
 */
export function parseCatalogue(entries: readonly unknown[]): ComponentEntry[] {
  const seen = new Set<string>();
  return entries.map((raw, index) => {
    const result = componentEntrySchema.safeParse(raw);
    const label = (raw as { id?: unknown })?.id ?? `#${index}`;
    if (!result.success) {
      throw new Error(`Invalid catalogue entry ${String(label)}:\n${z.prettifyError(result.error)}`);
    }
    if (seen.has(result.data.id)) throw new Error(`Duplicate catalogue id ${result.data.id}`);
    seen.add(result.data.id);
    return result.data;
  });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** The validated catalogue in display order (by name). Frozen: callers share it. */
export const catalogue: readonly ComponentEntry[] = deepFreeze(
  parseCatalogue(rawCatalogue).sort((a, b) => a.name.localeCompare(b.name, "en")),
);

const byId = new Map(catalogue.map((entry) => [entry.id, entry]));

/** The entry with this id, or undefined. */
export function getComponent(id: string): ComponentEntry | undefined {
  return byId.get(id);
}

/**
 * Catalogue entries, optionally narrowed: `ids` (e.g. a connect session's allowed
 * components), a `category`, or the credential types a caller can handle.
 */
export function listComponents(filter: { ids?: readonly string[]; category?: Category; authType?: AuthType } = {}) {
  return catalogue.filter(
    (entry) =>
      (!filter.ids || filter.ids.includes(entry.id)) &&
      (!filter.category || entry.category === filter.category) &&
      (!filter.authType || entry.authTypes.includes(filter.authType)),
  );
}

/**
 * A component's `config` with defaults filled in and checked against the fields:
 * required fields present, values matching `pattern`/`choices`, no unknown keys.
 * The result is what `fillTemplate` expects.
 */
export function resolveConfig(
  entry: ComponentEntry,
  config: Readonly<Record<string, unknown>> = {},
): { ok: true; values: Record<string, string> } | { ok: false; issues: Array<{ path: string; message: string }> } {
  const issues: Array<{ path: string; message: string }> = [];
  const values: Record<string, string> = {};
  const known = new Set(entry.fields.map((f) => f.name));
  for (const key of Object.keys(config)) {
    if (!known.has(key)) issues.push({ path: `config.${key}`, message: "Unknown field" });
  }
  for (const field of entry.fields) {
    const path = `config.${field.name}`;
    const raw = config[field.name];
    if (raw !== undefined && typeof raw !== "string") {
      issues.push({ path, message: "Must be a string" });
      continue;
    }
    const value = raw === undefined || raw === "" ? field.default : raw.trim();
    if (value === undefined || value === "") {
      if (field.required) issues.push({ path, message: `${field.label} is required` });
      continue;
    }
    if (field.choices && !field.choices.some((c) => c.value === value)) {
      issues.push({ path, message: `${field.label} must be one of the listed choices` });
    } else if (field.pattern && !new RegExp(field.pattern, "u").test(value)) {
      issues.push({ path, message: `${field.label} has an invalid format` });
    } else {
      values[field.name] = value;
    }
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, values };
}
