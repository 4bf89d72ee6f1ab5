"use client";

import { useRouter } from "next/navigation";
import { apiRequest, ApiRequestError } from "@/components/forms/api-request";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useToast } from "@/components/ui/toast";

export function RevokeApiKeyButton({ id, name }: { id: string; name: string }) {
  const router = useRouter();
  const toast = useToast();

  async function revoke() {
    try {
      await apiRequest(`/api/v1/api-keys/${id}`, "DELETE");
    } catch (err) {
      toast.error(err instanceof ApiRequestError ? err.message : "Could not revoke the key.");
      return;
    }
    toast.success(`Revoked the key "${name}".`);
    router.refresh();
  }

  return (
    <ConfirmDialog
      triggerLabel="Revoke"
      triggerAriaLabel={`Revoke ${name}`}
      title={`Revoke the key "${name}"?`}
      description="Requests using it are refused at once. Anything still using it stops working. This cannot be undone."
      confirmLabel="Revoke key"
      onConfirm={revoke}
    />
  );
}
