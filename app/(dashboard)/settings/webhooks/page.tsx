import type { Metadata } from "next";
import Link from "next/link";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TBody, Td, Th, THead } from "@/components/ui/table";
import { CreateWebhookForm } from "@/components/webhooks/create-webhook-client";
import { DeleteEndpointButton, EndpointToggle } from "@/components/webhooks/endpoint-actions-client";
import { EndpointStatus } from "@/components/webhooks/status-badges";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/auth/session";
import { connectionEventTypes } from "@/lib/events/types";
import { listWebhookEndpoints } from "@/lib/webhooks/endpoints";
import { publicWebhookEndpoint } from "@/lib/webhooks/public";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  const me = await requireRole("admin");
  // The public view has no signing secret: nothing secret reaches the HTML or the RSC payload.
  const endpoints = (await listWebhookEndpoints(await getDb(), { tenantId: me.tenantId })).map(publicWebhookEndpoint);

  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Your backend hears when your customers' connections are created, change, break or recover. Each delivery is signed (Standard Webhooks) and retried for a day."
      />
      <div className="space-y-8">
        <CreateWebhookForm />
        <Card>
          <CardHeader title="Endpoints" />
          {endpoints.length === 0 ? (
            <p className="px-5 py-6 text-sm text-slate-600">No endpoints yet. Add one above.</p>
          ) : (
            <Table caption="Webhook endpoints">
              <THead>
                <tr>
                  <Th>URL</Th>
                  <Th>Events</Th>
                  <Th>Status</Th>
                  <Th>Last success</Th>
                  <Th>
                    <span className="sr-only">Actions</span>
                  </Th>
                </tr>
              </THead>
              <TBody>
                {endpoints.map((e) => (
                  <tr key={e.id}>
                    <Td className="max-w-xs">
                      <Link
                        href={`/settings/webhooks/${e.id}`}
                        className="font-medium break-all text-brand-700 hover:underline"
                      >
                        {e.url}
                      </Link>
                      {e.description ? <p className="text-xs text-slate-500">{e.description}</p> : null}
                    </Td>
                    <Td className="text-xs">
                      {e.events.length === connectionEventTypes.length ? "All events" : e.events.join(", ")}
                    </Td>
                    <Td>
                      <EndpointStatus endpoint={e} />
                      {!e.enabled && e.disabledReason ? (
                        <p className="mt-1 text-xs text-slate-600">{e.disabledReason}</p>
                      ) : null}
                    </Td>
                    <Td>
                      <RelativeTime value={e.lastSuccessAt} />
                    </Td>
                    <Td className="text-right whitespace-nowrap">
                      <span className="inline-flex gap-2">
                        <EndpointToggle id={e.id} url={e.url} enabled={e.enabled} />
                        <DeleteEndpointButton id={e.id} url={e.url} />
                      </span>
                    </Td>
                  </tr>
                ))}
              </TBody>
            </Table>
          )}
        </Card>
      </div>
    </>
  );
}
