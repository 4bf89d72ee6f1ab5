"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiRequest, ApiRequestError } from "@/components/forms/api-request";
import { DeleteButton } from "@/components/forms/delete-button-client";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useHydrated } from "@/components/ui/use-hydrated";
import { useToast } from "@/components/ui/toast";
import { SigningSecretBox } from "./secret-box-client";

/** PATCHes `enabled`, then a toast and a refresh. */
function useToggle(id: string) {
  const router = useRouter();
  const toast = useToast();
  return async (enabled: boolean) => {
    try {
      await apiRequest(`/api/v1/webhooks/${id}`, "PATCH", { enabled });
    } catch (err) {
      toast.error(err instanceof ApiRequestError ? err.message : "Could not change the endpoint.");
      return;
    }
    toast.success(enabled ? "Enabled the endpoint." : "Disabled the endpoint.");
    router.refresh();
  };
}

/** Enable (at once) or disable (after a confirmation: its pending deliveries are dropped). */
export function EndpointToggle({ id, url, enabled }: { id: string; url: string; enabled: boolean }) {
  const toggle = useToggle(id);
  const hydrated = useHydrated();
  const [pending, setPending] = useState(false);
  if (!enabled) {
    return (
      <Button
        variant="secondary"
        size="sm"
        aria-label={`Enable ${url}`}
        disabled={!hydrated || pending}
        onClick={async () => {
          setPending(true);
          await toggle(true).finally(() => setPending(false));
        }}
      >
        Enable
      </Button>
    );
  }
  return (
    <ConfirmDialog
      triggerLabel="Disable"
      triggerAriaLabel={`Disable ${url}`}
      title="Disable this endpoint?"
      description="No events are sent to it while it is disabled, and deliveries still waiting are dropped. You can enable it again."
      confirmLabel="Disable endpoint"
      onConfirm={() => toggle(false)}
    />
  );
}

/** Deletes the endpoint with its delivery log. */
export function DeleteEndpointButton({ id, url }: { id: string; url: string }) {
  return (
    <DeleteButton
      url={`/api/v1/webhooks/${id}`}
      triggerLabel="Delete"
      triggerAriaLabel={`Delete ${url}`}
      title="Delete this endpoint?"
      description={`${url} gets no more events, and its delivery log is deleted with it.`}
      confirmLabel="Delete endpoint"
      success="Deleted the endpoint."
      failure="Could not delete the endpoint."
    />
  );
}

/** Queues a delivery's event again (same webhook-id), due now. */
export function ResendButton({
  endpointId,
  deliveryId,
  label,
}: {
  endpointId: string;
  deliveryId: string;
  label: string;
}) {
  const router = useRouter();
  const toast = useToast();
  const hydrated = useHydrated();
  const [pending, setPending] = useState(false);
  async function resend() {
    setPending(true);
    try {
      await apiRequest(`/api/v1/webhooks/${endpointId}/deliveries/${deliveryId}/resend`, "POST");
      toast.success("Queued the event again; it goes out within seconds.");
      router.refresh();
    } catch (err) {
      toast.error(err instanceof ApiRequestError ? err.message : "Could not resend the event.");
    } finally {
      setPending(false);
    }
  }
  return (
    <Button
      variant="secondary"
      size="sm"
      aria-label={`Resend ${label}`}
      disabled={!hydrated || pending}
      onClick={resend}
    >
      {pending ? "Resending…" : "Resend"}
    </Button>
  );
}

/**
 * Rotates the signing secret after a confirmation, then shows the new one once. The old one
 * keeps signing next to it for a day (the API's default overlap).
 */
export function RotateSecretButton({ id, url }: { id: string; url: string }) {
  const router = useRouter();
  const toast = useToast();
  const [shown, setShown] = useState<{ secret: string; previousUntil: string | null } | null>(null);
  if (shown) {
    return (
      <SigningSecretBox
        url={url}
        secret={shown.secret}
        rotated={{ previousUntil: shown.previousUntil }}
        onDone={() => {
          setShown(null);
          router.refresh();
        }}
      />
    );
  }
  return (
    <ConfirmDialog
      triggerLabel="Rotate signing secret"
      triggerAriaLabel={`Rotate the signing secret of ${url}`}
      title="Rotate the signing secret?"
      description="A new secret is made and shown once. For a day, deliveries are signed with both the old and the new secret, so your receiver can switch over without missing any."
      confirmLabel="Rotate secret"
      onConfirm={async () => {
        try {
          const res = await apiRequest<{ secret: string; previousSecretExpiresAt: string | null }>(
            `/api/v1/webhooks/${id}/rotate-secret`,
            "POST",
            {},
          );
          if (res) setShown({ secret: res.secret, previousUntil: res.previousSecretExpiresAt });
        } catch (err) {
          toast.error(err instanceof ApiRequestError ? err.message : "Could not rotate the signing secret.");
        }
      }}
    />
  );
}
