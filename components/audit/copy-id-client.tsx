"use client";

import { useToast } from "@/components/ui/toast";

/** A small Copy button for a full id shown shortened beside it; its name carries the whole id. */
export function CopyIdButton({ value, what }: { value: string; what: string }) {
  const toast = useToast();
  async function copy() {
    try {
      if (!navigator.clipboard) throw new Error("no clipboard");
      await navigator.clipboard.writeText(value);
      toast.success(`Copied the ${what}.`);
    } catch {
      toast.error(`Could not copy the ${what}: ${value}`);
    }
  }
  return (
    <button
      type="button"
      onClick={copy}
      aria-label={`Copy ${what} ${value}`}
      title={`Copy ${value}`}
      className="rounded px-1 py-0.5 text-xs font-medium text-brand-600 hover:bg-slate-100 hover:text-brand-700 focus-visible:outline-2 focus-visible:outline-brand-600"
    >
      Copy
    </button>
  );
}
