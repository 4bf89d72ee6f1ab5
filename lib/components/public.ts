import { z } from "zod";
import { present } from "@/lib/api/public";
import { authTypeSchema, categorySchema, secretFieldsSchema, type ComponentEntry } from "./schema";

/** The `GET /api/v1/components` item: what a form needs, never endpoints or apply rules. */
export const componentSchema = z
  .strictObject({
    id: z.string().describe("The catalogue id, such as github"),
    _id: z.string().describe("The same as id (FlowMate compatibility)"),
    name: z.string(),
    category: categorySchema,
    logo: z.string().nullable().describe("Path under /logos, or null: render a monogram of the name"),
    docsUrl: z.string(),
    authTypes: z.array(authTypeSchema),
    fields: z.array(
      z.strictObject({
        name: z.string(),
        label: z.string(),
        required: z.boolean(),
        default: z.string().optional(),
        choices: z.array(z.strictObject({ value: z.string(), label: z.string() })).optional(),
        help: z.string().optional(),
        placeholder: z.string().optional(),
        pattern: z.string().optional(),
      }),
    ),
    secretFields: secretFieldsSchema.describe(
      "Value fields that are secret for this component although the type shows them in clear, by credential type " +
        '(Stripe: {"SIMPLE": ["username"]}); a form renders them as password inputs',
    ),
    hasDryRun: z.boolean(),
    oauth: z.strictObject({ defaultScopes: z.array(z.string()), authClientId: z.string().optional() }).optional(),
  })
  .meta({ id: "Component" });
export type PublicComponent = z.output<typeof componentSchema>;

/**
 * The public view of an entry: what a form needs, without endpoints or apply rules.
 * `authClientId` is the tenant's auth client for the component, when it has one.
 */
export function toPublicComponent(entry: ComponentEntry, opts: { authClientId?: string } = {}): PublicComponent {
  return present(componentSchema, {
    id: entry.id,
    _id: entry.id,
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
  });
}
