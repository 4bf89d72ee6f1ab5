import { EmptyState } from "@/components/ui/empty-state";
import { LinkButton } from "@/components/ui/link-button";

/** A missing credential, or one of another organisation: the same answer for both. */
export default function CredentialNotFound() {
  return (
    <EmptyState title="Credential not found" action={<LinkButton href="/">Back to credentials</LinkButton>}>
      <p>It may have been deleted, or the link is wrong.</p>
    </EmptyState>
  );
}
