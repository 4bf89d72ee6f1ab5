import type { Metadata } from "next";
import { ComponentLogo } from "@/components/credentials/component-logo";
import { typeLabel } from "@/components/credentials/labels";
import { CreateCredentialForm } from "@/components/credentials/form/create-credential-client";
import { AuthTypePicker } from "@/components/credentials/new/auth-type-picker";
import { ComponentPicker } from "@/components/credentials/new/component-picker-client";
import { formComponent, resolveStep } from "@/components/credentials/new/new-query";
import { Steps } from "@/components/credentials/new/steps";
import { TokenConnectPanel } from "@/components/credentials/new/token-connect-panel";
import { OAuthConnectPanel } from "@/components/oauth/connect-panel";
import { Breadcrumbs } from "@/components/ui/breadcrumbs";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/auth/session";
import { catalogue } from "@/lib/components";
import { listWorkspaces } from "@/lib/tenants/workspaces";

export const metadata: Metadata = { title: "Add credential" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const pickerItems = catalogue.map((e) => ({ id: e.id, name: e.name, category: e.category, logo: e.logo ?? null }));

// "Credentials › Add credential › Stripe": the app, once picked, is the current crumb.
const crumbs = (app: string | null) => (
  <Breadcrumbs
    items={[
      { label: "Credentials", href: "/" },
      app ? { label: "Add credential", href: "/credentials/new" } : { label: "Add credential" },
      ...(app ? [{ label: app }] : []),
    ]}
  />
);

/** Add a credential in three linkable steps: `/credentials/new?component=http-api&type=API_KEY`. */
export default async function NewCredentialPage({ searchParams }: Props) {
  const me = await requireRole("admin", "developer");
  const state = resolveStep(await searchParams);

  if (state.step === 1) {
    return (
      <>
        {crumbs(null)}
        <PageHeader title="Add credential" description="Pick the app or service the credential is for." />
        {state.unknown ? (
          <p
            role="alert"
            className="mb-6 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200"
          >
            There is no app called <code className="font-mono">{state.unknown}</code> in the catalogue. The link may be
            out of date: pick the app below instead.
          </p>
        ) : null}
        <Steps current={1} hrefs={{}} />
        <h2 className="mb-4 text-lg font-semibold text-slate-900">Choose an app</h2>
        <ComponentPicker items={pickerItems} />
      </>
    );
  }

  const { entry, types, hasCodeFlow, hasClientCredentials, hasSessionAuth } = state;
  const workspaces = await listWorkspaces(await getDb(), { tenantId: me.tenantId });
  const defaultWorkspace = workspaces.find((w) => w.slug === "production")?.slug ?? workspaces[0]?.slug ?? "";
  const panel = {
    tenantId: me.tenantId,
    role: me.role,
    entry,
    workspaces: workspaces.map((w) => ({ slug: w.slug, name: w.name })),
    defaultWorkspace,
  };
  // The ways to connect that are not a static form: OAuth Connect, client credentials, a session login.
  const oauth =
    hasCodeFlow || hasClientCredentials || hasSessionAuth ? (
      <>
        {hasCodeFlow ? <OAuthConnectPanel {...panel} /> : null}
        {hasClientCredentials ? <TokenConnectPanel type="OA2_CLIENT_CREDENTIALS" {...panel} /> : null}
        {hasSessionAuth ? <TokenConnectPanel type="SESSION_AUTH" {...panel} /> : null}
      </>
    ) : null;
  const componentHref = `/credentials/new?component=${encodeURIComponent(entry.id)}`;
  const heading = (
    <div className="mb-4 flex items-center gap-3">
      <ComponentLogo name={entry.name} logo={entry.logo} size="lg" />
      <h2 className="text-lg font-semibold text-slate-900">
        {state.step === 2 ? `How do you connect to ${entry.name}?` : `${entry.name}: ${typeLabel(state.type)}`}
      </h2>
    </div>
  );

  if (state.step === 2) {
    return (
      <>
        {crumbs(entry.name)}
        <PageHeader title="Add credential" description={entry.description} />
        <Steps current={2} hrefs={{ 1: "/credentials/new" }} />
        {heading}
        <div className="space-y-4">
          {types.length > 0 ? <AuthTypePicker componentId={entry.id} types={types} /> : null}
          {oauth}
        </div>
      </>
    );
  }

  return (
    <>
      {crumbs(entry.name)}
      <PageHeader title="Add credential" description={entry.description} />
      <Steps current={3} hrefs={{ 1: "/credentials/new", 2: types.length > 1 ? componentHref : undefined }} />
      {heading}
      {oauth && types.length === 1 ? <div className="mb-6 space-y-4">{oauth}</div> : null}
      <CreateCredentialForm
        key={`${entry.id}:${state.type}`}
        type={state.type}
        component={formComponent(entry)}
        workspaces={workspaces.map((w) => ({ slug: w.slug, name: w.name }))}
        defaultWorkspace={defaultWorkspace}
        allowSkip
      />
    </>
  );
}
