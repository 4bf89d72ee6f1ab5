import type { Metadata } from "next";
import { LinkButton } from "@/components/ui/link-button";
import { StatusPage } from "@/components/ui/status-page";

export const metadata: Metadata = { title: "Page not found" };

/** Any address no route answers: say so, and offer the way back. */
export default function NotFound() {
  return (
    <StatusPage
      code="404"
      title="Page not found"
      actions={
        <>
          <LinkButton href="/">Back to credentials</LinkButton>
          <LinkButton href="/api-docs" variant="secondary">
            API docs
          </LinkButton>
        </>
      }
    >
      <p>There is nothing at this address. The link may be out of date, or the page was moved.</p>
    </StatusPage>
  );
}
