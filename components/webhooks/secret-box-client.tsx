"use client";

import { ShowOnceBox } from "@/components/forms/show-once-box-client";

/** The one and only display of a new endpoint's signing secret, with a copy button. */
export function SigningSecretBox({ url, secret, onDone }: { url: string; secret: string; onDone: () => void }) {
  return (
    <ShowOnceBox
      title="Copy the signing secret now"
      description={
        <>
          Your receiver at {url} checks each delivery&apos;s <code>webhook-signature</code> with it. This is the only
          time it is shown: if you lose it, delete the endpoint and add it again.
        </>
      }
      label="Signing secret"
      copiedMessage="Signing secret copied to the clipboard."
      noun="secret"
      secret={secret}
      onDone={onDone}
    />
  );
}
