"use client";

import { useId, useRef, useState, type ReactNode } from "react";
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

/** A destructive action behind a modal `<dialog>`: Escape and Cancel close it, focus returns to the trigger. */
export function ConfirmDialog({
  triggerLabel,
  triggerAriaLabel,
  triggerSize = "sm",
  title,
  description,
  confirmLabel,
  onConfirm,
}: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const [pending, setPending] = useState(false);
  const hydrated = useHydrated();
  const titleId = useId();
  const descriptionId = useId();

  async function confirm() {
    setPending(true);
    try {
      await onConfirm();
    } finally {
      setPending(false);
      ref.current?.close();
    }
  }

  return (
    <>
      <Button
        variant="secondary"
        size={triggerSize}
        aria-label={triggerAriaLabel}
        disabled={!hydrated}
        onClick={() => ref.current?.showModal()}
      >
        {triggerLabel}
      </Button>
      <dialog
        ref={ref}
        aria-labelledby={titleId}
        aria-describedby={descriptionId}
        onCancel={(e) => {
          if (pending) e.preventDefault();
        }}
        className="m-auto w-full max-w-md rounded-lg bg-white p-0 shadow-xl backdrop:bg-slate-900/40"
      >
        <div className="px-6 py-5">
          <h2 id={titleId} className="text-base font-semibold text-slate-900">
            {title}
          </h2>
          <div id={descriptionId} className="mt-2 text-sm text-slate-600">
            {description}
          </div>
        </div>
        <div className="flex justify-end gap-2 rounded-b-lg bg-slate-50 px-6 py-3">
          <Button variant="secondary" disabled={pending} onClick={() => ref.current?.close()} autoFocus>
            Cancel
          </Button>
          <Button variant="danger" disabled={pending} onClick={confirm}>
            {pending ? "Working…" : confirmLabel}
          </Button>
        </div>
      </dialog>
    </>
  );
}
