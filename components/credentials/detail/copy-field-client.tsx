"use client";

import { useId, useRef } from "react";
import { Button } from "@/components/ui/button";
import { controlClass } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { useToast } from "@/components/ui/toast";

/**
 * A read-only value (a public key, a JWKS URL, a key id) with a copy button. Selecting the
 * text whole is the fallback where the clipboard is not available (plain http, not localhost).
 */
export function CopyField({ label, value, multiline = false }: { label: string; value: string; multiline?: boolean }) {
  const id = useId();
  // "Public key" reads "the public key" in a sentence; an acronym ("JWKS URL") stays as it is.
  const noun = /^[A-Z][a-z]/.test(label) ? label[0].toLowerCase() + label.slice(1) : label;
  const field = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const toast = useToast();

  async function copy() {
    try {
      if (!navigator.clipboard) throw new Error("no clipboard");
      await navigator.clipboard.writeText(value);
      toast.success(`Copied the ${noun}.`);
    } catch {
      field.current?.select();
      toast.error(`Could not copy: the ${noun} is selected, copy it with your keyboard.`);
    }
  }

  const common = {
    ref: field,
    id,
    readOnly: true,
    value,
    spellCheck: false,
    className: `${controlClass} font-mono text-xs`,
    onFocus: (e: { currentTarget: { select: () => void } }) => e.currentTarget.select(),
  };
  return (
    <div>
      <Label htmlFor={id}>{label}</Label>
      <div className="mt-1 flex items-start gap-2">
        {multiline ? <textarea rows={6} {...common} /> : <input {...common} />}
        <Button variant="secondary" onClick={copy} aria-label={`Copy ${noun}`}>
          Copy
        </Button>
      </div>
    </div>
  );
}
