import { EmptyState } from "@/components/ui/empty-state";
import { LinkButton } from "@/components/ui/link-button";

/** A missing auth client, or one of another organisation: the same answer for both. */
export default function AuthClientNotFound() {
  return (
    <EmptyState
      title="Auth client not found"
      action={<LinkButton href="/settings/auth-clients">Back to auth clients</LinkButton>}
    >
      <p>It may have been deleted, or the link is wrong.</p>
    </EmptyState>
  );
}
