import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Breadcrumbs } from "@/components/ui/breadcrumbs";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { LinkButton } from "@/components/ui/link-button";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { settingsCrumbs } from "@/components/ui/settings-sections";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TBody, Td, Th, THead } from "@/components/ui/table";
import { EndpointToggle, ResendButton, RotateSecretButton } from "@/components/webhooks/endpoint-actions-client";
import { DeliveryStatus, EndpointStatus } from "@/components/webhooks/status-badges";
import { getDb } from "@/db/client";
import { ApiError } from "@/lib/api/errors";
import { requireRole } from "@/lib/auth/session";
import { getWebhookEndpoint, listDeliveries } from "@/lib/webhooks/endpoints";
import { publicWebhookDelivery, publicWebhookEndpoint, type WebhookDeliveryView } from "@/lib/webhooks/public";

export const metadata: Metadata = { title: "Webhook endpoint" };

const PAGE_SIZE = 25;
const UNTIL = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

type Props = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

async function load(tenantId: string, id: string, pageNumber: number) {
  const db = await getDb();
  try {
    const endpoint = publicWebhookEndpoint(await getWebhookEndpoint(db, { tenantId, id }));
    const page = { page: pageNumber, perPage: PAGE_SIZE, offset: (pageNumber - 1) * PAGE_SIZE };
    const { rows, total } = await listDeliveries(db, { tenantId, endpointId: id, page });
    return { endpoint, deliveries: rows.map((r) => publicWebhookDelivery(r.delivery, r.attempts)), total };
  } catch (err) {
    // Another tenant's endpoint, a deleted one and a malformed id look the same.
    if (err instanceof ApiError && err.code === "not_found") notFound();
    throw err;
  }
}

/** One endpoint: its state (with the failure flag) and its delivery log with Resend. */
export default async function WebhookEndpointPage({ params, searchParams }: Props) {
  const me = await requireRole("admin");
  const { id } = await params;
  const raw = Number((await searchParams).page);
  const pageNumber = Number.isInteger(raw) && raw > 0 ? raw : 1;
  const { endpoint, deliveries, total } = await load(me.tenantId, id, pageNumber);
  const totalPages = Math.max(1, Math.ceil(total / PAGE_SIZE));

  return (
    <>
      <Breadcrumbs items={[...settingsCrumbs("webhooks"), { label: endpoint.description || endpoint.url }]} />
      <PageHeader title="Webhook endpoint" description={endpoint.description ?? undefined} />
      <div className="mb-6">
        <LinkButton href="/settings/webhooks" variant="secondary" size="sm">
          All endpoints
        </LinkButton>
      </div>
      <div className="space-y-8">
        {!endpoint.enabled ? (
          <div role="status" className="rounded-md bg-red-50 px-4 py-3 text-sm text-red-800 ring-1 ring-red-200">
            <p className="font-semibold">This endpoint is disabled: it receives no events.</p>
            <p className="mt-1">
              {endpoint.disabledReason}
              {endpoint.disabledAt ? (
                <>
                  {" "}
                  (<RelativeTime value={endpoint.disabledAt} />)
                </>
              ) : null}
              . Fix the receiver, then enable it again and resend what it missed.
            </p>
          </div>
        ) : null}
        <Card>
          <CardHeader
            title="Endpoint"
            actions={<EndpointToggle id={endpoint.id} url={endpoint.url} enabled={endpoint.enabled} />}
          />
          <CardBody>
            <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-[10rem_1fr]">
              <dt className="text-slate-500">URL</dt>
              <dd className="font-mono break-all">{endpoint.url}</dd>
              <dt className="text-slate-500">Status</dt>
              <dd>
                <EndpointStatus endpoint={endpoint} />
              </dd>
              <dt className="text-slate-500">Events</dt>
              <dd className="font-mono text-xs">{endpoint.events.join(", ")}</dd>
              <dt className="text-slate-500">Last success</dt>
              <dd>
                <RelativeTime value={endpoint.lastSuccessAt} />
              </dd>
              <dt className="text-slate-500">Signing secret</dt>
              <dd className="space-y-2">
                <p>
                  {endpoint.previousSecretExpiresAt ? (
                    <>
                      Rotated: the previous secret also signs until{" "}
                      <time dateTime={endpoint.previousSecretExpiresAt}>
                        {UNTIL.format(new Date(endpoint.previousSecretExpiresAt))} UTC
                      </time>
                      .
                    </>
                  ) : (
                    "Shown only when it is made. Rotate it if it may have leaked, or on a schedule."
                  )}
                </p>
                <RotateSecretButton id={endpoint.id} url={endpoint.url} />
              </dd>
            </dl>
          </CardBody>
        </Card>
        <Card>
          <CardHeader
            title="Delivery log"
            description="Each event sent here, newest first: the receiver's status code and how long it took, never the body."
          />
          {deliveries.length === 0 ? (
            <p className="px-5 py-6 text-sm text-slate-600">Nothing sent yet.</p>
          ) : (
            <>
              <Table caption="Deliveries">
                <THead>
                  <tr>
                    <Th>Event</Th>
                    <Th>Status</Th>
                    <Th>Attempts</Th>
                    <Th>Last answer</Th>
                    <Th>Created</Th>
                    <Th>
                      <span className="sr-only">Actions</span>
                    </Th>
                  </tr>
                </THead>
                <TBody>
                  {deliveries.map((d) => (
                    <DeliveryRow key={d.id} endpointId={endpoint.id} delivery={d} canResend={endpoint.enabled} />
                  ))}
                </TBody>
              </Table>
              <div className="border-t border-slate-200 px-5 py-3">
                <Pagination
                  page={pageNumber}
                  total={total}
                  totalPages={totalPages}
                  noun={["delivery", "deliveries"]}
                  href={(p) => `/settings/webhooks/${endpoint.id}?page=${p}`}
                />
              </div>
            </>
          )}
        </Card>
      </div>
    </>
  );
}

/** "500 in 120 ms", "timeout after 5000 ms", or a dash before the first attempt. */
function answer(a: { statusCode: number | null; durationMs: number | null; error: string | null }) {
  if (a.durationMs === null) return "—";
  const what = a.statusCode !== null ? String(a.statusCode) : (a.error ?? "no answer");
  return `${what} in ${a.durationMs} ms`;
}

function DeliveryRow({
  endpointId,
  delivery: d,
  canResend,
}: {
  endpointId: string;
  delivery: WebhookDeliveryView;
  canResend: boolean;
}) {
  return (
    <tr>
      <Td>
        <code className="text-xs font-medium">{d.eventType}</code>
        <p className="font-mono text-xs text-slate-500">{d.messageId}</p>
        {d.resendOf ? <p className="text-xs text-slate-500">Resent</p> : null}
      </Td>
      <Td>
        <DeliveryStatus delivery={d} />
        {d.status === "pending" && d.attempts > 0 ? (
          <p className="mt-1 text-xs text-slate-600">
            next <RelativeTime value={d.nextAttemptAt} />
          </p>
        ) : null}
      </Td>
      <Td>
        {d.log.length === 0 ? (
          "0"
        ) : (
          <details>
            <summary className="cursor-pointer">{d.attempts}</summary>
            <ol className="mt-1 space-y-0.5 text-xs text-slate-600">
              {d.log.map((a) => (
                <li key={a.attempt}>
                  #{a.attempt}: {answer(a)}
                </li>
              ))}
            </ol>
          </details>
        )}
      </Td>
      <Td className="text-xs whitespace-nowrap">
        {answer({ statusCode: d.lastStatusCode, durationMs: d.lastDurationMs, error: d.lastError })}
      </Td>
      <Td>
        <RelativeTime value={d.createdAt} />
      </Td>
      <Td className="text-right">
        {canResend ? (
          <ResendButton endpointId={endpointId} deliveryId={d.id} label={`${d.eventType} ${d.messageId}`} />
        ) : null}
      </Td>
    </tr>
  );
}
