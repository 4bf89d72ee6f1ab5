import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AuthClientDetails } from "@/components/auth-clients/auth-client-details";
import { AuthClientForm } from "@/components/auth-clients/auth-client-form-client";
import { PageHeader } from "@/components/ui/page-header";
import { LinkButton } from "@/components/ui/link-button";
import { getDb } from "@/db/client";
import { ApiError } from "@/lib/api/errors";
import { requireRole } from "@/lib/auth/session";
import { getComponent } from "@/lib/components";
import { getAuthClient, publicAuthClient } from "@/lib/oauth/clients";

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

/** One auth client: admins edit it; developers see it read-only. Both see the redirect URI. */
export default async function AuthClientPage({ params }: Props) {
  const me = await requireRole("admin", "developer");
  const client = await load(me.tenantId, (await params).id);
  const componentName = client.componentId ? (getComponent(client.componentId)?.name ?? client.componentId) : null;

  return (
    <>
      <PageHeader
        title={client.name}
        description={componentName ? `Auth client for ${componentName}.` : "Custom OAuth2 auth client."}
      />
      <div className="mb-6">
        <LinkButton href="/settings/auth-clients" variant="secondary" size="sm">
          All auth clients
        </LinkButton>
      </div>
      {me.role === "admin" ? (
        <AuthClientForm mode="edit" client={client} componentName={componentName} redirectUri={client.redirectUri} />
      ) : (
        <AuthClientDetails client={client} componentName={componentName} />
      )}
    </>
  );
}
