"use client";

import { ShowOnceBox } from "@/components/forms/show-once-box-client";

/** The one and only display of a new key's plaintext, with a copy button. */
export function NewKeyBox({ name, secret, onDone }: { name: string; secret: string; onDone: () => void }) {
  return (
    <ShowOnceBox
      title={<>Copy your new key &ldquo;{name}&rdquo; now</>}
      description={
        <>
          This is the only time it is shown: it won&apos;t be shown again. Store it in your secret manager; if you lose
          it, revoke it and create another.
        </>
      }
      label="New API key"
      copiedMessage="API key copied to the clipboard."
      noun="key"
      secret={secret}
      onDone={onDone}
    />
  );
}
