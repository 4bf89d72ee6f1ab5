import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AuthClientDetails } from "@/components/auth-clients/auth-client-details";
import { AuthClientForm } from "@/components/auth-clients/auth-client-form-client";
import { providerDocsUrl } from "@/components/credentials/form/docs-link";
import { SessionRecipeDetails } from "@/components/auth-clients/session-recipe-details";
import { SessionRecipeForm } from "@/components/auth-clients/session-recipe-form-client";
import { Breadcrumbs } from "@/components/ui/breadcrumbs";
import { PageHeader } from "@/components/ui/page-header";
import { settingsCrumbs } from "@/components/ui/settings-sections";
import { LinkButton } from "@/components/ui/link-button";
import { getDb } from "@/db/client";
import { ApiError } from "@/lib/api/errors";
import { requireRole } from "@/lib/auth/session";
import { getComponent } from "@/lib/components";
import { getAuthClient, publicAuthClient } from "@/lib/oauth/clients";
import { isCustomComponent } from "@/lib/oauth/defaults";

export const metadata: Metadata = { title: "Auth client" };

type Props = { params: Promise<{ id: string }> };

async function load(tenantId: string, id: string) {
  try {
    return publicAuthClient(await getAuthClient(await getDb(), { tenantId, id }));
  } catch (err) {
    // Another tenant's client, a deleted one and a malformed id look the same.
    if (err instanceof ApiError && err.code === "not_found") notFound();
    throw err;
  }
}

/**
 * One auth client: admins edit it; developers see it read-only. An OAuth app shows its
 * redirect URI (authorization code); a session-auth client is its login recipe.
 */
export default async function AuthClientPage({ params }: Props) {
  const me = await requireRole("admin", "developer");
  const client = await load(me.tenantId, (await params).id);
  const entry = client.componentId ? getComponent(client.componentId) : undefined;
  const componentName = client.componentId ? (entry?.name ?? client.componentId) : null;
  const admin = me.role === "admin";
  const what =
    client.type === "SESSION_AUTH"
      ? "Session-auth login recipe"
      : client.type === "OA2_CLIENT_CREDENTIALS"
        ? "Client-credentials client"
        : "Auth client";

  return (
    <>
      <Breadcrumbs items={[...settingsCrumbs("auth-clients"), { label: client.name }]} />
      <PageHeader
        title={client.name}
        description={componentName ? `${what} for ${componentName}.` : `${what} (custom).`}
      />
      <div className="mb-6">
        <LinkButton href="/settings/auth-clients" variant="secondary" size="sm">
          All auth clients
        </LinkButton>
      </div>
      {client.type === "SESSION_AUTH" ? (
        admin ? (
          <SessionRecipeForm mode="edit" client={client} componentName={componentName} />
        ) : (
          <SessionRecipeDetails client={client} componentName={componentName} />
        )
      ) : admin ? (
        <AuthClientForm
          mode="edit"
          client={client}
          componentName={componentName}
          redirectUri={client.redirectUri}
          docsUrl={entry && !isCustomComponent(entry.id) ? providerDocsUrl(entry, "oauth") : undefined}
        />
      ) : (
        <AuthClientDetails client={client} componentName={componentName} />
      )}
    </>
  );
}
