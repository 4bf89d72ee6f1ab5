"use client";

import { useId, useRef, useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { useToast } from "@/components/ui/toast";

/**
 * The one and only display of a secret the server shows once (a new API key, a webhook
 * signing secret), with a copy button. It lives in the creating form's state only, never in
 * server-rendered HTML: a reload forgets it.
 */
export function ShowOnceBox(props: {
  title: ReactNode;
  description: ReactNode;
  /** The input's accessible name, e.g. "New API key". */
  label: string;
  /** What a successful copy says, e.g. "API key copied to the clipboard." */
  copiedMessage: string;
  /** How the failure toast names it: "key" in "The key is selected". */
  noun: string;
  secret: string;
  onDone: () => void;
}) {
  const toast = useToast();
  const inputRef = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);
  const titleId = useId();
  const inputId = useId();

  async function copy() {
    try {
      await navigator.clipboard.writeText(props.secret);
      setCopied(true);
      toast.success(props.copiedMessage);
    } catch {
      // Clipboard access can be refused (permissions, insecure origin): select it for a manual copy.
      inputRef.current?.select();
      toast.error(`Could not copy automatically. The ${props.noun} is selected: press Ctrl+C or ⌘C.`);
    }
  }

  return (
    <section aria-labelledby={titleId} className="rounded-md bg-amber-50 px-4 py-4 ring-1 ring-amber-300">
      <h3 id={titleId} className="text-sm font-semibold text-amber-900">
        {props.title}
      </h3>
      <p className="mt-1 text-sm break-all text-amber-900">{props.description}</p>
      <div className="mt-3 flex gap-2">
        <label htmlFor={inputId} className="sr-only">
          {props.label}
        </label>
        <Input
          ref={inputRef}
          id={inputId}
          readOnly
          value={props.secret}
          onFocus={(e) => e.currentTarget.select()}
          className="font-mono"
          spellCheck={false}
        />
        <Button variant="secondary" onClick={copy}>
          {copied ? "Copied" : "Copy"}
        </Button>
      </div>
      <Button variant="ghost" size="sm" className="mt-3" onClick={props.onDone}>
        I&apos;ve stored it
      </Button>
    </section>
  );
}
