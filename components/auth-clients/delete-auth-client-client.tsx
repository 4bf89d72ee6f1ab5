"use client";

import { DeleteButton } from "@/components/forms/delete-button-client";

/** A list row's delete action; the API refuses (409 in_use) while connections use the client. */
export function DeleteAuthClientButton({ id, name }: { id: string; name: string }) {
  return (
    <DeleteButton
      url={`/api/v1/auth-clients/${id}`}
      triggerLabel="Delete"
      triggerAriaLabel={`Delete ${name}`}
      title={`Delete the auth client "${name}"?`}
      description="New connections can no longer use it, and pending authorisations through it fail. A client that connections still use cannot be deleted."
      confirmLabel="Delete auth client"
      success={`Deleted the auth client "${name}".`}
      failure="Could not delete the auth client."
    />
  );
}
