import Link from "next/link";
import type { Role } from "@/db/schema";
import { getDb } from "@/db/client";
import { placeholders, type ComponentEntry } from "@/lib/components";
import { authClientForComponent } from "@/lib/oauth/clients";
import { ProviderDocsLink, providerDocsUrl } from "@/components/credentials/form/docs-link";
import { ConnectButton, type ConnectField } from "./connect-client";

type Props = {
  tenantId: string;
  role: Role;
  entry: ComponentEntry;
  workspaces: { slug: string; name: string }[];
  defaultWorkspace?: string;
};

/** The component's fields that the client's endpoints or parameters name as `{{placeholders}}` (also the embed's Connect). */
export function neededFields(entry: ComponentEntry, templates: (string | undefined)[]): ConnectField[] {
  const names = new Set(templates.flatMap((t) => (t ? placeholders(t) : [])));
  return entry.fields
    .filter((f) => names.has(f.name))
    .map((f) => ({
      name: f.name,
      label: f.label,
      required: f.required || f.default === undefined,
      placeholder: f.placeholder,
      help: f.help,
    }));
}

/**
 * The OAuth way to add a credential: **Connect** when the tenant has an auth client for the
 * component; otherwise how to set one up, with a link for admins to the pre-filled form.
 */
export async function OAuthConnectPanel({ tenantId, role, entry, workspaces, defaultWorkspace }: Props) {
  const client = await authClientForComponent(await getDb(), { tenantId, componentId: entry.id });
  return (
    <section
      aria-labelledby="oauth-connect-title"
      className="rounded-lg bg-white px-4 py-4 shadow-sm ring-1 ring-slate-200"
    >
      <h3 id="oauth-connect-title" className="text-sm font-semibold text-slate-900">
        Connect with OAuth
      </h3>
      {client ? (
        <>
          <p className="mt-1 mb-3 text-sm text-slate-600">
            Sign in to {entry.name} in a pop-up window and approve access. The tokens are stored encrypted and refreshed
            automatically; nobody sees them here.
          </p>
          <div className="mb-3">
            <ProviderDocsLink app={entry.name} href={providerDocsUrl(entry)} />
          </div>
          <ConnectButton
            authClientId={client.id}
            componentName={entry.name}
            workspaces={workspaces}
            defaultWorkspace={defaultWorkspace}
            fields={neededFields(entry, [...Object.values(client.endpoints), ...Object.values(client.authParams)])}
          />
        </>
      ) : (
        <div className="mt-1 space-y-2 text-sm text-slate-700">
          <p>
            To connect {entry.name} with OAuth, register an OAuth app at {entry.name} and add it here as an auth client,
            with the redirect URI shown on its page. Then a Connect button appears here.
          </p>
          <ProviderDocsLink app={entry.name} href={providerDocsUrl(entry, "oauth")} what="oauth" />
          {role === "admin" ? (
            <p>
              <Link
                href={`/settings/auth-clients/new?component=${encodeURIComponent(entry.id)}`}
                className="font-medium text-brand-600 underline-offset-2 hover:underline"
              >
                Set up an auth client for {entry.name}
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
