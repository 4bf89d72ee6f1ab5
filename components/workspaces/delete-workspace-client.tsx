"use client";

import { DeleteButton } from "@/components/forms/delete-button-client";

export function DeleteWorkspaceButton({ id, slug }: { id: string; slug: string }) {
  return (
    <DeleteButton
      url={`/api/v1/workspaces/${id}`}
      triggerLabel="Delete"
      triggerAriaLabel={`Delete ${slug}`}
      title={`Delete the workspace "${slug}"?`}
      description="Only an empty workspace can be deleted. API calls naming it will fail afterwards."
      confirmLabel="Delete workspace"
      success={`Deleted the workspace "${slug}".`}
      failure="Could not delete the workspace."
    />
  );
}
