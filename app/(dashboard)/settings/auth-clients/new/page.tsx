import type { Metadata } from "next";
import { AuthClientForm } from "@/components/auth-clients/auth-client-form-client";
import { PageHeader } from "@/components/ui/page-header";
import { requireRole } from "@/lib/auth/session";
import { getComponent } from "@/lib/components";
import { redirectUri } from "@/lib/oauth/clients";
import { CUSTOM_OAUTH2, oauthComponents } from "@/lib/oauth/defaults";

export const metadata: Metadata = { title: "New auth client" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

// Custom OAuth2 first, then the catalogue by name.
const components = oauthComponents()
  .sort((a, b) => (a.id === CUSTOM_OAUTH2 ? -1 : b.id === CUSTOM_OAUTH2 ? 1 : 0))
  .map((c) => ({ id: c.id, name: c.name }));

/** Create an auth client; `?component=<id>` opens the form pre-filled for that component. */
export default async function NewAuthClientPage({ searchParams }: Props) {
  await requireRole("admin");
  const wanted = (await searchParams).component;
  const initial = typeof wanted === "string" && components.some((c) => c.id === wanted) ? wanted : CUSTOM_OAUTH2;
  const entry = getComponent(initial);

  return (
    <>
      <PageHeader
        title="New auth client"
        description={
          entry && initial !== CUSTOM_OAUTH2
            ? `Register an OAuth app at ${entry.name} with the redirect URI below, then enter its client ID and secret.`
            : "Register an OAuth app at the provider with the redirect URI below, then enter its details."
        }
      />
      <AuthClientForm
        key={initial}
        mode="create"
        components={components}
        initialComponent={initial}
        redirectUri={redirectUri()}
      />
    </>
  );
}
