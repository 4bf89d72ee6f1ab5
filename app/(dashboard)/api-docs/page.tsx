import type { Metadata } from "next";
import { GettingStarted } from "@/components/api-docs/getting-started";
import { OperationCard } from "@/components/api-docs/operation-card";
import { openApiView } from "@/components/api-docs/openapi-view";
import { SecuritySchemes } from "@/components/api-docs/security-schemes";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireMember } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { openApiDocument } from "@/lib/openapi";

export const metadata: Metadata = { title: "API docs" };

const OPENAPI_URL = "/api/v1/openapi.json";
const linkClass = "font-medium text-brand-600 hover:text-brand-700";

export default async function ApiDocsPage() {
  const me = await requireMember();
  // This server's real address, as the credential page's "Use it" panel builds it: from
  // PUBLIC_URL, never from request headers (a forged Host would otherwise be shown as the API).
  const baseUrl = env().PUBLIC_URL.replace(/\/+$/, "");
  const doc = openApiView(openApiDocument(`${baseUrl}/api/v1`));

  return (
    <>
      <PageHeader title="API docs" description={doc.info.description} />
      <div className="space-y-8">
        <p className="text-sm text-slate-600">
          {doc.info.title} {doc.info.version}, OpenAPI {doc.openapi}. Every path below is relative to{" "}
          <code className="font-mono text-xs wrap-anywhere">{doc.serverUrl}</code>. The machine-readable document is at{" "}
          {/* A route handler, not a page: a plain link, so the browser simply opens the JSON. */}
          <a href={OPENAPI_URL} className={linkClass}>
            {OPENAPI_URL}
          </a>
          .
        </p>

        <Card aria-labelledby="getting-started">
          <CardHeader titleId="getting-started" title="Getting started" />
          <GettingStarted canCreateKeys={me.role === "admin"} baseUrl={baseUrl} />
        </Card>

        <Card aria-labelledby="authentication">
          <CardHeader
            titleId="authentication"
            title="Authentication"
            description="Each endpoint lists the schemes it accepts. Send keys and tokens as Authorization: Bearer …"
          />
          <SecuritySchemes schemes={doc.securitySchemes} />
        </Card>

        <section aria-labelledby="endpoints" className="space-y-4">
          <h2 id="endpoints" className="text-lg font-semibold text-slate-900">
            Endpoints
          </h2>
          {/* Grouped by the route registry's tags, in its order. */}
          <nav aria-label="Endpoints" className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2 lg:grid-cols-3">
            {doc.tags.map((t) => (
              <div key={t.name}>
                <p id={t.anchor} className="font-medium text-slate-700">
                  {t.name}
                </p>
                <ul aria-labelledby={t.anchor} className="mt-1 space-y-0.5">
                  {t.paths.map((p) => (
                    <li key={p.path}>
                      <a href={`#${p.anchor}`} className={`font-mono text-xs ${linkClass}`}>
                        {p.path}
                      </a>
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </nav>
          {doc.tags
            .flatMap((t) => t.paths)
            .map((p) => (
              <Card key={p.path} id={p.anchor} aria-labelledby={`${p.anchor}-title`} className="scroll-mt-4">
                <h3
                  id={`${p.anchor}-title`}
                  className="border-b border-slate-200 px-5 py-3 font-mono text-sm font-semibold wrap-anywhere text-slate-900"
                >
                  {p.path}
                </h3>
                <div className="divide-y divide-slate-100">
                  {p.operations.map((op) => (
                    <OperationCard key={op.method} op={op} serverUrl={doc.serverUrl} />
                  ))}
                </div>
              </Card>
            ))}
        </section>
      </div>
    </>
  );
}
