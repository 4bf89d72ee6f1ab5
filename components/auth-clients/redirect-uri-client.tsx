"use client";

import { useId, useRef } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { useToast } from "@/components/ui/toast";

/**
 * The redirect URI exactly as flows send it, in a read-only input (so it can be selected
 * whole) with a copy button. Providers compare it character for character.
 */
export function RedirectUri({ value }: { value: string }) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const toast = useToast();

  async function copy() {
    try {
      // navigator.clipboard exists only in secure contexts (https, localhost).
      if (!navigator.clipboard) throw new Error("no clipboard");
      await navigator.clipboard.writeText(value);
      toast.success("Copied the redirect URI.");
    } catch {
      input.current?.select();
      toast.error("Could not copy: the URI is selected, copy it with your keyboard.");
    }
  }

  return (
    <div>
      <Label htmlFor={id}>Redirect URI</Label>
      <div className="mt-1 flex gap-2">
        <Input
          ref={input}
          id={id}
          readOnly
          value={value}
          className="font-mono text-xs"
          aria-describedby={`${id}-hint`}
          onFocus={(e) => e.currentTarget.select()}
        />
        <Button variant="secondary" onClick={copy} aria-label="Copy redirect URI">
          Copy
        </Button>
      </div>
      <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
        Register exactly this URL as the redirect (callback) URL of your OAuth app at the provider.
      </p>
    </div>
  );
}
