import { z } from "zod";
import { idFields, timestampSchema } from "@/lib/api/public";

// Request and response shapes of POST /api/v1/connect-sessions. No server-only imports, so
// the route registry, the OpenAPI document and the dashboard can all use them.

/** `POST /connect-sessions`: the end user, and the limits and embedding origin of the session. */
export const createConnectSessionSchema = z.strictObject({
  username: z.string().trim().min(1).max(200).describe("The end user (the tenant's external id), created on first use"),
  components: z
    .array(z.string().min(1).max(100))
    .min(1)
    .max(100)
    .optional()
    .describe("Limit the session to these catalogue component ids"),
  workspace: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, "Not a workspace slug")
    .optional()
    .describe("Limit the session to this workspace"),
  origin: z
    .string()
    .max(300)
    .optional()
    .describe("The exact origin that embeds the session; must be one of the tenant's embedOrigins"),
});
export type CreateConnectSessionInput = z.infer<typeof createConnectSessionSchema>;

/** The answer: the session's id (for DELETE), the token (shown once), the embed URL that carries it, and when it ends. */
export const connectSessionSchema = z
  .strictObject({
    ...idFields,
    token: z.string().startsWith("ics_").describe("The connect-session token (Authorization: Bearer ics_…)"),
    url: z.url().describe("PUBLIC_URL/embed?session=<token>: frame it, or open it as a page"),
    expiresAt: timestampSchema,
  })
  .meta({ id: "ConnectSession" });
export type PublicConnectSession = z.infer<typeof connectSessionSchema>;
