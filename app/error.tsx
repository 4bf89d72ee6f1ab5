"use client";

import { Button } from "@/components/ui/button";
import { LinkButton } from "@/components/ui/link-button";
import { StatusPage } from "@/components/ui/status-page";

/** A page outside the dashboard (log-in, sign-up) that failed to render: the digest only, and ways on. */
export default function RootError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <StatusPage
      code="Error"
      title="Something went wrong"
      actions={
        <>
          <Button onClick={reset}>Try again</Button>
          <LinkButton href="/" variant="secondary">
            Back to the dashboard
          </LinkButton>
        </>
      }
    >
      <p>This page could not be shown. Try again; if it keeps failing, quote the reference below when reporting it.</p>
      {error.digest ? <p className="mt-2 font-mono text-xs text-slate-500">Reference: {error.digest}</p> : null}
    </StatusPage>
  );
}
