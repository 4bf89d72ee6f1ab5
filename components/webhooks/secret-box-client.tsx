"use client";

import { ShowOnceBox } from "@/components/forms/show-once-box-client";

/**
 * The one and only display of an endpoint's signing secret, with a copy button: a new
 * endpoint's, or a rotated one's (`previousUntil`: until when the old secret still signs too).
 */
export function SigningSecretBox({
  url,
  secret,
  onDone,
  rotated,
}: {
  url: string;
  secret: string;
  onDone: () => void;
  rotated?: { previousUntil: string | null };
}) {
  const overlap = rotated?.previousUntil
    ? ` Deliveries carry a signature under the old secret too until ${new Date(rotated.previousUntil).toUTCString()}, so update your receiver before then.`
    : rotated
      ? " The old secret no longer signs anything."
      : "";
  return (
    <ShowOnceBox
      title={rotated ? "Copy the new signing secret now" : "Copy the signing secret now"}
      description={
        <>
          Your receiver at {url} checks each delivery&apos;s <code>webhook-signature</code> with it.{overlap} This is
          the only time it is shown: if you lose it, rotate the secret again.
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
