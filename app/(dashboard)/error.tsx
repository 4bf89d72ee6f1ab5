"use client";

import { Button } from "@/components/ui/button";
import { LinkButton } from "@/components/ui/link-button";
import { StatusBody } from "@/components/ui/status-page";

/**
 * A dashboard page that failed to render. The server logged the error with its digest; the
 * page shows only the digest (never the message, which could hold internals) and two ways on.
 */
export default function DashboardError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <StatusBody
      code="Error"
      title="Something went wrong"
      actions={
        <>
          <Button onClick={reset}>Try again</Button>
          <LinkButton href="/" variant="secondary">
            Back to credentials
          </LinkButton>
        </>
      }
    >
      <p>This page could not be shown. Try again; if it keeps failing, quote the reference below when reporting it.</p>
      {error.digest ? <p className="mt-2 font-mono text-xs text-slate-500">Reference: {error.digest}</p> : null}
    </StatusBody>
  );
}
