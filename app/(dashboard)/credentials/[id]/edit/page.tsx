import type { Metadata } from "next";
import { EditCredentialForm } from "@/components/credentials/form/edit-credential-client";
import type { FormComponent } from "@/components/credentials/form/field-specs";
import { componentView, typeLabel } from "@/components/credentials/labels";
import { formComponent } from "@/components/credentials/new/new-query";
import { Breadcrumbs } from "@/components/ui/breadcrumbs";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/auth/session";
import { credentialDryRun } from "@/lib/components";
import { routingFields } from "@/lib/components/routing";
import { loadSecret } from "../load";

export const metadata: Metadata = { title: "Edit credential" };

type Props = { params: Promise<{ id: string }> };

const stringConfig = (config: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(config).filter(([, v]) => typeof v === "string")) as Record<string, string>;

/** Edit a credential: only non-secret data reaches the page (name, settings, masked hints). */
export default async function EditCredentialPage({ params }: Props) {
  const me = await requireRole("admin", "developer");
  const { id } = await params;
  const secret = await loadSecret(await getDb(), me.tenantId, id);
  const view = componentView(secret.componentId);
  // Without a component, a native type is still proved by its own check (credentialDryRun).
  const component: FormComponent = view.entry
    ? formComponent(view.entry)
    : {
        id: secret.componentId ?? "",
        name: view.name,
        logo: null,
        hasDryRun: credentialDryRun(undefined, secret.type) !== undefined,
        fields: [],
        apply: {},
      };
  const crumbs = [
    { label: "Credentials", href: "/" },
    { label: secret.name, href: `/credentials/${secret.id}` },
    { label: "Edit" },
  ];

  return (
    <>
      <Breadcrumbs items={crumbs} />
      <PageHeader title={`Edit ${secret.name}`} description={`${view.name} · ${typeLabel(secret.type)}`} />
      <EditCredentialForm
        allowSkip
        component={component}
        routingFields={view.entry ? routingFields(view.entry) : []}
        secret={{
          id: secret.id,
          name: secret.name,
          type: secret.type,
          config: stringConfig(secret.config),
          masked: secret.maskedValue,
        }}
      />
    </>
  );
}
