"use client";

import { AlertDialog } from "radix-ui";
import { useState, type ReactNode } from "react";
import { Button } from "./button";
import { useHydrated } from "./use-hydrated";

type Props = {
  /** Visible text of the button that opens the dialog. */
  triggerLabel: string;
  /** Accessible name of that button when the text alone is ambiguous in a table ("Remove ada@example.com"). */
  triggerAriaLabel?: string;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  /** Small in table rows (default); "md" beside full-size page actions. */
  triggerSize?: "sm" | "md";
  /** Runs on confirm; the dialog stays open, with its buttons disabled, until it settles. */
  onConfirm: () => Promise<void>;
};

/**
 * A destructive action behind radix-ui's AlertDialog: centred over a dimmed page, modal
 * (focus stays inside, the page behind is inert), Cancel focused first, Escape and Cancel
 * close it and focus returns to the trigger. It is portalled to <body>, so a trigger inside
 * a table cell no longer decides where the dialog sits.
 */
export function ConfirmDialog({
  triggerLabel,
  triggerAriaLabel,
  triggerSize = "sm",
  title,
  description,
  confirmLabel,
  onConfirm,
}: Props) {
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const hydrated = useHydrated();

  async function confirm() {
    setPending(true);
    try {
      await onConfirm();
    } finally {
      setPending(false);
      setOpen(false);
    }
  }

  return (
    // While the action runs, nothing closes the dialog: its outcome is shown when it settles.
    <AlertDialog.Root open={open} onOpenChange={(next) => (pending ? undefined : setOpen(next))}>
      <AlertDialog.Trigger asChild>
        <Button variant="secondary" size={triggerSize} aria-label={triggerAriaLabel} disabled={!hydrated}>
          {triggerLabel}
        </Button>
      </AlertDialog.Trigger>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="fixed inset-0 z-50 bg-slate-900/40" />
        <AlertDialog.Content className="fixed top-1/2 left-1/2 z-50 max-h-[calc(100dvh-2rem)] w-[calc(100vw-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-lg bg-white shadow-xl focus:outline-none">
          <div className="px-6 py-5">
            <AlertDialog.Title className="text-base font-semibold text-slate-900">{title}</AlertDialog.Title>
            <AlertDialog.Description asChild>
              <div className="mt-2 text-sm break-words text-slate-600">{description}</div>
            </AlertDialog.Description>
          </div>
          <div className="flex flex-wrap justify-end gap-2 rounded-b-lg bg-slate-50 px-6 py-3">
            <AlertDialog.Cancel asChild>
              <Button variant="secondary" disabled={pending}>
                Cancel
              </Button>
            </AlertDialog.Cancel>
            <Button variant="danger" disabled={pending} onClick={confirm}>
              {pending ? "Working…" : confirmLabel}
            </Button>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
