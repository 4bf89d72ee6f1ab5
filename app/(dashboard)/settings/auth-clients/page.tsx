import type { Metadata } from "next";
import Link from "next/link";
import { DeleteAuthClientButton } from "@/components/auth-clients/delete-auth-client-client";
import { ComponentLogo } from "@/components/credentials/component-logo";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { LinkButton } from "@/components/ui/link-button";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { Table, TBody, Td, Th, THead } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/auth/session";
import { getComponent } from "@/lib/components";
import { listAuthClients, publicAuthClient } from "@/lib/oauth/clients";

export const metadata: Metadata = { title: "Auth clients" };

const TYPE_LABELS = {
  OA2_AUTHORIZATION_CODE: "OAuth app",
  OA2_CLIENT_CREDENTIALS: "Client credentials",
  SESSION_AUTH: "Session login",
} as const;

const PER_PAGE = 30;
type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** The tenant's auth clients: OAuth apps, client-credentials clients and session-auth login recipes. Admins create and delete them; developers read them. */
export default async function AuthClientsPage({ searchParams }: Props) {
  const me = await requireRole("admin", "developer");
  const admin = me.role === "admin";
  const raw = (await searchParams).page;
  const page = Math.max(1, Number.parseInt(typeof raw === "string" ? raw : "1", 10) || 1);
  const { rows, total } = await listAuthClients(await getDb(), {
    tenantId: me.tenantId,
    page: { page, perPage: PER_PAGE, offset: (page - 1) * PER_PAGE },
  });
  // The public shape: the client secret only as its hint, in the HTML and the RSC payload alike.
  const clients = rows.map(publicAuthClient);
  const create = admin ? <LinkButton href="/settings/auth-clients/new">New auth client</LinkButton> : null;

  return (
    <>
      <PageHeader
        title="Auth clients"
        description={
          admin
            ? "The OAuth apps, client-credentials clients and login recipes your end users connect through. Register each OAuth app at its provider with the redirect URI shown on its page."
            : "The OAuth apps, client-credentials clients and login recipes your end users connect through. Only admins can change them."
        }
      />
      {clients.length === 0 ? (
        <EmptyState title="No auth clients yet" action={create}>
          <p>
            Add the client ID and secret of an OAuth app you registered at a provider, so end users can connect with
            OAuth; a client-credentials client; or a login recipe for an API that hands out tokens from a login call.
          </p>
        </EmptyState>
      ) : (
        <Card>
          <CardHeader title="Clients" actions={create} />
          <Table caption="Auth clients">
            <THead>
              <tr>
                <Th>Name</Th>
                <Th>Type</Th>
                <Th>Component</Th>
                <Th>Client ID</Th>
                <Th>Client secret</Th>
                <Th>Created</Th>
                {admin ? (
                  <Th>
                    <span className="sr-only">Actions</span>
                  </Th>
                ) : null}
              </tr>
            </THead>
            <TBody>
              {clients.map((c) => {
                const entry = c.componentId ? getComponent(c.componentId) : undefined;
                const custom = c.type === "SESSION_AUTH" ? "Custom session auth" : "Custom OAuth2";
                return (
                  <tr key={c.id}>
                    <Td className="font-medium">
                      <Link href={`/settings/auth-clients/${c.id}`} className="text-brand-700 hover:underline">
                        {c.name}
                      </Link>
                    </Td>
                    <Td>{TYPE_LABELS[c.type]}</Td>
                    <Td>
                      <span className="flex items-center gap-2">
                        <ComponentLogo name={entry?.name ?? custom} logo={entry?.logo} size="sm" />
                        {entry?.name ?? custom}
                      </span>
                    </Td>
                    <Td className="font-mono text-xs">{c.type === "SESSION_AUTH" ? "—" : c.clientId}</Td>
                    <Td className="font-mono text-xs">
                      {c.type === "SESSION_AUTH" ? "—" : (c.clientSecretHint ?? "None")}
                    </Td>
                    <Td>
                      <Time value={c.createdAt} />
                    </Td>
                    {admin ? (
                      <Td className="text-right">
                        <DeleteAuthClientButton id={c.id} name={c.name} />
                      </Td>
                    ) : null}
                  </tr>
                );
              })}
            </TBody>
          </Table>
          {total > PER_PAGE ? (
            <Pagination
              className="border-t border-slate-200 px-5 py-3"
              page={page}
              total={total}
              totalPages={Math.ceil(total / PER_PAGE)}
              noun={["auth client", "auth clients"]}
              href={(p) => `/settings/auth-clients?page=${p}`}
            />
          ) : null}
        </Card>
      )}
    </>
  );
}
