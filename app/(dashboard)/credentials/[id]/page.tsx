import type { Metadata } from "next";
import { ConfigValues, MaskedValues } from "@/components/credentials/detail/credential-values";
import { CredentialMeta } from "@/components/credentials/detail/credential-meta";
import { DeleteCredential } from "@/components/credentials/detail/delete-credential-client";
import { ManageTokens } from "@/components/credentials/detail/manage-tokens";
import { SigningKeyPanel } from "@/components/credentials/detail/signing-key-panel";
import { StatusHistory } from "@/components/credentials/detail/status-history";
import { TestConnectionButton } from "@/components/credentials/detail/test-connection-client";
import { UsagesList } from "@/components/credentials/detail/usages-list";
import { UseItPanel } from "@/components/credentials/detail/use-it";
import { componentView, typeLabel } from "@/components/credentials/labels";
import { Breadcrumbs } from "@/components/ui/breadcrumbs";
import { LinkButton } from "@/components/ui/link-button";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { requireMember } from "@/lib/auth/session";
import { credentialDryRun } from "@/lib/components";
import { env } from "@/lib/env";
import { getAuthClient } from "@/lib/oauth/clients";
import { RENEWABLE_TYPES } from "@/lib/oauth/renew";
import { recipeOf } from "@/lib/oauth/session-clients";
import { tokenState } from "@/lib/oauth/token-state";
import { mayForceDelete } from "@/lib/secrets/permissions";
import { isSigningType } from "@/lib/secrets/types/signing";
import { publicJwksUrl } from "@/lib/signing/operations";
import { listUsages } from "@/lib/secrets/usages";
import { loadHistory, loadSecret } from "./load";

export const metadata: Metadata = { title: "Credential" };

type Props = { params: Promise<{ id: string }> };

/** One credential: metadata, masked hints, usages and history. Viewers see it all but change nothing. */
export default async function CredentialPage({ params }: Props) {
  const me = await requireMember();
  const { id } = await params;
  const db = await getDb();
  const secret = await loadSecret(db, me.tenantId, id);
  const [usages, history, tokens] = await Promise.all([
    listUsages(db, { tenantId: me.tenantId, secretId: secret.id }),
    loadHistory(db, me.tenantId, secret.id),
    (RENEWABLE_TYPES as readonly string[]).includes(secret.type)
      ? tokenState(db, { tenantId: me.tenantId, id: secret.id })
      : null,
  ]);
  // A session login's form fields, to log in again once a login was refused (never their values).
  const loginFields =
    secret.type === "SESSION_AUTH" && tokens?.authClientId
      ? await getAuthClient(db, { tenantId: me.tenantId, id: tokens.authClientId })
          .then((c) => (c.type === "SESSION_AUTH" ? recipeOf(c).fields : undefined))
          .catch(() => undefined)
      : undefined;
  // Session and client-credentials values are a token (and the login inputs): Manage token says all there is.
  const showMasked = secret.type !== "SESSION_AUTH" && secret.type !== "OA2_CLIENT_CREDENTIALS";
  const component = componentView(secret.componentId);
  const canWrite = me.role !== "viewer";
  const actions = (
    <>
      <LinkButton href={`/credentials/${secret.id}/edit`} variant="secondary">
        Edit
      </LinkButton>
      <DeleteCredential
        secretId={secret.id}
        name={secret.name}
        usages={usages.map((u) => ({ ref: u.ref, label: u.label, active: u.active }))}
        canForce={mayForceDelete({ kind: "member", ...me })}
      />
    </>
  );

  return (
    <>
      <Breadcrumbs items={[{ label: "Credentials", href: "/" }, { label: secret.name }]} />
      <PageHeader title={secret.name} description={`${component.name} · ${typeLabel(secret.type)}`} />
      {canWrite ? (
        <section aria-label="Actions" className="mb-6 flex flex-wrap items-start gap-3">
          {credentialDryRun(component.entry, secret.type) ? (
            <TestConnectionButton secretId={secret.id}>{actions}</TestConnectionButton>
          ) : (
            actions
          )}
        </section>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-2">
        <CredentialMeta secret={secret} />
        <div className="space-y-6">
          {tokens ? (
            <ManageTokens
              secretId={secret.id}
              type={secret.type}
              loginFields={loginFields}
              componentName={component.name}
              status={secret.status}
              statusDetail={secret.statusDetail}
              tokens={tokens}
              canWrite={canWrite}
            />
          ) : null}
          <ConfigValues config={secret.config} entry={component.entry} />
          {isSigningType(secret.type) ? (
            <SigningKeyPanel
              secretId={secret.id}
              type={secret.type}
              masked={secret.maskedValue}
              exportable={secret.exportable === true}
              publishJwks={secret.publishJwks === true}
              jwksUrl={publicJwksUrl(secret.id)}
              canWrite={canWrite}
            />
          ) : showMasked ? (
            <MaskedValues type={secret.type} masked={secret.maskedValue} />
          ) : null}
        </div>
        <UseItPanel secretId={secret.id} baseUrl={env().PUBLIC_URL} />
        <UsagesList usages={usages} />
        <StatusHistory events={history} />
      </div>
    </>
  );
}
