"use client";

import { useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { useToast } from "@/components/ui/toast";

/**
 * The one and only display of a new endpoint's signing secret, with a copy button. It
 * lives in the create form's state only, never in server-rendered HTML: a reload forgets it.
 */
export function SigningSecretBox({ url, secret, onDone }: { url: string; secret: string; onDone: () => void }) {
  const toast = useToast();
  const inputRef = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);
  const titleId = useId();
  const inputId = useId();

  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
      toast.success("Signing secret copied to the clipboard.");
    } catch {
      inputRef.current?.select();
      toast.error("Could not copy automatically. The secret is selected: press Ctrl+C or ⌘C.");
    }
  }

  return (
    <section aria-labelledby={titleId} className="rounded-md bg-amber-50 px-4 py-4 ring-1 ring-amber-300">
      <h3 id={titleId} className="text-sm font-semibold text-amber-900">
        Copy the signing secret now
      </h3>
      <p className="mt-1 text-sm break-all text-amber-900">
        Your receiver at {url} checks each delivery&apos;s <code>webhook-signature</code> with it. This is the only time
        it is shown: if you lose it, delete the endpoint and add it again.
      </p>
      <div className="mt-3 flex gap-2">
        <label htmlFor={inputId} className="sr-only">
          Signing secret
        </label>
        <Input
          ref={inputRef}
          id={inputId}
          readOnly
          value={secret}
          onFocus={(e) => e.currentTarget.select()}
          className="font-mono"
          spellCheck={false}
        />
        <Button variant="secondary" onClick={copy}>
          {copied ? "Copied" : "Copy"}
        </Button>
      </div>
      <Button variant="ghost" size="sm" className="mt-3" onClick={onDone}>
        I&apos;ve stored it
      </Button>
    </section>
  );
}
