import { z } from "zod";

import { accountingComponents } from "./entries/accounting";
import { aiComponents } from "./entries/ai";
import { cacheBrokerComponents } from "./entries/caches-brokers";
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
import { objectStorageComponents } from "./entries/object-storage";
import { productivityComponents } from "./entries/productivity";
import { storageComponents } from "./entries/storage";
import { filesAndStreamsComponents } from "./entries/files-and-streams";
import { supportComponents } from "./entries/support";
import { testComponents } from "./entries/testing";
import { workspaceComponents } from "./entries/workspace";
import { componentConfigSchema } from "./config";
import { nativeTypeNames } from "@/lib/secrets/types";
import { brandLogo } from "./logos";
import {
  componentEntrySchema,
  type AuthType,
  type Category,
  type ComponentEntry,
  type ComponentEntryInput,
  type DryRun,
} from "./schema";

export * from "./schema";
export { componentConfigSchema } from "./config";
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
  ...objectStorageComponents,
  ...filesAndStreamsComponents,
  ...commerceComponents,
  ...accountingComponents,
  ...marketingComponents,
  ...aiComponents,
  ...identityComponents,
  ...cacheBrokerComponents,
  // Only under Vitest: a component whose dry run can reach a local API (entries/testing.ts).
  ...(process.env.NODE_ENV === "test" ? testComponents : []),
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
  parseCatalogue(rawCatalogue)
    // Brand logos come from one map (lib/components/logos.ts), not from each entry.
    .map((entry) => ({ ...entry, logo: brandLogo(entry.id) ?? entry.logo }))
    .sort((a, b) => a.name.localeCompare(b.name, "en")),
);

const byId = new Map(catalogue.map((entry) => [entry.id, entry]));

/** The entry with this id, or undefined. */
export function getComponent(id: string): ComponentEntry | undefined {
  return byId.get(id);
}

const NATIVE_TYPES: ReadonlySet<string> = new Set(nativeTypeNames);
const TYPE_DRY_RUN: DryRun = Object.freeze({ kind: "native" });

/**
 * The dry run that proves a credential of `type` stored with `entry` (its component, if it has
 * one): the component's own; without a component, a native connector type's own check (the
 * value names the server: host, port, …; the config is empty); otherwise none (an HTTP
 * credential without a component has nowhere to be sent). The one rule every check asks:
 * create, PATCH, `POST /secrets/{id}/verify`, the scheduled re-verification and the dashboard.
 */
export function credentialDryRun(entry: ComponentEntry | undefined, type: string): DryRun | undefined {
  if (entry) return entry.dryRun;
  return NATIVE_TYPES.has(type) ? TYPE_DRY_RUN : undefined;
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
 * A component's `config` checked by `componentConfigSchema` (the rules the form runs too),
 * with the defaults filled in. The result is what `fillTemplate` expects.
 */
export function resolveConfig(
  entry: ComponentEntry,
  config: Readonly<Record<string, unknown>> = {},
): { ok: true; values: Record<string, string> } | { ok: false; issues: Array<{ path: string; message: string }> } {
  const result = componentConfigSchema(entry.fields).safeParse(config);
  if (!result.success) {
    return {
      ok: false,
      issues: result.error.issues.map((i) => ({ path: ["config", ...i.path].join("."), message: i.message })),
    };
  }
  const given: Record<string, string | undefined> = result.data;
  const values = entry.fields.flatMap((f) => {
    const value = given[f.name] ?? f.default;
    return value === undefined ? [] : [[f.name, value] as const];
  });
  return { ok: true, values: Object.fromEntries(values) };
}
