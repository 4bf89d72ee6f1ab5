import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import type { WebhookDeliveryView, WebhookEndpointView } from "@/lib/webhooks/public";

/** Active, failing since …, or disabled: what an admin must notice first. */
export function EndpointStatus({ endpoint }: { endpoint: WebhookEndpointView }) {
  if (!endpoint.enabled) return <Badge tone="danger">Disabled</Badge>;
  if (endpoint.failingSince) {
    return (
      <span className="inline-flex flex-wrap items-center gap-1">
        <Badge tone="danger">Failing</Badge>
        <span className="text-xs text-slate-600">
          since <RelativeTime value={endpoint.failingSince} />
        </span>
      </span>
    );
  }
  return <Badge tone="success">Active</Badge>;
}

const deliveryTone = { succeeded: "success", failed: "danger", pending: "neutral" } as const;
const deliveryText = { succeeded: "Delivered", failed: "Failed", pending: "Retrying" } as const;

/** A delivery's state; a pending one that was never tried yet reads "Queued". */
export function DeliveryStatus({ delivery }: { delivery: WebhookDeliveryView }) {
  const text = delivery.status === "pending" && delivery.attempts === 0 ? "Queued" : deliveryText[delivery.status];
  return <Badge tone={deliveryTone[delivery.status]}>{text}</Badge>;
}
