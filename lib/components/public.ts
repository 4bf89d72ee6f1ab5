import type { AuthType, Category, ComponentEntry, SecretFields } from "./schema";

/** The `GET /api/v1/components` item. */
export type PublicComponent = {
  id: string;
  name: string;
  category: Category;
  /** Path under /logos, or null → render `monogram(name)`. */
  logo: string | null;
  docsUrl: string;
  authTypes: AuthType[];
  fields: Array<{
    name: string;
    label: string;
    required: boolean;
    default?: string;
    choices?: Array<{ value: string; label: string }>;
    help?: string;
    placeholder?: string;
    pattern?: string;
  }>;
  /**
   * Value fields that are secret for this component although the type shows them in clear,
   * by credential type (Stripe: `{"SIMPLE": ["username"]}`); a form renders them as password inputs.
   */
  secretFields: SecretFields;
  hasDryRun: boolean;
  oauth?: { defaultScopes: string[]; authClientId?: string };
};

/**
 * The public view of an entry: what a form needs, without endpoints or apply rules.
 * `authClientId` is the tenant's auth client for the component, when it has one.
 */
export function toPublicComponent(entry: ComponentEntry, opts: { authClientId?: string } = {}): PublicComponent {
  return {
    id: entry.id,
    name: entry.name,
    category: entry.category,
    logo: entry.logo ?? null,
    docsUrl: entry.docsUrl,
    authTypes: [...entry.authTypes],
    fields: entry.fields.map((f) => ({ ...f, choices: f.choices?.map((c) => ({ ...c })) })),
    secretFields: Object.fromEntries(Object.entries(entry.secretFields).map(([type, names]) => [type, [...names]])),
    hasDryRun: entry.dryRun !== undefined,
    ...(entry.oauth && {
      oauth: {
        defaultScopes: [...entry.oauth.defaultScopes],
        ...(opts.authClientId && { authClientId: opts.authClientId }),
      },
    }),
  };
}
