import { LinkButton } from "@/components/ui/link-button";
import { StatusBody } from "@/components/ui/status-page";

/** A dashboard page that called notFound(): inside the shell, so the navigation stays at hand. */
export default function DashboardNotFound() {
  return (
    <StatusBody code="404" title="Page not found" actions={<LinkButton href="/">Back to credentials</LinkButton>}>
      <p>There is nothing at this address in your organisation. It may have been deleted, or the link is wrong.</p>
    </StatusBody>
  );
}
