"use client";

import { DeleteButton } from "@/components/forms/delete-button-client";

export function RevokeApiKeyButton({ id, name }: { id: string; name: string }) {
  return (
    <DeleteButton
      url={`/api/v1/api-keys/${id}`}
      triggerLabel="Revoke"
      triggerAriaLabel={`Revoke ${name}`}
      title={`Revoke the key "${name}"?`}
      description="Requests using it are refused at once. Anything still using it stops working. This cannot be undone."
      confirmLabel="Revoke key"
      success={`Revoked the key "${name}".`}
      failure="Could not revoke the key."
    />
  );
}
