"use client";

import { useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { useToast } from "@/components/ui/toast";

/** The one and only display of a new key's plaintext, with a copy button. */
export function NewKeyBox({ name, secret, onDone }: { name: string; secret: string; onDone: () => void }) {
  const toast = useToast();
  const inputRef = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);
  const titleId = useId();
  const inputId = useId();

  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
      toast.success("API key copied to the clipboard.");
    } catch {
      // Clipboard access can be refused (permissions, insecure origin): select it for a manual copy.
      inputRef.current?.select();
      toast.error("Could not copy automatically. The key is selected: press Ctrl+C or ⌘C.");
    }
  }

  return (
    <section aria-labelledby={titleId} className="rounded-md bg-amber-50 px-4 py-4 ring-1 ring-amber-300">
      <h3 id={titleId} className="text-sm font-semibold text-amber-900">
        Copy your new key &ldquo;{name}&rdquo; now
      </h3>
      <p className="mt-1 text-sm text-amber-900">
        This is the only time it is shown: it won&apos;t be shown again. Store it in your secret manager; if you lose
        it, revoke it and create another.
      </p>
      <div className="mt-3 flex gap-2">
        <label htmlFor={inputId} className="sr-only">
          New API key
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
