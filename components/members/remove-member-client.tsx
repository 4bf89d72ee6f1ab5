"use client";

import { DeleteButton } from "@/components/forms/delete-button-client";

export function RemoveMemberButton({ memberId, email }: { memberId: string; email: string }) {
  return (
    <DeleteButton
      url={`/api/v1/members/${memberId}`}
      triggerLabel="Remove"
      triggerAriaLabel={`Remove ${email}`}
      title={`Remove ${email}?`}
      description="They lose access to the dashboard at once and their login is deleted. This cannot be undone."
      confirmLabel="Remove member"
      success={`Removed ${email}.`}
      failure="Could not remove the member."
    />
  );
}
