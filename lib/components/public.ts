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
    clientCredentials: z
      .strictObject({ authClientId: z.string() })
      .optional()
      .describe("The tenant's client-credentials client for the component: POST /secrets {value: {authClientId}}"),
    session: z
      .strictObject({
        authClientId: z.string(),
        fields: z.array(
          z.strictObject({
            name: z.string(),
            label: z.string(),
            secret: z.boolean(),
            required: z.boolean(),
            help: z.string().optional(),
          }),
        ),
      })
      .optional()
      .describe(
        "The tenant's session-auth recipe for the component and the form it asks for: POST /secrets {value: {authClientId, inputFields}}",
      ),
  })
  .meta({ id: "Component" });
export type PublicComponent = z.output<typeof componentSchema>;

/** The tenant's session-auth recipe for a component, as a form: the client and its fields. */
export type SessionForm = NonNullable<PublicComponent["session"]>;

/**
 * The public view of an entry: what a form needs, without endpoints or apply rules.
 * `authClientId` is the tenant's authorization-code client for the component, when it has
 * one; `clientCredentialsClientId` its client-credentials client; `session` its login recipe.
 */
export function toPublicComponent(
  entry: ComponentEntry,
  opts: { authClientId?: string; clientCredentialsClientId?: string; session?: SessionForm } = {},
): PublicComponent {
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
    ...(opts.clientCredentialsClientId &&
      entry.authTypes.includes("OA2_CLIENT_CREDENTIALS") && {
        clientCredentials: { authClientId: opts.clientCredentialsClientId },
      }),
    ...(opts.session &&
      entry.authTypes.includes("SESSION_AUTH") && {
        session: { authClientId: opts.session.authClientId, fields: opts.session.fields.map((f) => ({ ...f })) },
      }),
  });
}
