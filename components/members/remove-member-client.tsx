"use client";

import { useRouter } from "next/navigation";
import { apiRequest, ApiRequestError } from "@/components/forms/api-request";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useToast } from "@/components/ui/toast";

export function RemoveMemberButton({ memberId, email }: { memberId: string; email: string }) {
  const router = useRouter();
  const toast = useToast();

  async function remove() {
    try {
      await apiRequest(`/api/v1/members/${memberId}`, "DELETE");
    } catch (err) {
      toast.error(err instanceof ApiRequestError ? err.message : "Could not remove the member.");
      return;
    }
    toast.success(`Removed ${email}.`);
    router.refresh();
  }

  return (
    <ConfirmDialog
      triggerLabel="Remove"
      triggerAriaLabel={`Remove ${email}`}
      title={`Remove ${email}?`}
      description="They lose access to the dashboard at once and their login is deleted. This cannot be undone."
      confirmLabel="Remove member"
      onConfirm={remove}
    />
  );
}
