import type { Metadata } from "next";
import { z } from "zod";
import { isStaticType } from "@/components/credentials/labels";
import { formComponent } from "@/components/credentials/new/new-query";
import { EmbedApp } from "@/components/embed/embed-app-client";
import { EmbedFrame } from "@/components/embed/embed-frame";
import { Problem } from "@/components/embed/problem";
import type { EmbedComponent, EmbedConfig } from "@/components/embed/types";
import { neededFields } from "@/components/oauth/connect-panel";
import { getDb } from "@/db/client";
import { embedContext } from "@/lib/auth/connect-sessions";
import { listComponents } from "@/lib/components";
import { authClientForComponent, componentClients } from "@/lib/oauth/clients";
import { isCustomComponent } from "@/lib/oauth/defaults";
import { messages } from "./messages";

export const metadata: Metadata = { title: messages.title };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

// Anything malformed is dropped, never echoed: a bad theme is the default, a bad mode none.
const querySchema = z.object({
  session: z.string().max(200).optional().catch(undefined),
  theme: z.enum(["light", "dark"]).catch("light").default("light"),
  mode: z.enum(["pick", "redirect"]).optional().catch(undefined),
  component: z.string().max(100).optional().catch(undefined),
  returnTo: z.string().max(2048).optional().catch(undefined),
});

/** `returnTo` when it is an http(s) URL on one of the tenant's return-URL origins (start-flow checks again). */
function allowedReturnTo(returnTo: string | undefined, origins: readonly string[]): string | null {
  if (!returnTo) return null;
  try {
    const url = new URL(returnTo);
    return (url.protocol === "https:" || url.protocol === "http:") && origins.includes(url.origin) ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * The apps this session may connect: typed-in credential types, and, where the tenant has an
 * auth client for the component (the oldest of each type, as GET /components names them),
 * OAuth Connect, client-credentials Connect and the session-auth login form.
 */
async function sessionComponents(tenantId: string, limit: string[] | null): Promise<EmbedComponent[]> {
  const db = await getDb();
  const entries = listComponents(limit ? { ids: limit } : {});
  const clients = await componentClients(db, { tenantId, componentIds: limit ?? undefined });
  const out: EmbedComponent[] = [];
  for (const entry of entries) {
    const staticTypes = entry.authTypes.filter(isStaticType);
    const mine = clients.get(entry.id);
    const clientId = entry.authTypes.includes("OA2_AUTHORIZATION_CODE") ? mine?.code : undefined;
    const client = clientId ? await authClientForComponent(db, { tenantId, componentId: entry.id }) : undefined;
    const oauth = client
      ? {
          authClientId: client.id,
          fields: neededFields(entry, [...Object.values(client.endpoints), ...Object.values(client.authParams)]),
        }
      : null;
    // The same conditions as the dashboard's Add credential (resolveStep).
    const clientCredentials =
      entry.authTypes.includes("OA2_CLIENT_CREDENTIALS") && entry.oauth && mine?.clientCredentials
        ? { authClientId: mine.clientCredentials }
        : null;
    const session = entry.authTypes.includes("SESSION_AUTH") && mine?.session ? mine.session : null;
    const form = formComponent(entry);
    // Custom OAuth2's fields are for passing tokens in; its auth client has the endpoints.
    const tokenFields = (clientCredentials || session) && !isCustomComponent(entry.id) ? form.fields : [];
    // Without a limit, apps with nothing to connect here are left out; a named one is shown and says so.
    if (!limit && staticTypes.length === 0 && !oauth && !clientCredentials && !session) continue;
    out.push({
      form,
      category: entry.category,
      staticTypes,
      oauth,
      clientCredentials,
      session,
      tokenFields,
    });
  }
  return out;
}

/**
 * /embed?session=ics_…[&theme=dark][&mode=pick&component=slack | &mode=redirect&returnTo=…]:
 * the connect UI a tenant frames (or sends as a connect link). The session decides the
 * branding, the apps, the workspace and who may frame it (proxy.ts sets frame-ancestors);
 * the browser then talks to the API with the token alone (EmbedApp).
 */
export default async function EmbedPage({ searchParams }: Props) {
  const q = querySchema.parse(await searchParams);
  const ctx = q.session ? await embedContext(await getDb(), q.session) : null;
  const problem = (title: string, help?: string, branding: EmbedConfig["branding"] = {}) => (
    <EmbedFrame branding={branding} theme={q.theme} notice={null} focusKey="problem">
      <Problem title={title} help={help} />
    </EmbedFrame>
  );
  if (!q.session) return problem(messages.sessionMissing, messages.sessionMissingHelp);
  if (!ctx) return problem(messages.sessionInvalid, messages.sessionInvalidHelp);

  const branding = ctx.branding ?? {};
  const returnTo = q.mode === "redirect" ? allowedReturnTo(q.returnTo, ctx.returnUrlOrigins) : null;
  if (q.mode === "redirect" && !returnTo)
    return problem(messages.returnToInvalid, messages.returnToInvalidHelp, branding);
  const components = await sessionComponents(ctx.session.tenantId, ctx.session.components);
  const pickComponent = q.mode === "pick" ? (components.find((c) => c.form.id === q.component)?.form.id ?? null) : null;
  if (q.mode === "pick" && !pickComponent) return problem(messages.componentUnavailable, undefined, branding);

  const config: EmbedConfig = {
    branding,
    theme: q.theme,
    view: pickComponent ? "pick" : "manage",
    oauthMode: returnTo ? "redirect" : "popup",
    returnTo,
    pickComponent,
    hostOrigins: ctx.frameAncestors,
    workspace: ctx.session.workspace ?? "production",
    components,
  };
  return <EmbedApp config={config} />;
}
