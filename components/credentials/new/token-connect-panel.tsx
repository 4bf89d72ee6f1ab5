import Link from "next/link";
import { and, asc, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { authClients, type Role } from "@/db/schema";
import type { ComponentEntry } from "@/lib/components";
import { isCustomComponent } from "@/lib/oauth/defaults";
import { recipeOf } from "@/lib/oauth/session-clients";
import { ProviderDocsLink, providerDocsUrl } from "../form/docs-link";
import { TokenConnectForm, type LoginRecipe } from "./token-connect-client";

type Props = {
  type: "SESSION_AUTH" | "OA2_CLIENT_CREDENTIALS";
  tenantId: string;
  role: Role;
  entry: ComponentEntry;
  workspaces: { slug: string; name: string }[];
  defaultWorkspace: string;
};

/** The tenant's clients of `type` for the component, oldest first (the first is the default). */
async function clientsFor(tenantId: string, type: Props["type"], componentId: string): Promise<LoginRecipe[]> {
  const rows = await (
    await getDb()
  )
    .select()
    .from(authClients)
    .where(
      and(eq(authClients.tenantId, tenantId), eq(authClients.componentId, componentId), eq(authClients.type, type)),
    )
    .orderBy(asc(authClients.createdAt), asc(authClients.id));
  // Only the recipe's form fields reach the browser; for client credentials, nothing but the id and name.
  return rows.map((r) => ({ id: r.id, name: r.name, fields: type === "SESSION_AUTH" ? recipeOf(r).fields : [] }));
}

/**
 * Session auth (a form generated from the login recipe) or client credentials (Connect, no
 * popup) for a component, when the tenant has a client for it; otherwise how to set one up,
 * with a link for admins to the pre-filled auth-client form.
 */
export async function TokenConnectPanel({ type, tenantId, role, entry, workspaces, defaultWorkspace }: Props) {
  const session = type === "SESSION_AUTH";
  const all = await clientsFor(tenantId, type, entry.id);
  const clients = session ? all : all.slice(0, 1);
  const titleId = `${type}-connect-title`;
  return (
    <section aria-labelledby={titleId} className="rounded-lg bg-white px-4 py-4 shadow-sm ring-1 ring-slate-200">
      <h3 id={titleId} className="text-sm font-semibold text-slate-900">
        {session ? "Log in" : "Connect with client credentials"}
      </h3>
      {clients.length > 0 ? (
        <>
          <p className="mt-1 mb-3 text-sm text-slate-600">
            {session
              ? `Enter the ${entry.name} login details. They are stored encrypted and used to log in again when the token runs out; nobody sees them or the token here.`
              : `The ${entry.name} client's ID and secret get a token now and a fresh one whenever it is due. There is no pop-up.`}
          </p>
          <div className="mb-3">
            <ProviderDocsLink app={entry.name} href={providerDocsUrl(entry)} />
          </div>
          <TokenConnectForm
            type={type}
            component={{
              id: entry.id,
              name: entry.name,
              // Custom OAuth2's fields are for passing tokens in; its auth client has the endpoints.
              fields: isCustomComponent(entry.id) ? [] : entry.fields.map((f) => ({ ...f })),
            }}
            clients={clients}
            workspaces={workspaces}
            defaultWorkspace={defaultWorkspace}
          />
        </>
      ) : (
        <div className="mt-1 space-y-2 text-sm text-slate-700">
          <p>
            {session
              ? `To log in to ${entry.name}, an admin first adds its login recipe as an auth client.`
              : `To connect ${entry.name} with client credentials, an admin first adds its client ID and secret as an auth client.`}
          </p>
          <ProviderDocsLink
            app={entry.name}
            href={providerDocsUrl(entry, session ? "key" : "oauth")}
            what={session ? "key" : "oauth"}
          />
          {role === "admin" ? (
            <p>
              <Link
                href={`/settings/auth-clients/new?type=${type}&component=${encodeURIComponent(entry.id)}`}
                className="font-medium text-brand-600 underline-offset-2 hover:underline"
              >
                {session
                  ? `Set up a login recipe for ${entry.name}`
                  : `Set up a client-credentials client for ${entry.name}`}
              </Link>
            </p>
          ) : (
            <p>Only an admin can add auth clients: ask one to set up {entry.name}.</p>
          )}
        </div>
      )}
    </section>
  );
}
