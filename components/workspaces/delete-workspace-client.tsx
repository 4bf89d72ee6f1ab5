"use client";

import { useRouter } from "next/navigation";
import { apiRequest, ApiRequestError } from "@/components/forms/api-request";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useToast } from "@/components/ui/toast";

export function DeleteWorkspaceButton({ id, slug }: { id: string; slug: string }) {
  const router = useRouter();
  const toast = useToast();

  async function remove() {
    try {
      await apiRequest(`/api/v1/workspaces/${id}`, "DELETE");
    } catch (err) {
      toast.error(err instanceof ApiRequestError ? err.message : "Could not delete the workspace.");
      return;
    }
    toast.success(`Deleted the workspace "${slug}".`);
    router.refresh();
  }

  return (
    <ConfirmDialog
      triggerLabel="Delete"
      triggerAriaLabel={`Delete ${slug}`}
      title={`Delete the workspace "${slug}"?`}
      description="Only an empty workspace can be deleted. API calls naming it will fail afterwards."
      confirmLabel="Delete workspace"
      onConfirm={remove}
    />
  );
}
