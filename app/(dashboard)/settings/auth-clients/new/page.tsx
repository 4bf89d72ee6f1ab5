import type { Metadata } from "next";
import Link from "next/link";
import { AuthClientForm } from "@/components/auth-clients/auth-client-form-client";
import { providerDocsUrl } from "@/components/credentials/form/docs-link";
import { SessionRecipeForm } from "@/components/auth-clients/session-recipe-form-client";
import { cn } from "@/components/ui/cn";
import { PageHeader } from "@/components/ui/page-header";
import { requireRole } from "@/lib/auth/session";
import { getComponent, type ComponentEntry } from "@/lib/components";
import { redirectUri } from "@/lib/oauth/clients";
import { CUSTOM_OAUTH2, CUSTOM_SESSION, oauthComponents } from "@/lib/oauth/defaults";

export const metadata: Metadata = { title: "New auth client" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const TYPES = [
  { type: "OA2_AUTHORIZATION_CODE", label: "OAuth app", custom: CUSTOM_OAUTH2 },
  { type: "OA2_CLIENT_CREDENTIALS", label: "Client credentials", custom: CUSTOM_OAUTH2 },
  { type: "SESSION_AUTH", label: "Session login recipe", custom: CUSTOM_SESSION },
] as const;
type ClientType = (typeof TYPES)[number]["type"];

// The custom entry first, then the catalogue by name; the session list only has recipes or the custom one.
const options = (type: ClientType, custom: string) =>
  oauthComponents(type)
    .filter((c: ComponentEntry) => type !== "SESSION_AUTH" || c.id === custom || c.session)
    .sort((a, b) => (a.id === custom ? -1 : b.id === custom ? 1 : 0))
    .map((c) => ({ id: c.id, name: c.name, docsUrl: providerDocsUrl(c, "oauth") }));

/**
 * Create an auth client: `?type=` picks an OAuth app (authorization code), a client-credentials
 * client or a session-auth login recipe; `?component=<id>` opens the form pre-filled for that
 * component. Without a type, the first one the component accepts.
 */
export default async function NewAuthClientPage({ searchParams }: Props) {
  await requireRole("admin");
  const query = await searchParams;
  const wanted = typeof query.component === "string" ? query.component : undefined;
  const asked = TYPES.find((t) => t.type === query.type);
  const accepting = wanted ? TYPES.find((t) => options(t.type, t.custom).some((c) => c.id === wanted)) : undefined;
  const current = asked ?? accepting ?? TYPES[0];
  const components = options(current.type, current.custom);
  const initial = wanted && components.some((c) => c.id === wanted) ? wanted : current.custom;
  const entry = getComponent(initial);
  const named = entry && initial !== current.custom ? entry.name : undefined;
  const description =
    current.type === "SESSION_AUTH"
      ? "Describe how to log in: the form your end users fill in, the login request, and where the token is in the answer."
      : current.type === "OA2_CLIENT_CREDENTIALS"
        ? `Enter the client ID and secret of a machine-to-machine OAuth client${named ? ` at ${named}` : ""}. There is no browser step.`
        : named
          ? `Register an OAuth app at ${named} with the redirect URI below, then enter its client ID and secret.`
          : "Register an OAuth app at the provider with the redirect URI below, then enter its details.";

  return (
    <>
      <PageHeader title="New auth client" description={description} />
      <nav aria-label="Auth client type" className="mb-6">
        <ul className="flex flex-wrap gap-2">
          {TYPES.map((t) => (
            <li key={t.type}>
              <Link
                href={`/settings/auth-clients/new?type=${t.type}`}
                aria-current={t.type === current.type ? "page" : undefined}
                className={cn(
                  "inline-block rounded-md px-3 py-1.5 text-sm font-medium ring-1 ring-slate-300",
                  t.type === current.type ? "bg-brand-600 text-white ring-brand-600" : "bg-white text-slate-700",
                )}
              >
                {t.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {current.type === "SESSION_AUTH" ? (
        <SessionRecipeForm key={initial} mode="create" components={components} initialComponent={initial} />
      ) : (
        <AuthClientForm
          key={`${current.type}:${initial}`}
          mode="create"
          type={current.type}
          components={components}
          initialComponent={initial}
          redirectUri={redirectUri()}
        />
      )}
    </>
  );
}
